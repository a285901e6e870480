"""The closing: signature table, quyền hạn and chức vụ, họ tên người ký, Nơi nhận
(Phụ lục I, mục II.7 and II.9.d; layout mục IV)."""

from __future__ import annotations

import re

from service.review.context import Context, Rule
from service.review.locate.elements import Seg
from service.review.rules.common import Expect, check_format, fmt_ids
from service.strings import fold, nfc, squash

AUTH_FMT = Expect(sizes=(26, 28), bold=True, italic=False, align=("center",), caps=True)
NAME_FMT = Expect(sizes=(26, 28), bold=True, italic=False, align=("center",), caps=False)
LABEL_FMT = Expect(sizes=(24,), bold=True, italic=True, align=("left", "both"))
ITEM_FMT = Expect(sizes=(22,), bold=False, italic=False)
_PREFIX = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
_PREFIX_NO_DOT = re.compile(r"^(tm|kt|tl|tuq)\s")
_DEGREE = re.compile(r"^(GS|PGS|TS|ThS|KS|CN|BS|Ts|Ths)\.?\s", re.IGNORECASE)
_LUU = re.compile(r"^- Lưu: VT(, .+)?\.$")
_DASHES = ("–", "—", "•", "·")


def check_table(ctx: Context) -> None:
    table, close = ctx.layout.signature_table, ctx.close
    if table is None:
        anchor = close.label.para if close.label else ctx.closing_anchor()
        ctx.add("SIG_TABLE", anchor, variant="missing")
        return
    anchor = table.paras[0] if table.paras else None
    if table.columns != 2:
        ctx.add("SIG_TABLE", anchor, value=str(table.columns))
    if table.visible_borders:
        ctx.add("SIG_TABLE_BORDERS", anchor)
    if close.label and close.authority:
        label_cell = table.cell_of(close.label.para)
        auth_cell = table.cell_of(close.authority[0].para)
        if label_cell and auth_cell and label_cell[0] != auth_cell[0]:
            ctx.add("SIG_TABLE_ROW", close.authority[0].para, text=close.authority[0].text)


def check_authority(ctx: Context) -> None:
    lines = ctx.close.authority
    if not lines:
        if ctx.layout.closing:
            ctx.add("SIG_AUTH", ctx.layout.closing[0], variant="missing")
        return
    for seg in lines:
        check_format(ctx, "SIG_AUTH_FMT", seg, AUTH_FMT)
    texts = [squash(nfc(s.text)) for s in lines]
    first = lines[0]
    if _PREFIX_NO_DOT.match(fold(texts[0])):
        ctx.add("SIG_AUTH", first.para, text=first.text, variant="dot", value=texts[0])
    elif (m := _PREFIX.match(texts[0])) and len(texts) == 1:
        ctx.add("SIG_AUTH", first.para, text=first.text, variant="alone", value=m[1])
    for k, text in enumerate(texts):
        if text.startswith("KT. "):
            head = text[4:].strip()
            deputy = texts[k + 1] if k + 1 < len(texts) else ""
            if not deputy or deputy == head or head == "CHỦ TỊCH" and not deputy.startswith(
                    "PHÓ "):
                ctx.add("SIG_AUTH", lines[k].para, text=lines[k].text, variant="deputy",
                        value=head)


def check_name(ctx: Context) -> None:
    name = ctx.close.name
    if name is None:
        if not ctx.close.authority:
            return
        anchor = ctx.close.authority[-1]
        if ctx.final:
            ctx.add("SIG_NAME", anchor.para, text=anchor.text)
        else:
            ctx.add("SIG_NAME_BLANK", anchor.para, text=anchor.text)
        return
    check_format(ctx, "SIG_NAME_FMT", name, NAME_FMT)
    if m := _DEGREE.match(name.text):
        ctx.add("SIG_NAME_PREFIX", name.para, text=name.text, value=m[0].strip())


def check_label(ctx: Context) -> None:
    label = ctx.close.label
    if label is None:
        if ctx.layout.closing or ctx.layout.signature_table is not None:
            ctx.add("NOI_NHAN_LABEL", ctx.closing_anchor(), variant="missing")
        return
    if squash(nfc(label.text)) != "Nơi nhận:":
        ctx.add("NOI_NHAN_LABEL", label.para, text=label.text, value=squash(label.text))
    check_format(ctx, "NOI_NHAN_LABEL_FMT", label, LABEL_FMT)
    if label.para.fmt.indent_first > 0 or label.para.fmt.indent_left > 0:
        ctx.add("NOI_NHAN_LABEL_INDENT", label.para, text=label.text)


def check_items(ctx: Context) -> None:
    label, items = ctx.close.label, ctx.close.items
    if label is None:
        return
    if not items:
        ctx.add("NOI_NHAN_ITEMS", label.para, text=label.text)
        return
    for k, seg in enumerate(items):
        check_format(ctx, "NOI_NHAN_ITEMS_FMT", seg, ITEM_FMT)
        _check_item_text(ctx, seg, last=k == len(items) - 1)


def _check_item_text(ctx: Context, seg: Seg, *, last: bool) -> None:
    text = squash(nfc(seg.text))
    if not text.startswith(("- ", "+ ")):
        variant = "dash" if text.startswith(_DASHES) else None
        ctx.add("NOI_NHAN_ITEMS_DASH", seg.para, text=seg.text, variant=variant)
    if last:
        if not _LUU.match(text):
            ctx.add("NOI_NHAN_ITEMS_LUU", seg.para, text=seg.text, value=text)
    elif not text.endswith(";") and not text.endswith(":"):
        ctx.add("NOI_NHAN_ITEMS_SEMI", seg.para, text=seg.text)


RULES = (
    Rule(check_table, ("SIG_TABLE", "SIG_TABLE_BORDERS", "SIG_TABLE_ROW")),
    Rule(check_authority, ("SIG_AUTH", *fmt_ids("SIG_AUTH_FMT", AUTH_FMT))),
    Rule(check_name, ("SIG_NAME", "SIG_NAME_BLANK", "SIG_NAME_PREFIX",
                      *fmt_ids("SIG_NAME_FMT", NAME_FMT))),
    Rule(check_label, ("NOI_NHAN_LABEL", "NOI_NHAN_LABEL_INDENT",
                       *fmt_ids("NOI_NHAN_LABEL_FMT", LABEL_FMT))),
    Rule(check_items, ("NOI_NHAN_ITEMS", "NOI_NHAN_ITEMS_DASH", "NOI_NHAN_ITEMS_SEMI",
                       "NOI_NHAN_ITEMS_LUU", *fmt_ids("NOI_NHAN_ITEMS_FMT", ITEM_FMT))),
)
