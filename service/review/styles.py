"""Effective formatting: run → character style → paragraph style (basedOn chain) → table style
→ docDefaults, the way Word resolves it (ECMA-376 §17.7.2).

`RunFmt` and `ParaFmt` hold what one level says (None = not said there); `over` stacks a higher
level on a lower one.  Toggle properties (bold, italic, caps …) coming from a character style
flip the value inherited from the paragraph level instead of setting it (§17.7.3); direct
formatting sets them outright.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from service.review.ooxml import El, attr, child, children, int_attr, on_off, q

TOGGLES = frozenset({"bold", "italic", "caps", "small_caps", "strike", "hidden"})
DEFAULT_SIZE = 20  # half-points, when nothing says otherwise (ECMA-376)


@dataclass(frozen=True)
class Font:
    """A typeface; `theme` is the theme slot ('minorHAnsi' …) when the name came from the theme."""

    name: str | None
    theme: str | None = None


@dataclass(frozen=True)
class RunFmt:
    ascii: Font | None = None
    h_ansi: Font | None = None
    size: int | None = None  # half-points
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    small_caps: bool | None = None
    strike: bool | None = None
    color: str | None = None
    highlight: str | None = None
    shading: str | None = None
    underline: str | None = None
    vert_align: str | None = None
    hidden: bool | None = None  # w:vanish

    def over(self, top: RunFmt, *, toggle: bool = False) -> RunFmt:
        """`top` stacked on `self`; with `toggle`, true toggles flip instead of set."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(top, f.name)
            if value is None:
                continue
            if toggle and f.name in TOGGLES:
                if value:
                    changes[f.name] = not bool(getattr(self, f.name))
            else:
                changes[f.name] = value
        return replace(self, **changes) if changes else self

    @property
    def size_half(self) -> int:
        return self.size if self.size is not None else DEFAULT_SIZE

    @property
    def is_bold(self) -> bool:
        return bool(self.bold)

    @property
    def is_italic(self) -> bool:
        return bool(self.italic)

    @property
    def is_caps(self) -> bool:
        return bool(self.caps)


@dataclass(frozen=True)
class Border:
    val: str
    size: int = 0  # eighths of a point

    @property
    def visible(self) -> bool:
        return self.val not in ("nil", "none")


@dataclass(frozen=True)
class ParaFmt:
    jc: str | None = None
    left: int | None = None
    right: int | None = None
    first_line: int | None = None  # twips; a hanging indent is negative
    before: int | None = None
    after: int | None = None
    line: int | None = None
    line_rule: str | None = None
    contextual: bool | None = None
    num_id: str | None = None
    ilvl: int | None = None
    top: Border | None = None
    bottom: Border | None = None

    def over(self, top: ParaFmt) -> ParaFmt:
        changes = {f.name: v for f in fields(top) if (v := getattr(top, f.name)) is not None}
        return replace(self, **changes) if changes else self

    @property
    def align(self) -> str:
        """'left', 'center', 'right' or 'both' (justified)."""
        jc = self.jc or "left"
        return {"start": "left", "end": "right", "distribute": "both", "justify": "both"}.get(
            jc, jc)

    @property
    def indent_first(self) -> int:
        return self.first_line or 0

    @property
    def indent_left(self) -> int:
        return self.left or 0

    @property
    def indent_right(self) -> int:
        return self.right or 0

    @property
    def line_rule_eff(self) -> str:
        return self.line_rule or "auto"

    @property
    def line_eff(self) -> int:
        return self.line if self.line is not None else 240


def read_rpr(rpr: El | None, theme: dict[str, str]) -> RunFmt:
    """What one `w:rPr` says."""
    if rpr is None:
        return RunFmt()
    fonts = child(rpr, "w:rFonts")
    return RunFmt(
        ascii=_font(fonts, "ascii", theme),
        h_ansi=_font(fonts, "hAnsi", theme),
        size=int_attr(child(rpr, "w:sz"), "w:val"),
        bold=on_off(child(rpr, "w:b")),
        italic=on_off(child(rpr, "w:i")),
        caps=on_off(child(rpr, "w:caps")),
        small_caps=on_off(child(rpr, "w:smallCaps")),
        strike=on_off(child(rpr, "w:strike")),
        color=attr(child(rpr, "w:color"), "w:val"),
        highlight=attr(child(rpr, "w:highlight"), "w:val"),
        shading=attr(child(rpr, "w:shd"), "w:fill"),
        underline=attr(child(rpr, "w:u"), "w:val"),
        vert_align=attr(child(rpr, "w:vertAlign"), "w:val"),
        hidden=on_off(child(rpr, "w:vanish")),
    )


def _font(fonts: El | None, slot: str, theme: dict[str, str]) -> Font | None:
    slot_theme = attr(fonts, f"w:{slot}Theme")
    if slot_theme is not None:
        return Font(theme.get(slot_theme), slot_theme)
    name = attr(fonts, f"w:{slot}")
    return None if name is None else Font(name)


def read_ppr(ppr: El | None) -> ParaFmt:
    """What one `w:pPr` says."""
    if ppr is None:
        return ParaFmt()
    ind, spacing, num = child(ppr, "w:ind"), child(ppr, "w:spacing"), child(ppr, "w:numPr")
    borders = child(ppr, "w:pBdr")
    return ParaFmt(
        jc=attr(child(ppr, "w:jc"), "w:val"),
        left=_first_int(ind, "w:left", "w:start"),
        right=_first_int(ind, "w:right", "w:end"),
        first_line=_first_line(ind),
        before=_spacing(spacing, "before"),
        after=_spacing(spacing, "after"),
        line=int_attr(spacing, "w:line"),
        line_rule=attr(spacing, "w:lineRule") if attr(spacing, "w:line") is not None else None,
        contextual=on_off(child(ppr, "w:contextualSpacing")),
        num_id=attr(child(num, "w:numId"), "w:val"),
        ilvl=int_attr(child(num, "w:ilvl"), "w:val"),
        top=_border(child(borders, "w:top")),
        bottom=_border(child(borders, "w:bottom")),
    )


def _first_int(el: El | None, *names: str) -> int | None:
    for name in names:
        if (value := int_attr(el, name)) is not None:
            return value
    return None


def _first_line(ind: El | None) -> int | None:
    hanging = int_attr(ind, "w:hanging")
    if hanging is not None:
        return -hanging
    return int_attr(ind, "w:firstLine")


def _spacing(spacing: El | None, side: str) -> int | None:
    if attr(spacing, f"w:{side}Autospacing") in ("1", "true", "on"):
        return 280  # Word's "auto" spacing (14 pt) [U]
    lines = int_attr(spacing, f"w:{side}Lines")
    if lines is not None:
        return round(lines * 2.4)  # hundredths of a 12 pt line [U approximation]
    return int_attr(spacing, f"w:{side}")


def _border(el: El | None) -> Border | None:
    if el is None:
        return None
    return Border(attr(el, "w:val") or "nil", int_attr(el, "w:sz") or 0)


@dataclass(frozen=True)
class StyleDef:
    kind: str  # paragraph | character | table | numbering
    based_on: str | None
    ppr: ParaFmt
    rpr: RunFmt
    borders: tuple[Border, ...]  # table styles: the visible table borders


class StyleSheet:
    """The styles part and the theme fonts of one document, with resolved style chains."""

    def __init__(self, styles: El | None, theme: dict[str, str]) -> None:
        self.theme = theme
        defaults = child(styles, "w:docDefaults")
        self.default_rpr = read_rpr(child(child(defaults, "w:rPrDefault"), "w:rPr"), theme)
        self.default_ppr = read_ppr(child(child(defaults, "w:pPrDefault"), "w:pPr"))
        self.defs: dict[str, StyleDef] = {}
        self.default_ids: dict[str, str] = {}
        for style in children(styles, "w:style"):
            self._add(style)
        self._chains: dict[str, tuple[ParaFmt, RunFmt]] = {}

    def _add(self, style: El) -> None:
        sid, kind = attr(style, "w:styleId"), attr(style, "w:type") or "paragraph"
        if sid is None:
            return
        tbl_borders = child(child(style, "w:tblPr"), "w:tblBorders")
        borders = tuple(b for el in (tbl_borders if tbl_borders is not None else [])
                        if (b := _border(el)) is not None)
        self.defs[sid] = StyleDef(kind, attr(child(style, "w:basedOn"), "w:val"),
                                  read_ppr(child(style, "w:pPr")),
                                  read_rpr(child(style, "w:rPr"), self.theme), borders)
        if attr(style, "w:default") in ("1", "true", "on"):
            self.default_ids.setdefault(kind, sid)

    def style_id(self, kind: str, sid: str | None) -> str | None:
        """The style actually applied: `sid` when it exists, else the default of its kind."""
        if sid is not None and sid in self.defs:
            return sid
        return self.default_ids.get(kind)

    def chain(self, sid: str | None) -> tuple[ParaFmt, RunFmt]:
        """A style with everything it inherits through basedOn (override semantics)."""
        if sid is None or sid not in self.defs:
            return ParaFmt(), RunFmt()
        if sid not in self._chains:
            self._chains[sid] = (ParaFmt(), RunFmt())  # guards basedOn cycles
            style = self.defs[sid]
            base_p, base_r = self.chain(style.based_on)
            self._chains[sid] = (base_p.over(style.ppr), base_r.over(style.rpr))
        return self._chains[sid]

    def table_borders(self, sid: str | None) -> tuple[Border, ...]:
        seen: set[str] = set()
        while sid is not None and sid in self.defs and sid not in seen:
            seen.add(sid)
            if self.defs[sid].borders:
                return self.defs[sid].borders
            sid = self.defs[sid].based_on
        return ()

    def paragraph(self, pstyle: str | None, table_style: str | None,
                  numbering: ParaFmt | None, direct: ParaFmt) -> ParaFmt:
        """Effective paragraph properties."""
        table_p = self.chain(table_style)[0] if table_style else ParaFmt()
        style_p = self.chain(self.style_id("paragraph", pstyle))[0]
        fmt = self.default_ppr.over(table_p).over(numbering or ParaFmt()).over(style_p)
        return fmt.over(direct)

    def run(self, pstyle: str | None, table_style: str | None, rstyle: str | None,
            direct: RunFmt) -> RunFmt:
        """Effective run properties."""
        table_r = self.chain(table_style)[1] if table_style else RunFmt()
        para_r = self.chain(self.style_id("paragraph", pstyle))[1]
        char_r = self.chain(self.style_id("character", rstyle))[1]
        base = self.default_rpr.over(table_r).over(para_r)
        return base.over(char_r, toggle=True).over(direct)


def theme_fonts(theme: El | None) -> dict[str, str]:
    """Theme slot → typeface from a theme part (`a:theme`)."""
    out: dict[str, str] = {}
    if theme is None:
        return out
    for scheme in theme.iter(q("a:fontScheme")):
        for which in ("major", "minor"):
            font = scheme.find(f"{q(f'a:{which}Font')}/{q('a:latin')}")
            face = font.get("typeface") if font is not None else None
            if face:
                for slot in ("HAnsi", "Ascii"):
                    out[f"{which}{slot}"] = face
    return out
