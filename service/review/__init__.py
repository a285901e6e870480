"""Review stage: checks a .docx against Nghị định 30/2020/NĐ-CP for a KẾ HOẠCH, and its content.

`check_docx` reads the document into a neutral model (`docx_model`), finds its parts
(`layout`, `locate`) and runs the rules of `nd30` and of `content` (legal citations, offices,
unit names, wording, numbers); findings are data (`findings.Finding`), sorted by paragraph.  A
file that is not a readable .docx raises `RequestError`.
"""

from __future__ import annotations

from pathlib import Path

from service.review.catalogue import Catalogue, default_catalogue
from service.review.content import CONTENT_RULES
from service.review.context import ContentDeps, Context
from service.review.docx_model import read_docx
from service.review.findings import Finding, Where, count, sort_findings, to_json
from service.review.nd30 import RULES, rule_ids, run_rules
from service.review.render_check import render_first_page, render_rule

__all__ = ["Catalogue", "Finding", "Where", "check_docx", "count", "rule_ids", "to_json"]


def check_docx(data: bytes | Path, *, final: bool = False, render_check: bool = False,
               catalogue: Catalogue | None = None, deps: ContentDeps | None = None,
               content: bool = True) -> list[Finding]:
    """Every departure from ND30 and every content problem in a KẾ HOẠCH, sorted by paragraph.

    `final`: the number, the day and month and the signer's name must be filled in (a draft
    only gets an "info" finding for each blank).  `render_check`: also render the document with
    LibreOffice and check that the header lines do not wrap (slow; needs `soffice`).  `deps`:
    the unit directory and the clause library of the content rules (default: the process-wide
    `service.deps.default_deps()`); `content=False` runs the ND30 rules only.
    """
    raw = data.read_bytes() if isinstance(data, Path) else data
    if content and deps is None:
        from service.deps import default_deps  # loaded once per process

        deps = default_deps()
    ctx = Context.build(read_docx(raw), catalogue or default_catalogue(), final=final,
                        deps=deps)
    rules = RULES + (CONTENT_RULES if content else ())
    rules += (render_rule(render_first_page(raw)),) if render_check else ()
    return sort_findings(run_rules(ctx, rules))
