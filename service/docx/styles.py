"""Effective formatting: run → character style → paragraph style (basedOn chain) → table style
→ docDefaults, the way Word resolves it (ECMA-376 §17.7.2).

`RunFmt` and `ParaFmt` hold what one level says (None = not said there); `over` stacks a higher
level on a lower one.  Toggle properties (bold, italic, caps …) coming from a character style
flip the value inherited from the paragraph level instead of setting it (§17.7.3); direct
formatting sets them outright.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from service.docx.ooxml import El, attr, child, children, int_attr, kids, on_off, parse, q
from service.docx.package import part
from service.memo import remember

TOGGLES = frozenset({"bold", "italic", "caps", "small_caps", "strike", "hidden"})
DEFAULT_SIZE = 20  # half-points, when nothing says otherwise (ECMA-376)
_W = q("w:x")[:-1]  # the Clark prefix of the w: namespace


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
        for name, value in vars(top).items():
            if value is None:
                continue
            if toggle and name in TOGGLES:
                if value:
                    changes[name] = not bool(getattr(self, name))
            else:
                changes[name] = value
        return RunFmt(**(vars(self) | changes)) if changes else self

    @property
    def size_half(self) -> int:
        return self.size if self.size is not None else DEFAULT_SIZE

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
        changes = {name: v for name, v in vars(top).items() if v is not None}
        return ParaFmt(**(vars(self) | changes)) if changes else self

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


# --- memos: a document repeats the same few `w:pPr`/`w:rPr` (and a batch the same styles part)
# hundreds of times; what they say is read once per distinct XML text, per process.

_pprs: dict[bytes, ParaFmt] = {}
_rprs: dict[tuple[bytes, tuple[tuple[str, str], ...]], RunFmt] = {}
_sheets: dict[tuple[bytes, bytes], StyleSheet] = {}


def xml_key(el: El) -> bytes:
    """The XML text of `el`: equal for elements that say the same."""
    return etree.tostring(  # type: ignore[no-any-return]
        el, encoding="utf-8", xml_declaration=False, with_tail=False)


def read_rpr(rpr: El | None, theme: dict[str, str]) -> RunFmt:
    """What one `w:rPr` says."""
    if rpr is None:
        return RunFmt()
    key = (xml_key(rpr), tuple(theme.items()))
    return remember(_rprs, key, lambda: _read_rpr(rpr, theme))


def _read_rpr(rpr: El, theme: dict[str, str]) -> RunFmt:
    k = kids(rpr)
    fonts = k.get(_W + "rFonts")
    return RunFmt(
        ascii=_font(fonts, "ascii", theme),
        h_ansi=_font(fonts, "hAnsi", theme),
        size=int_attr(k.get(_W + "sz"), "w:val"),
        bold=on_off(k.get(_W + "b")),
        italic=on_off(k.get(_W + "i")),
        caps=on_off(k.get(_W + "caps")),
        small_caps=on_off(k.get(_W + "smallCaps")),
        strike=on_off(k.get(_W + "strike")),
        color=attr(k.get(_W + "color"), "w:val"),
        highlight=attr(k.get(_W + "highlight"), "w:val"),
        shading=attr(k.get(_W + "shd"), "w:fill"),
        underline=attr(k.get(_W + "u"), "w:val"),
        vert_align=attr(k.get(_W + "vertAlign"), "w:val"),
        hidden=on_off(k.get(_W + "vanish")),
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
    return remember(_pprs, xml_key(ppr), lambda: _read_ppr(ppr))


def _read_ppr(ppr: El) -> ParaFmt:
    k = kids(ppr)
    ind, spacing, num = k.get(_W + "ind"), k.get(_W + "spacing"), k.get(_W + "numPr")
    borders = kids(k.get(_W + "pBdr"))
    return ParaFmt(
        jc=attr(k.get(_W + "jc"), "w:val"),
        left=_first_int(ind, "w:left", "w:start"),
        right=_first_int(ind, "w:right", "w:end"),
        first_line=_first_line(ind),
        before=_spacing(spacing, "before"),
        after=_spacing(spacing, "after"),
        line=int_attr(spacing, "w:line"),
        line_rule=attr(spacing, "w:lineRule") if attr(spacing, "w:line") is not None else None,
        contextual=on_off(k.get(_W + "contextualSpacing")),
        num_id=attr(child(num, "w:numId"), "w:val"),
        ilvl=int_attr(child(num, "w:ilvl"), "w:val"),
        top=_border(borders.get(_W + "top")),
        bottom=_border(borders.get(_W + "bottom")),
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
        self._lock = threading.RLock()
        # what `paragraph`, `run` and `_run_base` resolved, by their arguments
        self._paras: dict[tuple[object, ...], ParaFmt] = {}
        self._runs: dict[tuple[object, ...], RunFmt] = {}
        self._bases: dict[tuple[str | None, ...], RunFmt] = {}

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
        with self._lock:  # the sheet may be shared by threads (`style_sheet`)
            return self._chain(sid)

    def _chain(self, sid: str) -> tuple[ParaFmt, RunFmt]:
        if sid not in self._chains:
            self._chains[sid] = (ParaFmt(), RunFmt())  # guards basedOn cycles
            style = self.defs[sid]
            base_p, base_r = self.chain(style.based_on)  # re-entrant lock
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
        """Effective paragraph properties (resolved once per distinct set of arguments)."""
        return remember(self._paras, (pstyle, table_style, numbering, direct),
                        lambda: self._paragraph(pstyle, table_style, numbering, direct))

    def _paragraph(self, pstyle: str | None, table_style: str | None,
                   numbering: ParaFmt | None, direct: ParaFmt) -> ParaFmt:
        table_p = self.chain(table_style)[0] if table_style else ParaFmt()
        style_p = self.chain(self.style_id("paragraph", pstyle))[0]
        fmt = self.default_ppr.over(table_p).over(numbering or ParaFmt()).over(style_p)
        return fmt.over(direct)

    def run(self, pstyle: str | None, table_style: str | None, rstyle: str | None,
            direct: RunFmt) -> RunFmt:
        """Effective run properties (resolved once per distinct set of arguments)."""
        return remember(self._runs, (pstyle, table_style, rstyle, direct),
                        lambda: self._run_base(pstyle, table_style, rstyle).over(direct))

    def _run_base(self, pstyle: str | None, table_style: str | None,
                  rstyle: str | None) -> RunFmt:
        """The run properties every level but the run's own formatting gives."""
        def resolve() -> RunFmt:
            table_r = self.chain(table_style)[1] if table_style else RunFmt()
            para_r = self.chain(self.style_id("paragraph", pstyle))[1]
            char_r = self.chain(self.style_id("character", rstyle))[1]
            base = self.default_rpr.over(table_r).over(para_r)
            return base.over(char_r, toggle=True)
        return remember(self._bases, (pstyle, table_style, rstyle), resolve)


def style_sheet(styles: bytes | None, theme: bytes | None,
                names: Mapping[str, str] | None = None) -> StyleSheet:
    """The `StyleSheet` of a styles part and a theme part (their bytes), shared by the
    documents whose parts are the same (its resolved chains and formats with it): parsed once.
    `names`: their member names ('styles', 'theme'), for the error of a part that is not XML."""
    def build() -> StyleSheet:
        with part((names or {}).get("theme", "theme")):
            fonts = theme_fonts(None if theme is None else parse(theme))
        with part((names or {}).get("styles", "styles")):
            return StyleSheet(None if styles is None else parse(styles), fonts)
    return remember(_sheets, (styles or b"", theme or b""), build, size=8)


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
