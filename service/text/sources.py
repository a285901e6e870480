"""Provenance of the text stage: which fields of the request a piece of clause text draws on.

A clause's Jinja source is parsed once; every attribute path under a parameter (`facts.villages`,
`docs.school_plan`, `targets.share`, `ag.police`, `unit.village`) is a candidate, and it counts as
a local addition only when the request itself gave that value (not the kind's defaults).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from service.library.model import Clause, When
from service.spec.request import PlanRequest

_ROOTS = frozenset({"facts", "docs", "targets", "ag", "unit"})
_FACTS = ("neighbours", "village_count", "theme", "campaign_start", "campaign_end", "traits")
_PARSER = SandboxedEnvironment()

Path = tuple[str, ...]


@lru_cache(maxsize=4096)
def references(source: str) -> frozenset[Path]:
    """Parameter paths a Jinja source reads: {('facts', 'villages'), ('ag', 'police'), …}."""
    tree = _PARSER.parse(source)
    found = (_path(n) for n in tree.find_all((nodes.Getattr, nodes.Getitem)))
    return frozenset(p for p in found if len(p) > 1 and p[0] in _ROOTS)


def _path(node: nodes.Node) -> Path:
    parts: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
        else:
            parts.clear()
        node = node.node
    return (node.name, *reversed(parts)) if isinstance(node, nodes.Name) else ()


def request_fields(request: PlanRequest, sources: Iterable[str]) -> tuple[str, ...]:
    """The request fields ('facts.villages', 'offices.police') whose values the sources use."""
    paths = {p for s in sources if s for p in references(s)}
    return tuple(sorted({f for p in paths for f in _field(request, p)}))


def clause_fields(request: PlanRequest, clause: Clause, source: str) -> tuple[str, ...]:
    """Local fields of one clause's paragraphs: what its text reads, and the traits it needs."""
    return tuple(sorted({*request_fields(request, [source]), *trait_fields(request, clause.when)}))


def trait_fields(request: PlanRequest, when: When) -> tuple[str, ...]:
    """'facts.traits' when a trait the request gives is what makes the text apply."""
    return ("facts.traits",) if set(when.traits) & set(request.facts.traits) else ()


def office_fields(request: PlanRequest, roles: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"offices.{r}" for r in roles if r in request.offices)


def _field(request: PlanRequest, path: Path) -> Iterator[str]:
    root, name, rest = path[0], path[1], path[2:]
    facts = request.facts
    if root == "ag":
        yield from office_fields(request, [name])
    elif root == "docs" and name in facts.docs:
        yield f"facts.docs.{name}"
    elif root == "targets" and name in request.targets:
        yield f"targets.{name}"
    elif root == "unit" and name in ("village", "sub") and facts.village_word:
        yield "facts.village_word"
    elif root == "facts":
        yield from _fact(request, name, rest)


def _fact(request: PlanRequest, name: str, rest: Path) -> Iterator[str]:
    facts = request.facts
    if name == "params" and rest and rest[0] in facts.params:
        yield f"facts.params.{rest[0]}"
    elif name in ("villages", "villages_with") and facts.villages:
        yield "facts.villages"
    elif name in _FACTS and getattr(facts, name) not in (None, "", []):
        yield f"facts.{name}"
