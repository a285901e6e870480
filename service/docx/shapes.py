"""Horizontal rules drawn as shapes inside a paragraph: DrawingML lines and connectors
(`a:prstGeom prst="line" | "straightConnector1"`) and their VML fallbacks (`v:line`,
`v:shape type="#_x0000_t32"`) — techniques (c) of nd30.md §6.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.docx.ooxml import EMU_PER_MM, El, attr, child, local, number, q, to_mm

_LINE_GEOMS = frozenset({"line", "straightConnector1"})
_VML_POINT = re.compile(r"^\s*(-?[\d.]+)(\w*)\s*,\s*(-?[\d.]+)(\w*)\s*$")
_CENTRE_TOLERANCE_MM = 2.0


@dataclass(frozen=True)
class Shape:
    """A drawn horizontal line; `centred` is None when its position cannot be worked out."""

    kind: str  # drawing | vml
    length_mm: float
    solid: bool
    centred: bool | None


def shapes_in(p: El, width_mm: float) -> tuple[Shape, ...]:
    """Horizontal line shapes anchored in paragraph `p` (DrawingML first, VML if none)."""
    drawn = tuple(s for d in p.iter(q("w:drawing")) if (s := _drawing(d, width_mm)) is not None)
    if drawn:
        return drawn
    vml = [s for el in p.iter(q("v:line"), q("v:shape")) if (s := _vml(el)) is not None]
    return tuple(vml)


def _drawing(drawing: El, width_mm: float) -> Shape | None:
    geoms = [attr(g, "a:prst") or g.get("prst") for g in drawing.iter(q("a:prstGeom"))]
    if not any(g in _LINE_GEOMS for g in geoms):
        return None
    holder = next((c for c in drawing if local(c) in ("anchor", "inline")), None)
    extent = child(holder, "wp:extent")
    cx = number(extent.get("cx")) if extent is not None else None
    cy = number(extent.get("cy")) if extent is not None else None
    if cx is None or (cy or 0) > cx * 0.1:
        return None  # not horizontal
    length = cx / EMU_PER_MM
    return Shape("drawing", length, _solid_drawing(drawing), _centred(holder, length, width_mm))


def _solid_drawing(drawing: El) -> bool:
    for ln in drawing.iter(q("a:ln")):
        dash = child(ln, "a:prstDash")
        if dash is not None and (dash.get("val") or "solid") != "solid":
            return False
        if child(ln, "a:custDash") is not None or (ln.get("cmpd") or "sng") != "sng":
            return False
    return True


def _centred(holder: El | None, length_mm: float, width_mm: float) -> bool | None:
    if holder is None or local(holder) == "inline":
        return None  # follows the paragraph alignment
    pos = child(holder, "wp:positionH")
    if pos is None:
        return None
    align = child(pos, "wp:align")
    if align is not None:
        return (align.text or "").strip() == "center"
    offset = child(pos, "wp:posOffset")
    if offset is None or pos.get("relativeFrom") not in ("column", "margin", "character"):
        return None
    start = (number(offset.text) or 0) / EMU_PER_MM
    return abs(start + length_mm / 2 - width_mm / 2) <= _CENTRE_TOLERANCE_MM


def _vml(el: El) -> Shape | None:
    if local(el) == "line":
        a, b = _vml_point(el.get("from") or "0,0"), _vml_point(el.get("to") or "0,0")
        if a is None or b is None or abs(b[1] - a[1]) > abs(b[0] - a[0]) * 0.1:
            return None
        length = to_mm(abs(b[0] - a[0]))
    elif "_x0000_t32" in (el.get("type") or "") or attr(el, "o:spt") in ("32", "20"):
        style = _style(el.get("style") or "")
        width, height = number(style.get("width")), number(style.get("height"))
        if width is None or (height or 0) > width * 0.1:
            return None
        length = to_mm(width if style.get("width", "").strip()[-2:].isalpha() else width * 20)
    else:
        return None
    stroke = child(el, "v:stroke")
    dash = stroke.get("dashstyle") if stroke is not None else None
    centred = _style(el.get("style") or "").get("mso-position-horizontal") == "center"
    return Shape("vml", length, dash in (None, "solid"), centred or None)


def _vml_point(text: str) -> tuple[float, float] | None:
    """A VML point in twips ('10pt,5pt'; bare numbers are points)."""
    m = _VML_POINT.match(text)
    if not m:
        return None
    x = number(m.group(1) + (m.group(2) or "pt"))
    y = number(m.group(3) + (m.group(4) or "pt"))
    return None if x is None or y is None else (x, y)


def _style(style: str) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in style.split(";") if ":" in item)
    return {k.strip(): v.strip() for k, v in pairs}
