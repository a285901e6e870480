"""Tone-mark placement: one style per document.

Vietnamese has two conventions for where the tone mark sits in the open syllables oa, oe, uy:
'classic' (hòa, khỏe, thúy, Ủy — on the first vowel, as ND30's own "CỘNG HÒA") and 'modern'
(hoà, khoẻ, thuý, Uỷ — on the second vowel).  Syllables
with a final consonant or a following vowel are the same in both (hoàng, tuyết, khuya).  After
"q" the u is part of the consonant ("quý" is the same in both), and so after "gi" for i.

The text stage writes a plan in one style (`apply_style`); the review compares texts in the
classic form (`old_style`) and finds documents that mix both (`tone_styles`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from service.strings import nfc

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_PAIRS = ("oa", "oe", "uy")


def _split(syllable: str) -> tuple[str, str | None]:
    """NFD letters without the tone mark, and the tone mark (or None)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((c for c in decomposed if c in _TONES), None)
    return "".join(c for c in decomposed if c not in _TONES), tone


def _place(base: str, index: int, tone: str) -> str:
    """Put `tone` on the base letter at `index` of a NFD string without tones."""
    letters: list[str] = []
    for ch in base:
        if unicodedata.combining(ch) and letters:
            letters[-1] += ch
        else:
            letters.append(ch)
    letters[index] += tone
    return unicodedata.normalize("NFC", "".join(letters))


@lru_cache(maxsize=65536)
def restyle(syllable: str, style: str) -> str:
    base, tone = _split(syllable)
    if tone is None:
        return syllable
    plain = unicodedata.normalize("NFC", base)
    lower = plain.lower()
    for pair in _PAIRS:
        if not lower.endswith(pair) or lower.endswith("q" + pair) or len(lower) > len(pair) + 2:
            continue
        if pair == "uy" and lower.endswith("quy"):
            return syllable
        position = len(plain) - (1 if style == "modern" else 2)
        return _place(unicodedata.normalize("NFD", plain), position, tone)
    return syllable


def _variants(letters: str) -> str:
    """The letters in both cases, bare and with each tone mark (NFC), for a character class."""
    bare = letters + letters.upper()
    return bare + "".join(unicodedata.normalize("NFC", c + t) for c in bare for t in _TONES)


# The only words `restyle` may change: at most two letters, then o+a/e or u+y (any case, any
# tone); matching them instead of every word keeps `apply_style` cheap on a whole plan.
_CANDIDATE = re.compile(
    rf"\b\w{{0,2}}(?:[{_variants('o')}][{_variants('ae')}]|[{_variants('u')}][{_variants('y')}])\b")


@lru_cache(maxsize=4096)
def apply_style(text: str, style: str) -> str:
    """Rewrite every oa/oe/uy open syllable of `text` into `style` ('classic' or 'modern').

    Memoised: a batch repeats the same texts in every plan."""
    return _CANDIDATE.sub(lambda m: restyle(m.group(0), style), text)


def old_style(text: str) -> str:
    """The text with every oa/oe/uy syllable in the classic style ('hoà' → 'hòa', 'UỶ' → 'ỦY'):
    the form the review compares texts in, whatever style each was written in."""
    return apply_style(nfc(text), "classic")


@lru_cache(maxsize=8192)
def tone_styles(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of `text` written in the classic and in the modern style, in order (a word
    written the same in both, "quý", "hoàng", is in neither): the review wants one style per
    document."""
    classic: list[str] = []
    modern: list[str] = []
    for m in _CANDIDATE.finditer(nfc(text)):
        word = m.group(0)
        if restyle(word, "classic") != word:
            modern.append(word)
        elif restyle(word, "modern") != word:
            classic.append(word)
    return tuple(classic), tuple(modern)
