"""Small text helpers for Vietnamese comparisons: NFC, accent folding, tone-mark variants."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


# The helpers below are pure functions of a string, called by many rules on the same paragraph
# texts (and on the same clause texts across the documents of a batch): memoised.
_CACHE = 8192


@lru_cache(maxsize=_CACHE)
def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=_CACHE)
def squash(text: str) -> str:
    """Whitespace runs (tabs, line breaks, non-breaking spaces) to one space, trimmed."""
    return " ".join(text.replace("\u00a0", " ").split())


@lru_cache(maxsize=_CACHE)
def fold(text: str) -> str:
    """Lower-case, no tone marks, đ → d, single spaces: for locating elements."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return squash(bare).lower()


@lru_cache(maxsize=_CACHE)
def old_style(text: str) -> str:
    """Tone marks placed the old way ('hoà' → 'hòa', 'UỶ' → 'ỦY'), for comparisons."""
    return _VARIANT_WORD.sub(_to_old, nfc(text))


def _to_old(m: re.Match[str]) -> str:
    pair = m.group(2)
    low = _NEW_TO_OLD.get(pair.lower())
    if low is None:
        return m.group(0)
    return m.group(1) + (low.upper() if pair.isupper() else low)


@lru_cache(maxsize=_CACHE)
def tone_styles(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words with the variable tone placement, split into (old style, new style)."""
    old: list[str] = []
    new: list[str] = []
    for m in _VARIANT_WORD.finditer(nfc(text)):
        onset, pair = m.group(1).lower(), m.group(2).lower()
        if onset.endswith("q") or onset == "gi":
            continue  # "quý", "quỳ": the mark always sits on the last vowel
        (new if pair in _NEW_TO_OLD else old).append(m.group(0))
    return tuple(old), tuple(new)


def is_upper_text(text: str) -> bool:
    """True when the text has letters and none of them is lower-case."""
    return any(c.isalpha() for c in text) and text == text.upper()


def excerpt(text: str, limit: int = 80) -> str:
    flat = squash(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
