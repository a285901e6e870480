"""Page set-up and page numbers (Phụ lục I, mục I.1–I.3 and I.7)."""

from __future__ import annotations

from service.docx.model import PageHeader, Para, Section
from service.docx.ooxml import to_mm
from service.review.context import Context, Rule
from service.review.locate.elements import Seg, segments
from service.review.rules.common import Expect, check_format, fmt_ids
from service.text.vietnamese import decimal

A4 = (11906, 16838)  # twips
A4_TOLERANCE = 28  # 0.5 mm
MARGINS = {  # side → (min, max) in mm, with 0.1 mm for twips rounding
    "TOP": ("top", 20.0, 25.0), "BOTTOM": ("bottom", 20.0, 25.0),
    "LEFT": ("left", 30.0, 35.0), "RIGHT": ("right", 15.0, 20.0),
}
WORD_DEFAULT_MARGIN = 1440
PAGENUM = Expect(sizes=(26, 28), bold=False, italic=False, align=("center",))


def _where(section: Section) -> str:
    return f"Section {section.number}"


def check_paper(ctx: Context) -> None:
    for s in ctx.doc.sections:
        short, long = sorted((s.width or 12240, s.height or 15840))  # Word's default: Letter
        if abs(short - A4[0]) > A4_TOLERANCE or abs(long - A4[1]) > A4_TOLERANCE:
            ctx.add("PAGE_A4", text=_where(s), width=decimal(to_mm(short)),
                    height=decimal(to_mm(long)))
    first = ctx.doc.sections[0] if ctx.doc.sections else None
    if first is not None and first.landscape:
        ctx.add("PAGE_PORTRAIT", text=_where(first))


def check_margins(ctx: Context) -> None:
    for s in ctx.doc.sections:
        if s.landscape and s.number > 1:
            continue  # a landscape table or phụ lục section
        for side, (attr_name, low, high) in MARGINS.items():
            twips = getattr(s, attr_name)
            value = to_mm(twips if twips is not None else WORD_DEFAULT_MARGIN)
            if not low - 0.1 <= value <= high + 0.1:
                ctx.add(f"MARGINS_{side}", text=_where(s), value=decimal(value))


def _page_paras(part: PageHeader | None) -> tuple[Para, ...]:
    return part.page_fields if part is not None else ()


def check_page_numbers(ctx: Context) -> None:
    if not ctx.doc.sections:
        return
    s = ctx.doc.sections[0]
    header, footer = s.part("default"), s.part("default", footer=True)
    first_parts = (s.part("first"), s.part("first", footer=True))
    if not s.title_pg and (_page_paras(header) or _page_paras(footer)):
        ctx.add("PAGENUM_FIRST_HIDDEN", text=_where(s), variant="no_title_pg")
    elif s.title_pg and any(_page_paras(p) for p in first_parts):
        ctx.add("PAGENUM_FIRST_HIDDEN", text=_where(s), variant="first_header")
    fields = _page_paras(header)
    if not fields:
        ctx.add("PAGENUM_PLACE" if _page_paras(footer) else "PAGENUM_DEFAULT", text=_where(s))
    else:
        para = fields[0]
        segs = segments(para)
        seg = segs[0] if segs else Seg(para, "PAGE", ())
        check_format(ctx, "PAGENUM_FMT", seg, PAGENUM)
    if s.page_format not in (None, "decimal") or s.page_start not in (None, 1):
        ctx.add("PAGENUM_FORMAT", text=_where(s), fmt=s.page_format or "decimal",
                start=str(s.page_start if s.page_start is not None else 1))


RULES = (
    Rule(check_paper, ("PAGE_A4", "PAGE_PORTRAIT")),
    Rule(check_margins, tuple(f"MARGINS_{side}" for side in MARGINS)),
    Rule(check_page_numbers, ("PAGENUM_FIRST_HIDDEN", "PAGENUM_DEFAULT", "PAGENUM_PLACE",
                              "PAGENUM_FORMAT", *fmt_ids("PAGENUM_FMT", PAGENUM))),
)
