"""String helpers every layer may use on Vietnamese text: NFC, whitespace, accent folding.

Pure functions of a string, memoised: the review calls them on the same paragraph texts many
times (and a batch on the same clause texts in every document).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CACHE = 8192
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
                         "\ufffe\uffff]")
"""What no typed text holds: control characters (but tab and line breaks, which are folded),
the Unicode line separators, lone surrogates, non-characters.  The one rule of every text a
request carries and of every text the database keeps (`service.store.text`)."""
UNPRINTABLE_VI = "có ký tự điều khiển không in được"


def printable(text: str, *, lines: bool = False) -> str:
    """`text` as it is kept: whitespace folded to single spaces (`lines`: line breaks kept, each
    line folded, blank lines at the ends dropped); ValueError (in Vietnamese) when it holds an
    unprintable character."""
    if UNPRINTABLE.search(text):
        raise ValueError(UNPRINTABLE_VI)
    if not lines:
        return " ".join(text.split())
    kept = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(kept).strip("\n")


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
