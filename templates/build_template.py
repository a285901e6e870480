"""Build `templates/kehoach.docx`, the docxtpl template of a KẾ HOẠCH (ND30 Mẫu 1.4).

The template is a source file: edit this script, run it, commit both.

    .venv/bin/python templates/build_template.py            # writes templates/kehoach.docx
    .venv/bin/python templates/build_template.py --out X.docx

Layout (Nghị định 30/2020/NĐ-CP, Phụ lục I; see templates/README.md and the shared nd30.md):
A4 portrait, margins 20/20/30/15 mm (text area 165 mm), Times New Roman, black, body 14 pt.
Horizontal lines are bottom borders of empty "rule" paragraphs; the renderer sets their
left/right indents so that each line has the length ND30 asks for (see `service.document.render`).
All formatting lives in named paragraph styles ("KH …"); runs carry no direct formatting except
the bold lead of an `inline` block.  The zip is written with fixed timestamps, so a rebuild
without changes gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

Element = Any  # an lxml element (python-docx's OxmlElement)
FONT = "Times New Roman"
TEMPLATE = Path(__file__).with_name("kehoach.docx")
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"  # ASCII hyphen-minus, as ND30 writes it


@dataclass(frozen=True)
class Geometry:
    """Page and table geometry, in twips (1 mm = 56.69 twips)."""

    page_w: int = 11906  # A4 210 mm
    page_h: int = 16838  # A4 297 mm
    top: int = 1134  # 20 mm
    bottom: int = 1134  # 20 mm
    left: int = 1701  # 30 mm
    right: int = 851  # 15 mm
    header: int = 567  # page number 10 mm from the top edge
    footer: int = 567
    # Header table: wider than the 165 mm text area (175 mm) and pulled 5 mm to the left, like
    # the official Mẫu 1.4 table (167.6 mm, -3.5 mm), so that on one line each:
    # - right column (111 mm, 109 mm usable): the Quốc hiệu (95.7 mm at 13 pt bold) and a long
    #   place-and-date line ("Thành phố Hồ Chí Minh, ngày 29 tháng 12 năm 2026" = 106.3 mm at
    #   14 pt italic);
    # - left column (64 mm, 62 mm usable): "THÀNH PHỐ HỒ CHÍ MINH" (60.1 mm at 13 pt bold).
    head_left: int = 3628  # 64 mm
    head_right: int = 6293  # 111 mm
    head_indent: int = -283  # -5 mm: the table spans 25..200 mm from the left page edge
    cell_margin: int = 57  # 1 mm, left and right (Mẫu 1.4: 1.5 mm)
    # Signature table: inside the text area (70 + 95 = 165 mm).
    sign_left: int = 3969  # 70 mm
    sign_right: int = 5385  # 95 mm
    sign_top_gap: int = 240  # 12 pt above "Nơi nhận:" and the authority line

    @property
    def text_width(self) -> int:
        return self.page_w - self.left - self.right


GEO = Geometry()


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class ParaSpec:
    """One paragraph style: font and paragraph formatting."""

    name: str
    size: float = 14
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER
    first_line: int = 0  # twips
    before: float = 0  # pt
    after: float = 0  # pt
    line: float = 1.0  # multiple of single line (auto)
    keep_next: bool = False
    base: str = "Normal"



def _body(name: str, *, bold: bool = False, keep_next: bool = False) -> ParaSpec:
    """ND30 II.6.e: justified, first line 1 cm, 6 pt between paragraphs, 1.15 lines."""
    return ParaSpec(name, bold=bold, keep_next=keep_next, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                    first_line=567, before=6, line=1.15)


PARA_SPECS: tuple[ParaSpec, ...] = (
    # header table (ô 1–4)
    ParaSpec("KH Parent Agency", size=13),
    ParaSpec("KH Agency", size=13, bold=True),
    ParaSpec("KH National Title", size=13, bold=True),
    ParaSpec("KH Motto", size=14, bold=True),
    ParaSpec("KH Number", size=13, before=6),
    ParaSpec("KH Place Date", size=14, italic=True, before=6),
    # tên loại, trích yếu (ô 5a)
    ParaSpec("KH Doc Type", size=14, bold=True, before=24, keep_next=True),
    ParaSpec("KH Summary", size=14, bold=True, keep_next=True),
    # body (ô 6): one style per context.Block style
    _body("KH Preamble"),
    _body("KH Section", bold=True, keep_next=True),
    _body("KH Heading", bold=True, keep_next=True),
    _body("KH Para"),
    _body("KH Inline"),
    # the last block (the closing "./." paragraph): kept with the signature table, so that the
    # table ("Nơi nhận", the signature) never stands alone on the last page
    _body("KH Closing", keep_next=True),
    # signature table (ô 9b, 7a–7c)
    ParaSpec("KH Recipients Label", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT),
    ParaSpec("KH Recipient", size=11, align=WD_ALIGN_PARAGRAPH.LEFT),
    ParaSpec("KH Authority", size=14, bold=True, keep_next=True),
    ParaSpec("KH Signature Space", size=14, keep_next=True),
    ParaSpec("KH Signer", size=14, bold=True),
    # page number (ô 11)
    ParaSpec("KH Page Number", size=14, base="Header"),
)

# Rule paragraphs: empty, 1 pt font, exactly RULE_HEIGHT high, a 0.75 pt bottom border.
# The renderer finds them by style name and sets their indents.
RULE_STYLES = ("KH Agency Rule", "KH Motto Rule", "KH Summary Rule")
RULE_HEIGHT = 4  # pt: the line is drawn about this far below the text above it
RULE_AFTER = {"KH Agency Rule": 0, "KH Motto Rule": 0, "KH Summary Rule": 12}

KEEP_STYLES = {"Normal", "Header", "Footer", "Default Paragraph Font", "Normal Table", "No List"}


def _fonts_element() -> Element:
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    return fonts


def _set_rpr_fonts(rpr: Element) -> None:
    """Replace rFonts (theme or not) by Times New Roman for all four scripts."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, _fonts_element())


def _set_doc_defaults(doc: DocxDocument) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(_fonts_element())
    for tag, val in (("w:color", "000000"), ("w:sz", "28"), ("w:szCs", "28")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        rpr.append(el)
    lang = OxmlElement("w:lang")
    for attr, val in (("w:val", "vi-VN"), ("w:eastAsia", "en-US"), ("w:bidi", "ar-SA")):
        lang.set(qn(attr), val)
    rpr.append(lang)
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    spacing = OxmlElement("w:spacing")
    for attr, val in (("w:before", "0"), ("w:after", "0"), ("w:line", "240")):
        spacing.set(qn(attr), val)
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)


def _prune_styles(doc: DocxDocument) -> None:
    """Drop the python-docx sample styles (theme fonts, blue headings); keep the basic ones."""
    for style in list(doc.styles):
        if style.name not in KEEP_STYLES:
            style.element.getparent().remove(style.element)
    for style in doc.styles:
        for link in style.element.findall(qn("w:link")):  # to the removed "Header Char"
            style.element.remove(link)
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _set_rpr_fonts(style.element.get_or_add_rPr())
            style.font.color.rgb = None
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.widow_control = True


def _add_para_style(doc: DocxDocument, spec: ParaSpec) -> ParagraphStyle:
    style = cast(ParagraphStyle, doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH))
    style.base_style = doc.styles[spec.base]
    style.quick_style = True
    _set_rpr_fonts(style.element.get_or_add_rPr())
    font = style.font
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = spec.italic
    fmt = style.paragraph_format
    fmt.alignment = spec.align
    fmt.first_line_indent = Twips(spec.first_line)
    fmt.left_indent = Twips(0)
    fmt.right_indent = Twips(0)
    fmt.space_before = Pt(spec.before)
    fmt.space_after = Pt(spec.after)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = spec.line
    fmt.keep_with_next = spec.keep_next
    fmt.widow_control = True
    return style


def _add_rule_style(doc: DocxDocument, name: str) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    _set_rpr_fonts(style.element.get_or_add_rPr())
    style.font.size = Pt(1)
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Twips(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(RULE_AFTER[name])
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(RULE_HEIGHT)
    fmt.keep_with_next = name != "KH Summary Rule"
    ppr = style.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, val in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(attr), val)
    bdr.append(bottom)
    # pBdr must come before spacing/ind/jc in CT_PPrBase order.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        ppr.append(bdr)
    else:
        anchor.addprevious(bdr)


def _add_styles(doc: DocxDocument) -> None:
    _set_doc_defaults(doc)
    _prune_styles(doc)
    for spec in PARA_SPECS:
        _add_para_style(doc, spec)
    for name in RULE_STYLES:
        _add_rule_style(doc, name)
    end = _add_para_style(doc, ParaSpec("KH End", size=1, align=WD_ALIGN_PARAGRAPH.LEFT))
    end.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    end.paragraph_format.line_spacing = Pt(1)


# --------------------------------------------------------------------------- package


def _drop_extra_parts(doc: DocxDocument) -> None:
    """Remove python-docx sample parts: stylesWithEffects (theme fonts), customXml, thumbnail."""
    drop = {STYLES_WITH_EFFECTS, RT.CUSTOM_XML}
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in drop:
            doc.part.drop_rel(rid)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def _set_settings(doc: DocxDocument) -> None:
    settings = doc.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")


def _set_core_properties(doc: DocxDocument) -> None:
    props = doc.core_properties
    for name in ("author", "comments", "title", "subject", "keywords", "last_modified_by"):
        setattr(props, name, "")
    props.category = ""
    props.language = "vi-VN"
    props.revision = 1


# --------------------------------------------------------------------------- section


def _setup_section(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Twips(GEO.page_w)
    section.page_height = Twips(GEO.page_h)
    section.top_margin = Twips(GEO.top)
    section.bottom_margin = Twips(GEO.bottom)
    section.left_margin = Twips(GEO.left)
    section.right_margin = Twips(GEO.right)
    section.header_distance = Twips(GEO.header)
    section.footer_distance = Twips(GEO.footer)
    section.gutter = Twips(0)
    section.different_first_page_header_footer = True
    _add_page_number(doc, section.header.paragraphs[0])
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = doc.styles["Header"]


def _field_run(paragraph: Paragraph, child: Element) -> None:
    run = paragraph.add_run()
    run._r.append(child)


def _add_page_number(doc: DocxDocument, paragraph: Paragraph) -> None:
    """ND30 I.7: centred Arabic page number in the top margin (hidden on page 1 by titlePg)."""
    paragraph.style = doc.styles["KH Page Number"]
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    _field_run(paragraph, begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    _field_run(paragraph, instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    _field_run(paragraph, sep)
    paragraph.add_run("2")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    _field_run(paragraph, end)


# --------------------------------------------------------------------------- tables


def _set_tbl_pr(table: Table, width: int, indent: int, top: int = 0) -> None:
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblCellMar", "w:tblLook"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(width))
    tbl_w.set(qn("w:type"), "dxa")
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(indent))
    ind.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    mar = OxmlElement("w:tblCellMar")
    for edge, val in (("top", top), ("left", GEO.cell_margin), ("bottom", 0),
                      ("right", GEO.cell_margin)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(val))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    look = OxmlElement("w:tblLook")
    look.set(qn("w:val"), "0000")
    # CT_TblPr order: tblStyle, …, tblW, jc, tblCellSpacing, tblInd, tblBorders, shd,
    # tblLayout, tblCellMar, tblLook.
    for el in (tbl_w, ind, borders, layout, mar, look):
        tbl_pr.append(el)


def _new_table(doc: DocxDocument, cols: tuple[int, int], rows: int, indent: int,
               top: int = 0) -> Table:
    table: Table = doc.add_table(rows=rows, cols=2)
    table.autofit = False
    _set_tbl_pr(table, sum(cols), indent, top)
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, cols, strict=True):
        grid_col.w = Twips(width)
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, cols, strict=True):
            cell.width = Twips(width)
    return table


def _fill(doc: DocxDocument, cell: _Cell, lines: Iterable[tuple[str, str]]) -> None:
    """Write (style, text) paragraphs into a cell, reusing its first empty paragraph."""
    styles = doc.styles
    for i, (style, text) in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        para.style = styles[style]
        if text:
            para.add_run(text)


def _loop(var: str, items: str, style: str) -> list[tuple[str, str]]:
    """A docxtpl paragraph loop: one paragraph per item of `items`."""
    return [
        (style, f"{{%p for {var} in {items} %}}"),
        (style, f"{{{{ {var} }}}}"),
        (style, "{%p endfor %}"),
    ]


def _add_header_table(doc: DocxDocument) -> None:
    table = _new_table(doc, (GEO.head_left, GEO.head_right), rows=2, indent=GEO.head_indent)
    agency = table.cell(0, 0)
    _fill(doc, agency, [
        *_loop("line", "parent_lines", "KH Parent Agency"),
        *_loop("line", "agency_lines", "KH Agency"),
        ("KH Agency Rule", ""),
    ])
    _fill(doc, table.cell(0, 1), [
        ("KH National Title", QUOC_HIEU),
        ("KH Motto", TIEU_NGU),
        ("KH Motto Rule", ""),
    ])
    _fill(doc, table.cell(1, 0), [("KH Number", "{{ number_line }}")])
    _fill(doc, table.cell(1, 1), [("KH Place Date", "{{ place_date }}")])
    for cell in table.rows[1].cells:  # Số (13 pt) and date (14 pt): same bottom, ~same baseline
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM


def _add_signature_table(doc: DocxDocument) -> None:
    table = _new_table(doc, (GEO.sign_left, GEO.sign_right), rows=1, indent=0,
                       top=GEO.sign_top_gap)
    _fill(doc, table.cell(0, 0), [
        ("KH Recipients Label", "Nơi nhận:"),
        *_loop("line", "recipients", "KH Recipient"),
    ])
    _fill(doc, table.cell(0, 1), [
        *_loop("line", "authority", "KH Authority"),
        *[("KH Signature Space", "")] * 4,
        ("KH Signer", "{{ signer_name }}"),
    ])


# --------------------------------------------------------------------------- body

LABELLED = "{% if b.label %}{{ b.label }} {% endif %}"


def _para(doc: DocxDocument, style: str, text: str = "") -> Paragraph:
    return doc.add_paragraph(text, style=doc.styles[style])


def _add_title(doc: DocxDocument) -> None:
    _para(doc, "KH Doc Type", "{{ title }}")
    _para(doc, "KH Summary", "{%p for line in trich_yeu %}")
    _para(doc, "KH Summary", "{{ line }}")
    _para(doc, "KH Summary", "{%p endfor %}")
    _para(doc, "KH Summary Rule")


def _add_blocks(doc: DocxDocument) -> None:
    """One paragraph per context.Block, its style chosen by `b.style`; the last `para` or
    `inline` block in "KH Closing" (keep with next: it goes with the signature table)."""
    _para(doc, "KH Para", "{%p for b in blocks %}")
    _para(doc, "KH Closing", '{%p if loop.last and b.style == "para" %}')
    _para(doc, "KH Closing", LABELLED + "{{ b.text }}")
    _para(doc, "KH Closing", '{%p elif loop.last and b.style == "inline" %}')
    _inline(_para(doc, "KH Closing"))
    for block_style, para_style in (("section", "KH Section"), ("heading", "KH Heading"),
                                    ("para", "KH Para"), ("preamble", "KH Preamble")):
        _para(doc, para_style, f'{{%p elif b.style == "{block_style}" %}}')
        _para(doc, para_style, LABELLED + "{{ b.text }}")
    _para(doc, "KH Inline", '{%p elif b.style == "inline" %}')
    _inline(_para(doc, "KH Inline"))
    _para(doc, "KH Para", "{%p endif %}")
    _para(doc, "KH Para", "{%p endfor %}")


def _inline(paragraph: Paragraph) -> None:
    """A bold lead (with its label), then ": " and the text."""
    paragraph.add_run(LABELLED + "{{ b.lead }}").bold = True
    paragraph.add_run(": {{ b.text }}")


# --------------------------------------------------------------------------- build


def build() -> DocxDocument:
    doc = Document()
    _drop_extra_parts(doc)
    _set_settings(doc)
    _add_styles(doc)
    _set_core_properties(doc)
    _setup_section(doc)
    _add_header_table(doc)
    _add_title(doc)
    _add_blocks(doc)
    _add_signature_table(doc)
    _para(doc, "KH End")
    return doc


def save_deterministic(doc: DocxDocument, path: Path) -> None:
    """Save with fixed zip timestamps so that an unchanged rebuild gives the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TEMPLATE, help="output .docx")
    args = parser.parse_args(argv)
    save_deterministic(build(), args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
