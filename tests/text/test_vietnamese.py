"""Vietnamese dates, numbers, lists, numbering labels and tone-mark styles."""

from __future__ import annotations

import datetime as dt

import pytest

from service.text import vietnamese as vi
from service.text.numbering import label
from service.text.tone import apply_style, old_style, tone_styles
from service.text.typography import tidy


@pytest.mark.parametrize(("date", "long", "short"), [
    (dt.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026", "05/02/2026"),
    (dt.date(2026, 3, 15), "ngày 15 tháng 3 năm 2026", "15/3/2026"),
    (dt.date(2021, 12, 4), "ngày 04 tháng 12 năm 2021", "04/12/2021"),
    (dt.date(2024, 1, 22), "ngày 22 tháng 01 năm 2024", "22/01/2024"),
])
def test_dates(date: dt.date, long: str, short: str) -> None:
    assert vi.date_long(date) == long
    assert vi.date_short(date) == short


@pytest.mark.parametrize(("args", "line"), [
    (("Vị Khê", 2026, 6, None), "Vị Khê, ngày " + "\u00a0" * 6 + " tháng 6 năm 2026"),
    (("Thượng Đức", 2026, 2, 5), "Thượng Đức, ngày 05 tháng 02 năm 2026"),
])
def test_date_line_allows_blanks(args: tuple[str, int, int | None, int | None], line: str) -> None:
    assert vi.date_line(*args) == line


@pytest.mark.parametrize(("part", "whole", "text"), [
    (27, 102, "26,47%"), (11, 102, "10,78%"), (8, 16, "50%"), (1, 3, "33,33%"), (0, 0, "0%"),
])
def test_percent(part: int, whole: int, text: str) -> None:
    assert vi.percent(part, whole) == text


@pytest.mark.parametrize(("value", "digits", "text"), [
    (25.0, 1, "25,0"), (1.2678, 2, "1,27"), (0.0, 1, "0,0"), (1234.5, 1, "1234,5"),
    (6.35, 1, "6,4"),  # as written, not as the float 6.3499… (Babel rounds the decimal)
])
def test_decimals_keep_their_digits(value: float, digits: int, text: str) -> None:
    assert vi.decimal(value, digits) == text


@pytest.mark.parametrize(("n", "text"), [(1, "01"), (2, "02"), (9, "09"), (10, "10"),
                                         (102, "102"), (1500, "1.500"), (0, "00")])
def test_counts_take_a_leading_zero_below_ten(n: int, text: str) -> None:
    assert vi.count(n) == text


@pytest.mark.parametrize(("items", "text"), [
    ([], ""), (["a"], "a"), (["a", "b"], "a và b"), (["a", "b", "c"], "a, b và c"),
])
def test_join(items: list[str], text: str) -> None:
    assert vi.join(items) == text


@pytest.mark.parametrize(("style", "index", "parent", "text"), [
    ("roman", 4, "", "IV."), ("arabic", 3, "", "3."), ("decimal", 10, "2.", "2.10."),
    ("decimal", 1, "2.1.", "2.1.1."), ("letter", 5, "", "đ)"), ("letter", 6, "", "e)"),
    ("bullet", 7, "", "-"), ("plus", 1, "", "+"), ("none", 1, "", ""),
])
def test_labels(style: str, index: int, parent: str, text: str) -> None:
    assert label(style, index, parent) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(("modern", "classic"), [
    ("ma tuý", "ma túy"), ("hoà nhập", "hòa nhập"), ("Uỷ ban", "Ủy ban"), ("khoẻ", "khỏe"),
    ("thuỷ", "thủy"), ("CỘNG HOÀ", "CỘNG HÒA"), ("Thuỵ", "Thụy"),
])
def test_tone_styles_round_trip(modern: str, classic: str) -> None:
    assert apply_style(modern, "classic") == classic
    assert apply_style(classic, "modern") == modern


@pytest.mark.parametrize("word", ["quý", "hoàng", "tuyết", "khuya", "hoạch", "quỳnh", "tòan"])
def test_syllables_with_one_spelling_are_left_alone(word: str) -> None:
    assert apply_style(word, "classic") == apply_style(word, "modern") == word


@pytest.mark.parametrize(("text", "classic", "modern"), [
    ("ma tuý và ma túy", ("túy",), ("tuý",)),
    ("Uỷ ban, hoà nhập, Ủy ban", ("Ủy",), ("Uỷ", "hoà")),
    ("quý, hoàng, khuya", (), ()),
    ("CỘNG HÒA", ("HÒA",), ()),
])
def test_tone_styles_lists_each_styled_word_in_order(text: str, classic: tuple[str, ...],
                                                     modern: tuple[str, ...]) -> None:
    assert tone_styles(text) == (classic, modern)


@pytest.mark.parametrize(("text", "classic"), [
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"), ("CỘNG HOÀ", "CỘNG HÒA"), ("quý", "quý"),
    ("ma tu\u0301y", "ma túy"),  # decomposed input comes out composed
])
def test_old_style_is_the_classic_form(text: str, classic: str) -> None:
    assert old_style(text) == classic


@pytest.mark.parametrize(("raw", "text"), [
    ('xây dựng "xã không ma túy" năm 2026', "xây dựng “xã không ma túy” năm 2026"),
    ("a  ,  b ;c", "a, b;c"),
    ("“ xã không ma tuý”", "“xã không ma tuý”"),
])
def test_tidy(raw: str, text: str) -> None:
    assert tidy(raw) == text
