"""The horizontal lines under the Tiêu ngữ, the issuing body and the trích yếu, found by any of
the four techniques of nd30.md §6, with their length:

(a) a paragraph of "_" characters (often superscript) → n × width("_") (× 0.58 if superscript);
(b) a paragraph bottom border (or the next paragraph's top border) → usable width − indents;
(c) a DrawingML line/connector or a VML line → its extent;
(d) an underline on the text itself → the width of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.docx.metrics import SUPERSCRIPT_SCALE, UNDERSCORE, UNITS_PER_EM, width_mm
from service.docx.model import Para
from service.docx.ooxml import to_mm

UNDERSCORES = re.compile(r"^\s*_{3,}\s*$")  # a line of "_" characters
_CENTRE_TOLERANCE_TWIPS = 113  # 2 mm
_SOLID_BORDERS = frozenset({"single", "thick"})
_SOLID_UNDERLINES = frozenset({"single", "thick", "words"})


@dataclass(frozen=True)
class Line:
    technique: str  # underscore | border | drawing | vml | underline
    length_mm: float
    solid: bool
    centred: bool | None  # None: the position cannot be worked out
    para: Para


def is_rule_para(p: Para) -> bool:
    """A paragraph that only draws a line (underscores, an empty bordered one, a shape)."""
    if UNDERSCORES.match(p.text):
        return True
    return p.empty and (bool(p.shapes) or _border(p, "bottom") or _border(p, "top"))


def _border(p: Para, side: str) -> bool:
    border = getattr(p.fmt, side)
    return border is not None and border.visible


def line_below(paras: Sequence[Para], i: int) -> Line | None:
    """The line drawn under `paras[i]`: on the paragraph itself, or in the empty or rule
    paragraphs that follow it (up to the next paragraph with text)."""
    own = _own_line(paras[i])
    if own is not None:
        return own
    for p in paras[i + 1:]:
        if UNDERSCORES.match(p.text):
            return _underscores(p)
        if not p.empty:
            break
        found = _bordered(p, "bottom") or _bordered(p, "top") or _shape(p)
        if found is not None:
            return found
    return None


def shape_line(p: Para) -> Line | None:
    """A line shape anchored in `p` (floating shapes may be anchored a paragraph or two above
    where they are drawn)."""
    return _shape(p)


def _own_line(p: Para) -> Line | None:
    lines = p.text.split("\n")
    if len(lines) > 1 and UNDERSCORES.match(lines[-1]):
        return _underscores(p, lines[-1].count("_"))
    return _bordered(p, "bottom") or _shape(p) or _underline(p)


def _underscores(p: Para, count: int | None = None) -> Line:
    runs = [r for r in p.runs if "_" in r.text]
    n = count if count is not None else p.text.count("_")
    size = runs[0].fmt.size_half / 2 if runs else p.mark.size_half / 2
    scale = SUPERSCRIPT_SCALE if runs and runs[0].fmt.vert_align in (
        "superscript", "subscript") else 1.0
    length = to_mm(n * UNDERSCORE / UNITS_PER_EM * size * 20 * scale)
    return Line("underscore", length, True, p.fmt.align == "center", p)


def _bordered(p: Para, side: str) -> Line | None:
    border = getattr(p.fmt, side)
    if border is None or not border.visible:
        return None
    left, right = p.fmt.indent_left, p.fmt.indent_right
    length = to_mm(max(p.width - left - right, 0))
    centred = abs(left - right) <= _CENTRE_TOLERANCE_TWIPS
    return Line("border", length, border.val in _SOLID_BORDERS, centred, p)


def _shape(p: Para) -> Line | None:
    if not p.shapes:
        return None
    shape = p.shapes[0]
    centred = shape.centred if shape.centred is not None else (
        p.fmt.align == "center" if shape.kind == "drawing" else None)
    return Line(shape.kind, shape.length_mm, shape.solid, centred, p)


def _underline(p: Para) -> Line | None:
    runs = p.text_runs
    if not runs or not all((r.fmt.underline or "none") != "none" for r in runs):
        return None
    text = p.text.split("\n")[0].strip()
    first = runs[0].fmt
    length = width_mm(text, first.size_half / 2, bold=bool(first.bold),
                              italic=bool(first.italic))
    solid = all(r.fmt.underline in _SOLID_UNDERLINES for r in runs)
    return Line("underline", length, solid, True, p)
