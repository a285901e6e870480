"""Số, ký hiệu and địa danh, thời gian (Phụ lục I, mục II.3 and II.4)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from service.docx.metrics import width_mm
from service.docx.model import Para
from service.docx.ooxml import to_mm
from service.review.context import Context, Rule
from service.review.locate.elements import Seg
from service.review.rules.common import Expect, check_format, fmt_ids
from service.strings import nfc, squash
from service.text.vietnamese import decimal

SO_FMT = Expect(sizes=(26,), bold=False, italic=False, align=("center",))
DATE_FMT = Expect(sizes=(26, 28), bold=False, italic=True, align=("center",))
_SO = re.compile(r"^Số\s*(?P<colon>:?)\s*(?P<num>[^/]*?)\s*/(?P<space>\s*)(?P<sym>.*)$")
_SYMBOL = re.compile(r"^KH-[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$")
_DATE = re.compile(r"^(?P<place>.*?)(?P<space>\s*)(?P<comma>,?)\s*ngày\s*(?P<d>\d*)\s*"
                   r"tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d{4})\s*$")
_LEVELS = ("Xã", "Phường", "Thị trấn", "Huyện", "Quận", "Thị xã", "Tỉnh", "Thành phố",
           "Đặc khu")
_SPECIAL_PLACES = ("Thành phố Hồ Chí Minh", "Thủ đô Hà Nội")
LINE_HEIGHT = 1.15  # Times New Roman single line, × font size [U: Word's ascent+descent+gap]


def check_number(ctx: Context) -> None:
    so = ctx.head.so
    if so is None:
        if ctx.head.in_textbox:
            return  # HDR_TEXTBOX says where it is
        anchor = ctx.head.agency[-1].para if ctx.head.agency else ctx.header_anchor()
        ctx.add("SO_KH", anchor, variant="missing")
        return
    check_format(ctx, "SO_KH_FMT", so, SO_FMT)
    m = _SO.match(squash(nfc(so.text)))
    if m is None or not m["colon"]:
        ctx.add("SO_KH", so.para, text=so.text, value=squash(so.text))
        return
    _check_number_value(ctx, so, m["num"])
    if m["space"] or not _SYMBOL.match(m["sym"]):
        variant = "kind" if not m["sym"].strip().startswith("KH") else "form"
        ctx.add("SO_KH_SYMBOL", so.para, text=so.text, variant=variant, value=m["sym"])


def _check_number_value(ctx: Context, so: Seg, num: str) -> None:
    if not num:
        if ctx.final:
            ctx.add("SO_KH_NUMBER", so.para, text=so.text, variant="blank")
        else:
            ctx.add("SO_KH_BLANK", so.para, text=so.text)
    elif not num.isdigit() or int(num) == 0:
        ctx.add("SO_KH_NUMBER", so.para, text=so.text, variant="not_number", value=num)
    elif (int(num) < 10) != (len(num) == 2 and num.startswith("0")):
        ctx.add("SO_KH_NUMBER", so.para, text=so.text, value=num, fixed=f"{int(num):02d}"
                if int(num) < 10 else str(int(num)))


def check_date(ctx: Context) -> None:
    date = ctx.head.date
    if date is None:
        if ctx.head.in_textbox:
            return  # HDR_TEXTBOX says where it is
        anchor = ctx.head.tn.para if ctx.head.tn else ctx.header_anchor()
        ctx.add("DATE_TEXT", anchor, variant="missing")
        return
    check_format(ctx, "DATE_FMT", date, DATE_FMT)
    text = squash(nfc(date.text))
    m = _DATE.match(text)
    if m is None:
        ctx.add("DATE_TEXT", date.para, text=date.text, value=text)
        return

    def add(rule: str, **params: Any) -> None:
        ctx.add(rule, date.para, text=date.text, **params)

    if not m["comma"] or m["space"]:
        add("DATE_TEXT_COMMA", variant=None if not m["comma"] else "space", place=m["place"])
    _check_place(ctx, date, m["place"])
    day, month = m["d"], m["m"]
    if not day or not month:
        if ctx.final:
            for rule, value in (("DATE_TEXT_DAY", day), ("DATE_TEXT_MONTH", month)):
                if not value:
                    add(rule, variant="blank")
        else:
            add("DATE_TEXT_BLANK")
    if day and (int(day) < 10) != (len(day) == 2 and day.startswith("0")):
        add("DATE_TEXT_DAY", value=day, fixed=f"{int(day):02d}" if int(day) < 10 else
            str(int(day)))
    if month and (int(month) <= 2) != (len(month) == 2 and month.startswith("0")):
        add("DATE_TEXT_MONTH", value=month, fixed=f"{int(month):02d}" if int(month) <= 2
            else str(int(month)))
    if day and month and not _valid(int(m["y"]), int(month), int(day)):
        add("DATE_TEXT_INVALID", value=f"{day}/{month}/{m['y']}")


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _check_place(ctx: Context, date: Seg, place: str) -> None:
    words = place.split()
    if not words or any(not (w[0].isupper() or w[0].isdigit()) for w in words):
        ctx.add("DATE_TEXT_PLACE", date.para, text=date.text, value=place)
        return
    if place in _SPECIAL_PLACES:
        return
    for level in _LEVELS:
        rest = place[len(level):].split()
        if place.startswith(level + " ") and rest and not rest[0][0].isdigit():
            ctx.add("DATE_TEXT_PLACE_LEVEL", date.para, text=date.text, level=level,
                    name=" ".join(rest))
            return


def check_same_line(ctx: Context) -> None:
    """Số and the date on one line: same row, and the same height above them in their cells."""
    table, so, date = ctx.layout.header_table, ctx.head.so, ctx.head.date
    if table is None or so is None or date is None:
        return
    so_cell, date_cell = table.cell_of(so.para), table.cell_of(date.para)
    if so_cell is None or date_cell is None or so_cell[1] is date_cell[1]:
        return
    if so_cell[0] != date_cell[0]:
        ctx.add("SO_DATE_SAME_LINE", date.para, text=date.text, variant="rows")
        return
    above_so = _height_above(ctx, so_cell[1].paras, so.para)
    above_date = _height_above(ctx, date_cell[1].paras, date.para)
    tolerance = date.para.main_size * 10 * LINE_HEIGHT / 2  # half a line, twips
    if abs(above_so - above_date) > tolerance:
        ctx.add("SO_DATE_SAME_LINE", date.para, text=date.text,
                value=decimal(abs(above_so - above_date) / 20))


def _height_above(ctx: Context, paras: tuple[Para, ...], target: Para) -> float:
    """Estimated height (twips) from the top of the cell to the first line of `target`."""
    total = 0.0
    for p in paras:
        if p is target:
            return total + (p.fmt.before or 0)
        total += (p.fmt.before or 0) + (p.fmt.after or 0) + _lines(ctx, p) * _line_height(p)
    return total


def _line_height(p: Para) -> float:
    natural = p.main_size * 10 * LINE_HEIGHT
    if p.fmt.line_rule_eff == "exact":
        return float(p.fmt.line_eff)
    if p.fmt.line_rule_eff == "atLeast":
        return max(float(p.fmt.line_eff), natural)
    return natural * p.fmt.line_eff / 240


def _lines(ctx: Context, p: Para) -> int:
    usable = p.width_mm - to_mm(p.fmt.indent_left + p.fmt.indent_right)
    count = 0
    for line in p.text.split("\n") or [""]:
        first = p.text_runs[0].fmt if p.text_runs else p.mark
        width = width_mm(line, first.size_half / 2, bold=bool(first.bold),
                                     italic=bool(first.italic))
        count += max(1, math.ceil(width / usable)) if usable > 0 else 1
    return count


RULES = (
    Rule(check_number, ("SO_KH", "SO_KH_NUMBER", "SO_KH_SYMBOL", "SO_KH_BLANK",
                        *fmt_ids("SO_KH_FMT", SO_FMT))),
    Rule(check_date, ("DATE_TEXT", "DATE_TEXT_COMMA", "DATE_TEXT_PLACE", "DATE_TEXT_PLACE_LEVEL",
                      "DATE_TEXT_DAY", "DATE_TEXT_MONTH", "DATE_TEXT_BLANK", "DATE_TEXT_INVALID",
                      *fmt_ids("DATE_FMT", DATE_FMT))),
    Rule(check_same_line, ("SO_DATE_SAME_LINE",)),
)
