"""The lengths of the ND30 horizontal lines: indents of the template's "rule" paragraphs.

The horizontal lines of the header and under the trích yếu are bottom borders of empty "rule"
paragraphs (styles "KH … Rule" in the template).  ND30 fixes their length relative to the text
above them, which the template cannot know, so `fit_body` measures that text (Times New Roman
Bold advance widths) and sets the paragraph's left/right indents: line = usable width − indents.

It works on the body element (python-docx's oxml classes) with a `StyleTable` read once from
the styles part, so that a prepared template fits its rules without opening a package.  Text
widths come from `service.docx.metrics`, the table the review measures with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Twips

from service.docx.metrics import width_pt

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.styles import Styles


@dataclass(frozen=True)
class RuleSpec:
    """A rule paragraph style, the style of the text it measures, and the length ratio."""

    reference: str
    ratio: float


# ND30 Phụ lục I: under the issuing body and the trích yếu 1/3–1/2 of the text (we take the
# middle, 5/12); under the Tiêu ngữ as long as the text.
RULES: dict[str, RuleSpec] = {
    "KH Agency Rule": RuleSpec("KH Agency", 5 / 12),
    "KH Motto Rule": RuleSpec("KH Motto", 1.0),
    "KH Summary Rule": RuleSpec("KH Summary", 5 / 12),
}

@dataclass(frozen=True)
class StyleTable:
    """Paragraph styles by id: their names and effective font sizes (docDefaults: 14 pt).

    An unknown or missing style id means the default paragraph style, as in python-docx.
    """

    names: Mapping[str, str]
    sizes: Mapping[str, float]
    default: str = ""

    @classmethod
    def of(cls, styles: Styles) -> StyleTable:
        names: dict[str, str] = {}
        sizes: dict[str, float] = {}
        for style in styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id:
                names[style.style_id] = style.name or ""
                sizes[style.style_id] = _size_pt(style)
        default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        return cls(names, sizes, default.style_id if default is not None else "")

    def name(self, style_id: str | None) -> str:
        key = style_id if style_id in self.names else self.default
        return self.names.get(key or "", "")

    def size(self, style_id: str | None) -> float:
        key = style_id if style_id in self.sizes else self.default
        return self.sizes.get(key or "", 14.0)


def _size_pt(style: Any) -> float:
    """Effective font size of a style chain (docDefaults: 14 pt)."""
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return 14.0


def fit_rules(doc: DocxDocument) -> None:
    """Set the indents of every rule paragraph of an open document (see `fit_body`)."""
    fit_body(doc.element.body, StyleTable.of(doc.styles))


def fit_body(body: Any, styles: StyleTable) -> None:
    """Set the indents of every rule paragraph so that its border has the ND30 length.

    `body` is a `w:body` element (python-docx oxml class); the usable width is the page's for
    the body's own paragraphs and each cell's (less its margins) for the tables' cells.
    """
    sect = body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")[0]
    lengths = (sect.page_width, sect.left_margin, sect.right_margin)
    width, left, right = (int(x or 0) for x in lengths)
    _fit_container(body.p_lst, (width - left - right) // 635, styles)
    for tbl in body.tbl_lst:
        for tr in tbl.tr_lst:
            for tc in tr.tc_lst:
                _fit_container(tc.p_lst, _cell_usable_twips(tc, tbl), styles)


_STYLE_PATH = f"{qn('w:pPr')}/{qn('w:pStyle')}"
_VAL = qn("w:val")


def _style_id(p: Any) -> str | None:
    """The paragraph's style id (python-docx's `CT_P.style`, without its lookups)."""
    found = p.find(_STYLE_PATH)
    return None if found is None else found.get(_VAL)


def _fit_container(paragraphs: Iterable[Any], usable: int, styles: StyleTable) -> None:
    named = [(p, styles.name(_style_id(p))) for p in paragraphs]
    for para, name in named:
        spec = RULES.get(name)
        if spec is None:
            continue
        widths = [width_pt(p.text, styles.size(_style_id(p)), bold=True) * 20
                  for p, other in named if other == spec.reference]
        if not widths:
            continue
        length = min(max(widths), usable) * spec.ratio
        indent = Twips(max(0, round((usable - length) / 2)))
        ppr = para.get_or_add_pPr()
        ppr.ind_left = indent
        ppr.ind_right = indent
        ppr.first_line_indent = Twips(0)


def _cell_usable_twips(tc: Any, tbl: Any) -> int:
    """Cell width minus its left and right margins, in twips."""
    width = tc.width // 635 if tc.width is not None else 0
    return int(width - _cell_margin(tc, tbl, "left") - _cell_margin(tc, tbl, "right"))


def _cell_margin(tc: Any, tbl: Any, edge: str) -> int:
    for path, node in ((f"w:tcPr/w:tcMar/w:{edge}", tc), (f"w:tblPr/w:tblCellMar/w:{edge}", tbl)):
        found = node.xpath(path)
        if found:
            return int(found[0].get(qn("w:w"), "0"))
    return 108  # Word's default table cell margin
