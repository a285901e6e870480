"""Imports go one way: each package of `service/` imports only the layers below its own (read from
the source with `ast`: every `import`, at module level, inside functions, under TYPE_CHECKING).
The order follows the data flow; README.md, "How it is built", draws it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVICE = Path(__file__).resolve().parents[1] / "service"

# Bottom to top.  A package may import the packages of lower layers only: not those of its own
# layer, nor higher ones.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "config"),  # the PlanError tree; settings
    ("memo", "strings"),  # bounded memos; NFC, whitespace, accent folding
    ("units",),  # administrative units and eras
    ("library",),  # clause models, loader, selection, legal registry
    ("spec",),  # the request model
    ("text",),  # Vietnamese text: the composed plan (DocContext), agency names, tone marks
    ("docx",),  # reading any .docx into a model; font metrics
    ("document",),  # rendering the .docx; the review copy
    ("review", "compare", "pdf"),  # findings on any .docx; the differences of two; PDF signatures
    ("deps",),  # the dependencies built once: settings, units, library, templates
    ("pipeline",),  # the one function that runs the stages
    ("store",),  # drafts, reviews, users, jobs in the database
    ("batch", "web"),  # province batches and jobs; the HTML form
    ("api",),  # the FastAPI service
    ("cli",),  # kehoach
)
LEVEL = {package: n for n, layer in enumerate(LAYERS) for package in layer}


def package_of(module: str) -> str:
    """'service.review.rules.body' -> 'review'."""
    return module.split(".")[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(SERVICE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """The modules the source of `module` imports (relative imports resolved)."""
    here = module.split(".")
    package = here if is_package else here[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            yield ".".join([*base, *([node.module] if node.module else [])])


def edges() -> Iterator[tuple[str, str, str]]:
    """(importing package, imported package, 'module -> module') across packages."""
    for path in sorted(SERVICE.rglob("*.py")):
        source = module_name(path)
        if source == "service":
            continue
        text = path.read_text(encoding="utf-8")
        for target in imported(text, source, is_package=path.name == "__init__.py"):
            if target.startswith("service.") and package_of(target) != package_of(source):
                yield package_of(source), package_of(target), f"{source} -> {target}"


def packages() -> set[str]:
    modules = {module_name(p) for p in SERVICE.rglob("*.py")} - {"service"}
    return {package_of(m) for m in modules}


def test_every_package_has_a_layer() -> None:
    assert packages() - set(LEVEL) == set()


def test_imports_go_down_only() -> None:
    against = [why for low, high, why in edges() if LEVEL[low] <= LEVEL[high]]
    assert against == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles of a directed graph, one path each (depth-first search)."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for low, high, _ in edges():
        graph.setdefault(low, set()).add(high)
    assert cycles(graph) == []


@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"c"}}, []),
    ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
    ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, [["b", "c", "b"]]),
], ids=["chain", "two", "three with a tail"])
def test_cycles_are_found(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(graph) == expected


def test_every_kind_of_import_is_read() -> None:
    source = ("from service.pipeline import build_plan\n"
              "from .context import Rule\n"
              "from ..locate import layout\n"
              "def f() -> None:\n    import service.units\n")
    assert sorted(imported(source, "service.review.rules.body")) == [
        "service.pipeline", "service.review.locate", "service.review.rules.context",
        "service.units"]
