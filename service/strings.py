"""String helpers every layer may use on Vietnamese text: NFC, whitespace, accent folding.

Pure functions of a string, memoised: the review calls them on the same paragraph texts many
times (and a batch on the same clause texts in every document).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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


def is_upper_text(text: str) -> bool:
    """True when the text has letters and none of them is lower-case."""
    return any(c.isalpha() for c in text) and text == text.upper()
