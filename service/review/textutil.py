"""Small text helpers for Vietnamese comparisons: NFC, accent folding, tone-mark variants."""

from __future__ import annotations

import re
import unicodedata

UNDERSCORES = re.compile(r"^\s*_{3,}\s*$")
# a place-and-date line, on fold()ed text
DATE_LINE = re.compile(r"^[^()]{0,60}?\bngay\b.*\bthang\b.*\bnam\s*\d{4}\s*\.?$")
QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"

# Old-style ("hòa", "thủy") against new-style ("hoà", "thuỷ") tone placement: both accepted.
_NEW_TO_OLD = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_VARIANT_WORD = re.compile(
    r"(?<![\wđ])([bcdđghklmnpqrstvx]{0,3})(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ]|[òóỏõọ][ae]|[ùúủũụ]y)(?![\w])",
    re.IGNORECASE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Whitespace runs (tabs, line breaks, non-breaking spaces) to one space, trimmed."""
    return " ".join(text.replace("\u00a0", " ").split())


def fold(text: str) -> str:
    """Lower-case, no tone marks, đ → d, single spaces: for locating elements."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return squash(bare).lower()


def old_style(text: str) -> str:
    """Tone marks placed the old way ('hoà' → 'hòa', 'UỶ' → 'ỦY'), for comparisons."""
    def swap(m: re.Match[str]) -> str:
        pair = m.group(2)
        low = _NEW_TO_OLD.get(pair.lower())
        if low is None:
            return m.group(0)
        fixed = low.upper() if pair.isupper() else low if pair.islower() else low
        return m.group(1) + fixed
    return _VARIANT_WORD.sub(swap, nfc(text))


def tone_styles(text: str) -> tuple[list[str], list[str]]:
    """Words with the variable tone placement, split into (old style, new style)."""
    old: list[str] = []
    new: list[str] = []
    for m in _VARIANT_WORD.finditer(nfc(text)):
        onset, pair = m.group(1).lower(), m.group(2).lower()
        if onset.endswith("q") or onset == "gi":
            continue  # "quý", "quỳ": the mark always sits on the last vowel
        (new if pair in _NEW_TO_OLD else old).append(m.group(0))
    return old, new


def is_upper_text(text: str) -> bool:
    """True when the text has letters and none of them is lower-case."""
    return any(c.isalpha() for c in text) and text == text.upper()


def excerpt(text: str, limit: int = 80) -> str:
    flat = squash(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
