"""Typographic clean-up applied to every string of a plan: quotes, spaces, dashes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_OPEN = re.compile(r'(^|[\s(\[{“‘—–-])"')
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_SPACE_BEFORE = re.compile(r"\s+([,;:.!?)\]”])")


def smart_quotes(text: str) -> str:
    """Straight double quotes to “…” (opening after a space or bracket, closing elsewhere)."""
    text = _OPEN.sub(lambda m: m.group(1) + "“", text)
    return text.replace('"', "”")


@lru_cache(maxsize=4096)
def tidy(text: str) -> str:
    """NFC, one space between words, no space before punctuation, typographic quotes.

    Memoised: a batch repeats the same clause texts in every plan."""
    text = unicodedata.normalize("NFC", text)
    text = " ".join(text.split())
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = text.replace("“ ", "“").replace("( ", "(")
    return smart_quotes(text)
