"""Vietnamese dates, numbers and lists as official documents write them (Babel for locale data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from babel.numbers import format_decimal

LOCALE = "vi_VN"

BLANK = "……"
"""A visible blank for the official to fill in Word (a figure, a date, a list the request does not
give); `kehoach check` reports each one (content rule TEXT_BLANK).  Clause text writes
`{{ blank }}`."""


def two_digit_month(month: int) -> str:
    """ND30 Phụ lục I II.4.b: months 1 and 2 take a leading zero, the others do not."""
    return f"{month:02d}" if month <= 2 else str(month)


def date_long(date: dt.date) -> str:
    """'ngày 05 tháng 02 năm 2026', 'ngày 15 tháng 3 năm 2026'."""
    return f"ngày {date.day:02d} tháng {two_digit_month(date.month)} năm {date.year}"


def date_short(date: dt.date) -> str:
    """'04/12/2021', '02/02/2024', '24/8/2025' — the form used inside citations."""
    return f"{date.day:02d}/{two_digit_month(date.month)}/{date.year}"


def day_month(date: dt.date) -> str:
    """'15/6', '01/6' — deadlines within the plan's year."""
    return f"{date.day:02d}/{date.month}"


def date_line(place: str, year: int, month: int | None = None, day: int | None = None) -> str:
    """The place-and-date line; a blank day or month is left as space for the office to fill."""
    blank = "\u00a0" * 6
    d = f"{day:02d}" if day else blank
    m = two_digit_month(month) if month else blank
    return f"{place}, ngày {d} tháng {m} năm {year}"


def count(n: int | float) -> str:
    """Counts below ten with a leading zero, as the sources write them: 1 -> '01', 12 -> '12'."""
    if isinstance(n, float) and not n.is_integer():
        return number(n)
    value = int(n)
    return f"{value:02d}" if 0 <= value < 10 else number(value)


def number(n: int | float, digits: int = 2) -> str:
    """'1.234', '26,47' (Vietnamese separators, at most `digits` decimals)."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(n, format=pattern, locale=LOCALE)


def decimal(value: float, digits: int = 1) -> str:
    """A measure with a fixed number of decimals: decimal(25.0) -> '25,0', (1.2678, 2) -> '1,27'."""
    return format_decimal(value, format="0." + "0" * digits, locale=LOCALE)


def percent(part: float, whole: float, digits: int = 2) -> str:
    """Share of a whole: percent(27, 102) -> '26,47%'."""
    if whole == 0:
        return "0%"
    return f"{number(round(100 * part / whole, digits), digits)}%"


def join(items: Iterable[str], last: str = " và ") -> str:
    """'a, b và c'."""
    seq = [s for s in items if s]
    if len(seq) <= 1:
        return "".join(seq)
    return ", ".join(seq[:-1]) + last + seq[-1]


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def ordinal_roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, symbol in numerals:
        while n >= value:
            out += symbol
            n -= value
    return out


VI_LETTERS = "abcdđeghiklmnopqrstuvxy"


def ordinal_letter(n: int) -> str:
    """Points are lettered in the Vietnamese alphabet: a, b, c, d, đ, e, g … (ND30 II.6.đ)."""
    return VI_LETTERS[(n - 1) % len(VI_LETTERS)]
