"""Word automatic numbering (`w:numPr`): the label Word shows ("I.", "1.", "a)") is not in the
paragraph's text, so the reader computes it from numbering.xml to let the heading rules see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.docx.ooxml import El, attr, child, children, int_attr, parse
from service.docx.styles import ParaFmt, read_ppr
from service.memo import remember

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str  # decimal, upperRoman, lowerLetter, bullet …
    text: str  # lvlText: "%1." …
    ppr: ParaFmt


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """numbering.xml: num id → its levels (abstract definition with the num's overrides)."""

    def __init__(self, root: El | None) -> None:
        abstract = {attr(a, "w:abstractNumId"): self._levels(a)
                    for a in children(root, "w:abstractNum")}
        self.nums: dict[str, dict[int, Level]] = {}
        for num in children(root, "w:num"):
            num_id = attr(num, "w:numId")
            levels = dict(abstract.get(attr(child(num, "w:abstractNumId"), "w:val"), {}))
            for override in children(num, "w:lvlOverride"):
                ilvl = int_attr(override, "w:ilvl") or 0
                start = int_attr(child(override, "w:startOverride"), "w:val")
                if (lvl := child(override, "w:lvl")) is not None:
                    levels[ilvl] = self._level(lvl)
                elif start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(start, old.fmt, old.text, old.ppr)
            if num_id is not None:
                self.nums[num_id] = levels

    @staticmethod
    def _levels(abstract: El) -> dict[int, Level]:
        return {int_attr(lvl, "w:ilvl") or 0: Numbering._level(lvl)
                for lvl in children(abstract, "w:lvl")}

    @staticmethod
    def _level(lvl: El) -> Level:
        return Level(int_attr(child(lvl, "w:start"), "w:val") or 1,
                     attr(child(lvl, "w:numFmt"), "w:val") or "decimal",
                     attr(child(lvl, "w:lvlText"), "w:val") or "",
                     read_ppr(child(lvl, "w:pPr")))

    def level(self, num_id: str | None, ilvl: int | None) -> Level | None:
        if num_id is None or num_id == "0":
            return None
        return self.nums.get(num_id, {}).get(ilvl or 0)


_numberings: dict[bytes, Numbering] = {}


def numbering_of(part: bytes | None) -> Numbering:
    """The `Numbering` of a numbering part (its bytes), parsed once per distinct part."""
    return remember(_numberings, part or b"",
                    lambda: Numbering(None if part is None else parse(part)), size=8)


@dataclass
class Counter:
    """Counts numbered paragraphs in document order and produces their labels."""

    numbering: Numbering
    counts: dict[str, list[int | None]] = field(default_factory=dict)

    def label(self, num_id: str | None, ilvl: int | None) -> str:
        level = self.numbering.level(num_id, ilvl)
        if level is None or num_id is None:
            return ""
        depth = min(max(ilvl or 0, 0), 8)
        counts = self.counts.setdefault(num_id, [None] * 9)
        current = counts[depth]
        counts[depth] = level.start if current is None else current + 1
        for deeper in range(depth + 1, 9):
            counts[deeper] = None
        if level.fmt == "bullet":
            return level.text
        text = level.text
        for k in range(depth + 1):
            other = self.numbering.level(num_id, k)
            value = counts[k] if counts[k] is not None else (other.start if other else 1)
            shown = format_number(value or 1, other.fmt if other else "decimal")
            text = text.replace(f"%{k + 1}", shown)
        return text
