"""The header: the 2-column table, Quốc hiệu and Tiêu ngữ with its line, the issuing body with
its line (Phụ lục I, mục II.1–II.2; layout mục IV; Mẫu 1.4 of Phụ lục III)."""

from __future__ import annotations

import re

from service.docx.metrics import width_mm
from service.docx.model import Para
from service.docx.ooxml import to_mm
from service.review.context import Context, Rule
from service.review.locate.elements import Seg
from service.review.rules.common import (
    PART_LINE_RATIO,
    Expect,
    check_format,
    check_line,
    fmt_ids,
    fmt_pt,
    line_ids,
)
from service.strings import nfc, squash
from service.text.tone import old_style
from service.text.vietnamese import decimal

QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"
QH_FMT = Expect(sizes=(24, 26), bold=True, italic=False, align=("center",))
TN_FMT = Expect(sizes=(26, 28), bold=True, italic=False, align=("center",))
AGENCY_FMT = Expect(sizes=(24, 26), italic=False, align=("center",), caps=True)
QH_TN_PAIRS = ((24, 26), (26, 28))
TN_LINE_RATIO = (0.9, 1.1)  # of the Tiêu ngữ's width (nd30.md §1 row 8)
_DASHES = "–—‐‑−"


def check_table(ctx: Context) -> None:
    table, head = ctx.layout.header_table, ctx.head
    first = ctx.header_anchor()
    if head.in_textbox:
        ctx.add("HDR_TEXTBOX", first)
    if table is None:
        ctx.add("HDR_TABLE", first, variant="missing")
        return
    anchor = table.paras[0] if table.paras else None
    if table.columns != 2:
        ctx.add("HDR_TABLE", anchor, variant="columns", value=str(table.columns))
    if table.visible_borders:
        ctx.add("HDR_TABLE_BORDERS", anchor)
    right, left = table.column(-1), table.column(0)
    misplaced = [(s, "phải") for s in (head.qh, head.tn, head.date)
                 if s is not None and s.para not in right]
    misplaced += [(s, "trái") for s in (*head.agency, head.so) if s is not None and
                  s.para not in left]
    if table.columns == 2:
        for seg, side in misplaced:
            ctx.add("HDR_TABLE_POSITION", seg.para, text=seg.text, side=side)


def check_fit(ctx: Context) -> None:
    """Whether the Quốc hiệu, Tiêu ngữ and place-and-date fit on one line of their cell."""
    table, head = ctx.layout.header_table, ctx.head
    if table is None:
        return
    for seg, name, bold, italic in ((head.qh, "Quốc hiệu", True, False),
                                    (head.tn, "Tiêu ngữ", True, False),
                                    (head.date, "Địa danh và thời gian", False, True)):
        if seg is None:
            continue
        usable = _usable_mm(seg.para)
        need = width_mm(seg.text, max(seg.sizes) / 2, bold=bold, italic=italic)
        if need > usable + 0.5:
            ctx.add("HDR_FIT", seg.para, text=seg.text, element=name, need=decimal(need),
                    have=decimal(usable))


def _usable_mm(p: Para) -> float:
    return to_mm(p.width - p.fmt.indent_left - p.fmt.indent_right)


def check_qh(ctx: Context) -> None:
    qh = ctx.head.qh
    if qh is None:
        if ctx.head.in_textbox:
            return  # HDR_TEXTBOX says where it is
        ctx.add("QH_TEXT", ctx.header_anchor(), variant="missing")
        return
    if old_style(squash(nfc(qh.text))) != old_style(QH):
        ctx.add("QH_TEXT", qh.para, text=qh.text, value=squash(qh.text))
    check_format(ctx, "QH_FMT", qh, QH_FMT)


def check_tn(ctx: Context) -> None:
    tn, qh = ctx.head.tn, ctx.head.qh
    if tn is None:
        if qh is not None:
            ctx.add("TN_TEXT", qh.para, text=qh.text, variant="missing")
        return
    for para in ctx.head.gap:
        ctx.add("TN_TEXT_GAP", para, text=tn.text)
    _check_tn_text(ctx, tn)
    check_format(ctx, "TN_FMT", tn, TN_FMT)
    if qh is not None and (max(qh.sizes), max(tn.sizes)) not in QH_TN_PAIRS:
        ctx.add("QH_TN_PAIR", tn.para, text=tn.text, qh=fmt_pt(max(qh.sizes)),
                tn=fmt_pt(max(tn.sizes)))


def _check_tn_text(ctx: Context, tn: Seg) -> None:
    text = squash(nfc(tn.text))
    if text == TN:
        return
    if dashes := sorted({c for c in text if c in _DASHES}):
        ctx.add("TN_TEXT_DASH", tn.para, text=tn.text, value=" ".join(dashes))
    hyphens = re.sub(f"[{_DASHES}]", "-", text)
    spaced = re.sub(r"\s*-\s*", " - ", hyphens)
    if spaced != hyphens:
        ctx.add("TN_TEXT_SPACE", tn.para, text=tn.text)
    if spaced.lower() != TN.lower():
        ctx.add("TN_TEXT", tn.para, text=tn.text, value=text)
    elif spaced != TN:
        ctx.add("TN_TEXT_CASE", tn.para, text=tn.text)


def check_tn_line(ctx: Context) -> None:
    tn = ctx.head.tn
    if tn is None:
        return
    width = width_mm(tn.text, max(tn.sizes) / 2, bold=True)
    check_line(ctx, "TN_LINE", ctx.head.tn_line, tn, width, TN_LINE_RATIO)


def check_agency(ctx: Context) -> None:
    agency = ctx.head.agency
    if not agency:
        if ctx.head.in_textbox:
            return  # HDR_TEXTBOX says where it is
        ctx.add("AGENCY_TEXT", ctx.head.so.para if ctx.head.so else ctx.header_anchor())
        return
    for seg in agency:
        check_format(ctx, "AGENCY_FMT", seg, AGENCY_FMT)
    bold = [seg.all("bold") for seg in agency]
    if not bold[-1] or any(bold[k] and not bold[k + 1] for k in range(len(bold) - 1)):
        last = agency[-1]
        ctx.add("AGENCY_FMT_BOLD", last.para, text=last.text)
    issuer = [s for s, b in zip(agency, bold, strict=True) if b] or list(agency)
    longest = max(width_mm(s.text, max(s.sizes) / 2, bold=True) for s in issuer)
    check_line(ctx, "AGENCY_LINE", ctx.head.agency_line, agency[-1], longest, PART_LINE_RATIO)


RULES = (
    Rule(check_table, ("HDR_TABLE", "HDR_TABLE_BORDERS", "HDR_TABLE_POSITION", "HDR_TEXTBOX")),
    Rule(check_fit, ("HDR_FIT",)),
    Rule(check_qh, ("QH_TEXT", *fmt_ids("QH_FMT", QH_FMT))),
    Rule(check_tn, ("TN_TEXT", "TN_TEXT_GAP", "TN_TEXT_DASH", "TN_TEXT_SPACE", "TN_TEXT_CASE",
                    "QH_TN_PAIR", *fmt_ids("TN_FMT", TN_FMT))),
    Rule(check_tn_line, line_ids("TN_LINE")),
    Rule(check_agency, ("AGENCY_TEXT", "AGENCY_FMT_BOLD", *fmt_ids("AGENCY_FMT", AGENCY_FMT),
                        *line_ids("AGENCY_LINE"))),
)
