"""Tên loại "KẾ HOẠCH" and the trích yếu with its line (Phụ lục I, mục II.5.b)."""

from __future__ import annotations

from service.docx.metrics import width_mm
from service.review.context import Context, Rule
from service.review.locate.elements import segments
from service.review.locate.lines import line_below
from service.review.rules.common import PART_LINE_RATIO, Expect, check_format, check_line, fmt_ids
from service.strings import fold, is_upper_text, squash

TITLE_FMT = Expect(sizes=(26, 28), bold=True, italic=False, align=("center",), caps=True)
TRICH_YEU_FMT = Expect(sizes=(26, 28), bold=True, italic=False, align=("center",))
INDENT_TOLERANCE = 5  # twips


def check_title(ctx: Context) -> None:
    title = ctx.layout.title
    if title is None:
        first = next((p for p in ctx.layout.body if not p.empty), None)
        if first is not None and is_upper_text(first.text) and first.fmt.align == "center":
            ctx.add("TITLE_KH", first, variant="other", value=squash(first.text))
        else:
            ctx.add("TITLE_KH", first, variant="missing")
        return
    if fold(title.text).replace(" ", "") != "kehoach":
        ctx.add("TITLE_KH", title, variant="other", value=squash(title.text))
    for seg in segments(title):
        check_format(ctx, "TITLE_KH_FMT", seg, TITLE_FMT)
    fmt = title.fmt
    if abs(fmt.indent_first) > INDENT_TOLERANCE or abs(
            fmt.indent_left - fmt.indent_right) > INDENT_TOLERANCE:
        ctx.add("TITLE_KH_INDENT", title)


def check_trich_yeu(ctx: Context) -> None:
    layout = ctx.layout
    if layout.title is None:
        return
    if not layout.trich_yeu:
        ctx.add("TRICH_YEU", layout.title)
        return
    segs = [s for p in layout.trich_yeu for s in segments(p)]
    if not segs:
        return
    for seg in segs:
        check_format(ctx, "TRICH_YEU_FMT", seg, TRICH_YEU_FMT)
    if all(is_upper_text(s.text) for s in segs):
        ctx.add("TRICH_YEU_CASE", segs[0].para, text=segs[0].text)
    paras = [*layout.trich_yeu, *layout.after_trich_yeu, *layout.body[:1]]
    line = line_below(paras, len(layout.trich_yeu) - 1)
    longest = max(min(width_mm(s.text, max(s.sizes) / 2, bold=True),
                      s.para.width_mm) for s in segs)  # a long line wraps at the text width
    check_line(ctx, "TRICH_YEU_LINE", line, segs[-1], longest, PART_LINE_RATIO)


RULES = (
    Rule(check_title, ("TITLE_KH", "TITLE_KH_INDENT", *fmt_ids("TITLE_KH_FMT", TITLE_FMT))),
    Rule(check_trich_yeu, ("TRICH_YEU", "TRICH_YEU_CASE", "TRICH_YEU_LINE",
                           "TRICH_YEU_LINE_LENGTH", "TRICH_YEU_LINE_STYLE",
                           "TRICH_YEU_LINE_CENTER", *fmt_ids("TRICH_YEU_FMT", TRICH_YEU_FMT))),
)
