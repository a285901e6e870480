"""Text widths in Times New Roman (Liberation Serif's advance widths): the one table the review
measures with and the document stage sizes its lines with."""

from __future__ import annotations

import unicodedata

import pytest

from service.docx.metrics import advance, width_mm, width_pt


@pytest.mark.parametrize(
    ("text", "pt", "mm"),
    [  # measured values of nd30.md §1 and §2 (Liberation Serif = TNR metrics)
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, 95.7),
        ("Độc lập - Tự do - Hạnh phúc", 14, 60.5),
        ("Độc lập - Tự do - Hạnh phúc", 13, 56.1),
        ("ỦY BAN NHÂN DÂN", 13, 43.2),
        ("TM. ỦY BAN NHÂN DÂN", 14, 56.9),
    ],
)
def test_bold_widths_match_the_measured_ones(text: str, pt: int, mm: float) -> None:
    assert width_mm(text, pt, bold=True) == pytest.approx(mm, abs=0.1)


@pytest.mark.parametrize(("char", "style", "units"), [
    ("a", "regular", 909),
    ("ặ", "regular", 909),  # a tone-marked letter: its base letter's width
    ("ơ", "bold", 1134),  # the horn letters have their own
    ("Ử", "bold", 1630),
    ("\u00a0", "italic", 512),  # a no-break space is a space
    ("\u0301", "regular", 0),  # a lone combining mark adds nothing
    ("中", "regular", 1024),  # unknown: half an em
])
def test_advance(char: str, style: str, units: int) -> None:
    assert advance(char, style) == units


def test_decomposed_text_is_as_wide_as_composed_text() -> None:
    text = "Ủy ban nhân dân phường Trường Thịnh"
    decomposed = unicodedata.normalize("NFD", text)
    assert width_pt(decomposed, 13, italic=True) == width_pt(text, 13, italic=True)
