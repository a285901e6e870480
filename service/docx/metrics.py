"""Text widths in Times New Roman: the review measures header lines against the text they
underline, the document stage sizes the lines it draws (`service.document.rules`).

Advance widths (units per em 2048) of Liberation Serif 2 (`fonts-liberation2`), which is
metric-compatible with Times New Roman, read from its `hmtx` table: printable ASCII (32–126)
then the extra characters of `_EXTRA`.  A Vietnamese letter with tone marks has the advance of
its base letter (checked for U+00C0–U+1EF9 in all four styles), so widths are looked up through
the NFD decomposition; the horn letters Ơ ơ Ư ư have their own widths.
"""

from __future__ import annotations

import unicodedata

from service.docx.ooxml import to_mm
from service.strings import nfc

UNITS_PER_EM = 2048
UNDERSCORE = 1024  # "_" in every style
SUPERSCRIPT_SCALE = 0.58  # LibreOffice's superscript size (nd30.md §6) [M]
_EXTRA = "ĐđƠơƯư“”‘’–—…\u00a0"  # the no-break space is as wide as a space
_HORN = {"O": "Ơ", "o": "ơ", "U": "Ư", "u": "ư"}
_TABLES = {
    "regular": (
        "512 682 836 1024 1024 1706 1593 369 682 682 1024 1155 512 682 512 569 1024 1024 1024 "
        "1024 1024 1024 1024 1024 1024 1024 569 569 1155 1155 1155 909 1886 1479 1366 1366 "
        "1479 1251 1139 1479 1479 682 797 1479 1251 1821 1479 1479 1139 1479 1366 1139 1251 "
        "1479 1479 1933 1479 1479 1251 682 569 682 961 1024 682 909 1024 909 1024 909 682 "
        "1024 1024 569 569 1024 569 1593 1024 1024 1024 1024 682 797 569 1024 1024 1479 1024 "
        "1024 909 983 410 983 1108 1479 1024 1479 1083 1589 1110 909 909 682 682 1024 2048 "
        "2048 512 "
    ),
    "bold": (
        "512 682 1137 1024 1024 2048 1706 569 682 682 1024 1167 512 682 512 569 1024 1024 "
        "1024 1024 1024 1024 1024 1024 1024 1024 682 682 1167 1167 1167 1024 1905 1479 1366 "
        "1479 1479 1366 1251 1593 1593 797 1024 1593 1366 1933 1479 1593 1251 1593 1479 1139 "
        "1366 1479 1479 2048 1479 1479 1366 682 569 682 1190 1024 682 1024 1139 909 1139 909 "
        "682 1024 1139 569 682 1139 569 1706 1139 1024 1139 1139 909 797 682 1139 1024 1479 "
        "1024 1024 909 807 451 807 1065 1479 1139 1593 1134 1630 1229 1024 1024 682 682 1024 "
        "2048 2048 512 "
    ),
    "italic": (
        "512 682 860 1024 1024 1706 1593 438 682 682 1024 1382 512 682 512 569 1024 1024 1024 "
        "1024 1024 1024 1024 1024 1024 1024 682 682 1382 1382 1382 1024 1884 1251 1251 1366 "
        "1479 1251 1251 1479 1479 682 909 1366 1139 1706 1366 1479 1251 1479 1251 1024 1139 "
        "1479 1251 1706 1251 1139 1139 797 569 797 864 1024 682 1024 1024 909 1024 909 569 "
        "1024 1024 569 569 909 569 1479 1024 1024 1024 1024 797 797 569 1024 909 1366 909 909 "
        "797 819 563 819 1108 1479 1024 1479 1093 1544 1117 1139 1139 682 682 1024 1821 1821 512 "
    ),
    "bold_italic": (
        "512 797 1137 1024 1024 1706 1593 569 682 682 1024 1167 512 682 512 569 1024 1024 "
        "1024 1024 1024 1024 1024 1024 1024 1024 682 682 1167 1167 1167 1024 1704 1366 1366 "
        "1366 1479 1366 1366 1479 1593 797 1024 1366 1251 1821 1479 1479 1251 1479 1366 1139 "
        "1251 1479 1366 1821 1366 1251 1251 682 569 682 1167 1024 682 1024 1024 909 1024 909 "
        "682 1024 1139 569 569 1024 569 1593 1139 1024 1024 1024 797 797 569 1139 909 1366 "
        "1024 909 797 713 451 713 1167 1479 1024 1479 1099 1587 1227 1024 1024 682 682 1024 "
        "2048 2048 512 "
    ),
}


def _table(style: str) -> dict[str, int]:
    values = [int(v) for v in _TABLES[style].split()]
    chars = [chr(c) for c in range(32, 127)] + list(_EXTRA)
    return dict(zip(chars, values, strict=True))


_WIDTHS = {style: _table(style) for style in _TABLES}
_STYLES = {(False, False): "regular", (True, False): "bold", (False, True): "italic",
           (True, True): "bold_italic"}


def advance(ch: str, style: str) -> int:
    """The advance of one character in `style` ('regular', 'bold', 'italic', 'bold_italic')."""
    table = _WIDTHS[style]
    if ch in table:
        return table[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    if unicodedata.combining(base):
        return 0
    if "\u031b" in decomposed:
        base = _HORN.get(base, base)
    return table.get(base, UNITS_PER_EM // 2)


def width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of `text` (one line) at `size_pt`, in points."""
    style = _STYLES[(bold, italic)]
    units = sum(advance(ch, style) for ch in nfc(text))
    return units / UNITS_PER_EM * size_pt


def width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of `text` (one line) at `size_pt`, in millimetres."""
    return to_mm(width_pt(text, size_pt, bold=bold, italic=italic) * 20)
