"""Review stage: checks a .docx against Nghị định 30/2020/NĐ-CP for a KẾ HOẠCH, and its content.

`check_docx` reads the document into the neutral model of `service.docx`, finds its parts
(`locate`: the layout, the elements of the header and the closing, the lines, the citations, the
plan's own facts) and runs the rules of `rules` (ND30 layout and content: legal citations,
offices, unit names, wording, numbers); findings are data (`findings.Finding`), sorted by
paragraph.  A file that is not a readable .docx raises `RequestError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from service.docx.reader import read_docx
from service.review.catalogue import Catalogue, default_catalogue
from service.review.context import ContentDeps, Context, Rule
from service.review.findings import Finding, Where, count, sort_findings, to_json
from service.review.rules import CONTENT_RULES, ND30_RULES
from service.review.rules.render import RENDER_IDS, render_first_page, render_rule

__all__ = ["Catalogue", "ContentDeps", "Finding", "Where", "check_docx", "count", "rule_ids",
           "to_json"]


def check_docx(data: bytes | Path, deps: ContentDeps | None, *, final: bool = False,
               render_check: bool = False, catalogue: Catalogue | None = None,
               content: bool = True) -> list[Finding]:
    """Every departure from ND30 and every content problem in a KẾ HOẠCH, sorted by paragraph.

    `deps`: the unit directory and the clause library the content rules check against (the
    caller's `service.deps.Deps`; None skips the content rules that need them).  `final`: the
    number, the day and month and the signer's name must be filled in (a draft only gets an
    "info" finding for each blank).  `render_check`: also render the document with LibreOffice
    and check that the header lines do not wrap (slow; needs `soffice`).  `content=False` runs
    the ND30 rules only.
    """
    raw = data.read_bytes() if isinstance(data, Path) else data
    ctx = Context.build(read_docx(raw), catalogue or default_catalogue(), final=final,
                        deps=deps)
    rules = ND30_RULES + (CONTENT_RULES if content else ())
    rules += (render_rule(render_first_page(raw)),) if render_check else ()
    return sort_findings(run_rules(ctx, rules))


def run_rules(ctx: Context, rules: Sequence[Rule]) -> list[Finding]:
    for rule in rules:
        ctx.allowed = frozenset(rule.ids)
        rule.check(ctx)
    ctx.allowed = frozenset()
    return ctx.findings


def rule_ids() -> tuple[str, ...]:
    """Every id the checker can report (static and content rules, and the rendering check)."""
    ids = (i for rule in (*ND30_RULES, *CONTENT_RULES) for i in rule.ids)
    return tuple(dict.fromkeys(ids)) + RENDER_IDS
