"""The document stage on a real render: ND30 layout read back with python-docx, text as data."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from service.document import (
    TEMPLATES_DIR,
    Block,
    DocContext,
    TemplateStore,
    render_docx,
)
from service.document.render import make_environment, template_context
from service.docx.metrics import width_mm
from service.errors import RenderError

ROOT = Path(__file__).resolve().parents[2]
TNR = "Times New Roman"
TWIPS_PER_MM = 1440 / 25.4
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TRICH_YEU = "Phòng, chống ma túy trên địa bàn xã Thượng Đức năm 2026"


def sample_context(**changes: Any) -> DocContext:
    """A short but realistic commune plan (UBND xã Thượng Đức)."""
    ctx = DocContext(
        agency_lines=("ỦY BAN NHÂN DÂN", "XÃ THƯỢNG ĐỨC"),
        number_line="Số:        /KH-UBND",
        place_date="Thượng Đức, ngày 05 tháng 02 năm 2026",
        trich_yeu=(TRICH_YEU,),
        blocks=(
            Block("preamble", "Căn cứ Luật Phòng, chống ma túy ngày 30 tháng 3 năm 2021;"),
            Block("preamble", "Ủy ban nhân dân xã Thượng Đức ban hành Kế hoạch phòng, chống ma túy"
                              " năm 2026 như sau:"),
            Block("section", "MỤC ĐÍCH, YÊU CẦU", label="I.", clause="purpose"),
            Block("heading", "Mục đích", label="1."),
            Block("para", "Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân về tác hại của"
                          " ma túy.", label="-"),
            Block("heading", "Yêu cầu", label="2."),
            Block("para", "Triển khai đồng bộ các giải pháp phòng ngừa.", label="a)"),
            Block("para", "Bảo đảm kinh phí theo quy định."),
            Block("section", "TỔ CHỨC THỰC HIỆN", label="II."),
            Block("heading", "Phân công", label="2.1."),
            Block("inline", "Chủ trì, phối hợp với các đơn vị liên quan tham mưu Ủy ban nhân dân"
                            " xã triển khai Kế hoạch này.", label="1.", lead="Công an xã"),
            Block("para", "Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện Kế hoạch này./."),
        ),
        recipients=("- UBND tỉnh Quảng Nam (để báo cáo);", "- Công an tỉnh (để báo cáo);",
                    "- TT Đảng ủy, TT HĐND xã;", "- Lưu: VT, CA."),
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        signer_name="Nguyễn Văn An",
        meta={"title": "Kế hoạch phòng, chống ma túy", "subject": "xã Thượng Đức",
              "keywords": "drug-free;20410;2026.1"},
    )
    return dataclasses.replace(ctx, **changes)


def open_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def doc() -> DocxDocument:
    return open_docx(render_docx(sample_context()))


# --------------------------------------------------------------------------- effective formatting


def style_chain(para: Paragraph) -> Iterator[Any]:
    style = para.style
    while style is not None:
        yield style
        style = style.base_style


def rpr_chain(para: Paragraph, run_rpr: Any = None) -> Iterator[Any]:
    """rPr elements from the most to the least specific: run, paragraph styles, docDefaults."""
    if run_rpr is not None:
        yield run_rpr
    for style in style_chain(para):
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None:
            yield rpr
    styles = para.part.package.main_document_part.styles.element
    yield styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def eff(para: Paragraph, tag: str, attr: str = "w:val", run_rpr: Any = None) -> str | None:
    """Effective attribute of an rPr child (e.g. 'w:sz', 'w:rFonts'/'w:ascii')."""
    for rpr in rpr_chain(para, run_rpr):
        el = rpr.find(qn(tag))
        if el is not None and el.get(qn(attr)) is not None:
            return str(el.get(qn(attr)))
        if el is not None and tag in ("w:b", "w:i"):
            return "1"
    return None


def size(para: Paragraph, run_rpr: Any = None) -> float:
    return int(eff(para, "w:sz", run_rpr=run_rpr) or 0) / 2


def is_on(para: Paragraph, tag: str, run_rpr: Any = None) -> bool:
    return eff(para, tag, run_rpr=run_rpr) not in (None, "0", "false")


def fmt(para: Paragraph, name: str) -> Any:
    """Effective paragraph_format attribute through the style chain."""
    value = getattr(para.paragraph_format, name)
    for style in style_chain(para):
        if value is not None:
            break
        value = getattr(style.paragraph_format, name)
    return value


def has_bottom_border(para: Paragraph) -> bool:
    for owner in (para._p, *(s.element for s in style_chain(para))):
        bottom = owner.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
        if bottom is not None:
            return bool(bottom.get(qn("w:val")) == "single")
    return False


def twips(length: Length | None) -> int:
    assert length is not None
    return int(length.twips)


def mm(length: Length | None) -> float:
    return twips(length) / TWIPS_PER_MM


def style_name(para: Paragraph) -> str:
    return para.style.name if para.style is not None and para.style.name else ""


def usable_twips(table: Table, col: int) -> int:
    cell = table.cell(0, col)
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    left = int(margins.find(qn("w:left")).get(qn("w:w")))
    right = int(margins.find(qn("w:right")).get(qn("w:w")))
    return twips(cell.width) - left - right


def rule_length_mm(para: Paragraph, usable: int) -> float:
    left = twips(para.paragraph_format.left_indent)
    right = twips(para.paragraph_format.right_indent)
    assert abs(left - right) <= 1, "rule not centred"
    return (usable - left - right) / TWIPS_PER_MM


def all_paragraphs(doc: DocxDocument) -> Iterator[Paragraph]:
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in doc.sections:
        yield from section.header.paragraphs
        yield from section.first_page_header.paragraphs


def body_paragraphs(doc: DocxDocument) -> list[Paragraph]:
    """Paragraphs of the content (ô 6): after the trích yếu rule, before the signature table."""
    paras = doc.paragraphs
    start = next(i for i, p in enumerate(paras) if style_name(p) == "KH Summary Rule")
    return [p for p in paras[start + 1:] if style_name(p) != "KH End"]


# --------------------------------------------------------------------------- page


def test_page_is_a4_portrait_with_nd30_margins(doc: DocxDocument) -> None:
    section = doc.sections[0]
    assert abs(mm(section.page_width) - 210) <= 0.5
    assert abs(mm(section.page_height) - 297) <= 0.5
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert 19.9 <= mm(section.top_margin) <= 25.1
    assert 19.9 <= mm(section.bottom_margin) <= 25.1
    assert 29.9 <= mm(section.left_margin) <= 35.1
    assert 14.9 <= mm(section.right_margin) <= 20.1


def test_every_run_is_times_new_roman_black(doc: DocxDocument) -> None:
    runs = 0
    for para in all_paragraphs(doc):
        for run in para.runs:
            runs += 1
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                assert eff(para, "w:rFonts", attr, run._r.rPr) == TNR, (para.text, attr)
            assert eff(para, "w:color", run_rpr=run._r.rPr) in (None, "auto", "000000")
    assert runs > 30


def test_no_theme_fonts_or_colours_anywhere() -> None:
    data = render_docx(sample_context())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml") and "theme" not in name:
                xml = z.read(name).decode()
                assert "Theme=" not in xml, name
                assert "w:cstheme" not in xml, name
                assert "themeColor" not in xml, name


# --------------------------------------------------------------------------- header (ô 1–4)

HEADER_CELLS = [
    # (row, col, paragraph index, text, size, bold, italic)
    (0, 0, 0, "ỦY BAN NHÂN DÂN", 13, True, False),
    (0, 0, 1, "XÃ THƯỢNG ĐỨC", 13, True, False),
    (0, 1, 0, QUOC_HIEU, 13, True, False),
    (0, 1, 1, TIEU_NGU, 14, True, False),
    (1, 0, 0, "Số:        /KH-UBND", 13, False, False),
    (1, 1, 0, "Thượng Đức, ngày 05 tháng 02 năm 2026", 14, False, True),
]


@pytest.mark.parametrize(("row", "col", "index", "text", "pt", "bold", "italic"), HEADER_CELLS)
def test_header_cell_text_and_format(doc: DocxDocument, row: int, col: int, index: int,
                                     text: str, pt: int, bold: bool, italic: bool) -> None:
    para = doc.tables[0].cell(row, col).paragraphs[index]
    assert para.text == text
    assert size(para) == pt
    assert is_on(para, "w:b") is bold
    assert is_on(para, "w:i") is italic
    assert fmt(para, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_header_is_a_borderless_fixed_two_column_table(doc: DocxDocument) -> None:
    table = doc.tables[0]
    assert doc.element.body[0] is table._tbl  # the very first block
    assert (len(table.rows), len(table.columns)) == (2, 2)
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    borders = tbl_pr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    assert table._tbl.find(f".//{qn('w:tcBorders')}") is None
    assert usable_twips(table, 1) / TWIPS_PER_MM >= 106.3  # long place-and-date at 14 pt
    assert usable_twips(table, 0) / TWIPS_PER_MM >= 43.2  # "ỦY BAN NHÂN DÂN" at 13 pt bold


def test_parent_agency_lines_are_not_bold(doc: DocxDocument) -> None:
    ctx = sample_context(parent_lines=("UBND XÃ THƯỢNG ĐỨC",), agency_lines=("CÔNG AN XÃ",))
    cell = open_docx(render_docx(ctx)).tables[0].cell(0, 0)
    parent, agency = cell.paragraphs[0], cell.paragraphs[1]
    assert (parent.text, agency.text) == ("UBND XÃ THƯỢNG ĐỨC", "CÔNG AN XÃ")
    assert not is_on(parent, "w:b")
    assert size(parent) == 13
    assert is_on(agency, "w:b")
    assert size(agency) == 13


# --------------------------------------------------------------------------- lines


def test_line_under_tieu_ngu_is_as_long_as_the_text(doc: DocxDocument) -> None:
    table = doc.tables[0]
    rule = table.cell(0, 1).paragraphs[2]
    assert rule.text == ""
    assert has_bottom_border(rule)
    assert rule_length_mm(rule, usable_twips(table, 1)) == pytest.approx(60.5, rel=0.05)


def test_line_under_agency_is_a_third_to_a_half(doc: DocxDocument) -> None:
    table = doc.tables[0]
    rule = table.cell(0, 0).paragraphs[2]
    assert rule.text == ""
    assert has_bottom_border(rule)
    assert 43.2 / 3 <= rule_length_mm(rule, usable_twips(table, 0)) <= 43.2 / 2


def test_agency_line_of_a_wrapping_name_stays_within_the_cell() -> None:
    name = "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ MA TÚY"
    table = open_docx(render_docx(sample_context(agency_lines=(name,)))).tables[0]
    usable = usable_twips(table, 0)
    length = rule_length_mm(table.cell(0, 0).paragraphs[1], usable)
    cell_mm = usable / TWIPS_PER_MM
    assert cell_mm / 3 <= length <= cell_mm / 2


def test_line_under_trich_yeu_is_a_third_to_a_half(doc: DocxDocument) -> None:
    section = doc.sections[0]
    width = twips(section.page_width) - twips(section.left_margin) - twips(section.right_margin)
    rule = next(p for p in doc.paragraphs if style_name(p) == "KH Summary Rule")
    assert has_bottom_border(rule)
    text_mm = width_mm(TRICH_YEU, 14, bold=True)
    assert text_mm / 3 <= rule_length_mm(rule, width) <= text_mm / 2


# --------------------------------------------------------------------------- title and body


def test_title_and_trich_yeu(doc: DocxDocument) -> None:
    title, summary = doc.paragraphs[0], doc.paragraphs[1]
    assert (title.text, summary.text) == ("KẾ HOẠCH", TRICH_YEU)
    for para in (title, summary):
        assert size(para) == 14
        assert is_on(para, "w:b")
        assert not is_on(para, "w:i")
        assert fmt(para, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
        assert not fmt(para, "first_line_indent")


EXPECTED_BODY = [
    # (text, style, bold)
    ("Căn cứ Luật Phòng, chống ma túy ngày 30 tháng 3 năm 2021;", "KH Preamble", False),
    ("I. MỤC ĐÍCH, YÊU CẦU", "KH Section", True),
    ("1. Mục đích", "KH Heading", True),
    ("- Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân về tác hại của ma túy.",
     "KH Para", False),
    ("a) Triển khai đồng bộ các giải pháp phòng ngừa.", "KH Para", False),
    ("Bảo đảm kinh phí theo quy định.", "KH Para", False),
    ("2.1. Phân công", "KH Heading", True),
]


@pytest.mark.parametrize(("text", "style", "bold"), EXPECTED_BODY)
def test_block_text_style_and_weight(doc: DocxDocument, text: str, style: str,
                                     bold: bool) -> None:
    para = next(p for p in body_paragraphs(doc) if p.text == text)
    assert style_name(para) == style
    assert all(is_on(para, "w:b", r._r.rPr) is bold for r in para.runs)


def test_inline_block_has_bold_lead_then_regular_text(doc: DocxDocument) -> None:
    para = next(p for p in body_paragraphs(doc) if p.text.startswith("1. Công an xã"))
    assert para.text == ("1. Công an xã: Chủ trì, phối hợp với các đơn vị liên quan tham mưu Ủy"
                         " ban nhân dân xã triển khai Kế hoạch này.")
    bold = "".join(r.text for r in para.runs if is_on(para, "w:b", r._r.rPr))
    assert bold == "1. Công an xã"


def test_body_paragraphs_follow_nd30(doc: DocxDocument) -> None:
    paras = body_paragraphs(doc)
    assert len(paras) == len(sample_context().blocks)
    for para in paras:
        assert fmt(para, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY, para.text
        assert round(fmt(para, "first_line_indent").twips) in (567, 720)
        spacing = (fmt(para, "space_before") or 0) + (fmt(para, "space_after") or 0)
        assert spacing >= Pt(6)
        assert 1.0 <= fmt(para, "line_spacing") <= 1.5  # a float: a multiple of single lines
        assert size(para) == 14
        assert not is_on(para, "w:i")


def test_labels_are_text_never_word_numbering() -> None:
    data = render_docx(sample_context())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"<w:numPr" not in z.read("word/document.xml")
        assert b"<w:numPr" not in z.read("word/styles.xml")


# --------------------------------------------------------------------------- signature (ô 7, 9b)


def test_recipients_block(doc: DocxDocument) -> None:
    cell = doc.tables[1].cell(0, 0)
    label, *items = cell.paragraphs
    assert label.text == "Nơi nhận:"
    assert size(label) == 12
    assert is_on(label, "w:b")
    assert is_on(label, "w:i")
    assert fmt(label, "alignment") == WD_ALIGN_PARAGRAPH.LEFT
    assert not fmt(label, "first_line_indent")
    assert not fmt(label, "left_indent")
    assert [p.text for p in items] == list(sample_context().recipients)
    for para in items:
        assert size(para) == 11
        assert not is_on(para, "w:b")
        assert not is_on(para, "w:i")


def test_signature_block(doc: DocxDocument) -> None:
    paras = doc.tables[1].cell(0, 1).paragraphs
    assert [p.text for p in paras[:2]] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert [p.text for p in paras[2:-1]] == [""] * 4  # room for signature and seal
    assert paras[-1].text == "Nguyễn Văn An"
    for para in (*paras[:2], paras[-1]):
        assert size(para) == 14
        assert is_on(para, "w:b")
        assert fmt(para, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert all(p.text.isupper() for p in paras[:2])


def test_empty_signer_keeps_the_space() -> None:
    doc = open_docx(render_docx(sample_context(signer_name="")))
    paras = doc.tables[1].cell(0, 1).paragraphs
    assert len(paras) == 2 + 4 + 1
    assert paras[-1].text == ""


# --------------------------------------------------------------------------- page numbers, meta


def test_page_number_in_default_header_not_on_first_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    assert section.different_first_page_header_footer is True
    header = section.header
    assert not header.is_linked_to_previous
    numbered = [p for p in header.paragraphs if "PAGE" in "".join(
        t.text or "" for t in p._p.iter(qn("w:instrText")))]
    assert len(numbered) == 1
    para = numbered[0]
    assert fmt(para, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert size(para) in (13, 14)
    assert not is_on(para, "w:b")
    assert not is_on(para, "w:i")
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert first._element.find(f".//{qn('w:instrText')}") is None
    assert first._element.find(f".//{qn('w:fldSimple')}") is None


def test_core_properties_from_meta(doc: DocxDocument) -> None:
    props = doc.core_properties
    assert props.title == "Kế hoạch phòng, chống ma túy"
    assert props.subject == "xã Thượng Đức"
    assert props.keywords == "drug-free;20410;2026.1"
    assert props.language == "vi-VN"


def test_unknown_meta_key_is_refused() -> None:
    with pytest.raises(RenderError, match="colour"):
        render_docx(sample_context(meta={"colour": "red"}))


# --------------------------------------------------------------------------- text is data

HOSTILE = [
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "{%p endfor %}",
    "<script>alert(1)</script>",
    "A & B",
    'Tổ "Tự quản"',
    "'một'",
    "]]> <w:p/>",
    "{_{ docxtpl }_}",
    "{# comment #}",
]
FIELDS = ["block", "agency", "place_date", "recipient", "signer", "trich_yeu", "authority"]


def with_value(field: str, value: str) -> DocContext:
    ctx = sample_context()
    changes: dict[str, tuple[str, Any]] = {
        "block": ("blocks", (*ctx.blocks, Block("para", value, label="-"))),
        "agency": ("agency_lines", (*ctx.agency_lines, value)),
        "place_date": ("place_date", value),
        "recipient": ("recipients", (value, *ctx.recipients)),
        "signer": ("signer_name", value),
        "trich_yeu": ("trich_yeu", (value,)),
        "authority": ("authority", (value,)),
    }
    name, new = changes[field]
    return sample_context(**{name: new})


def assert_valid_package(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(z.read(name))  # raises on malformed XML


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", FIELDS)
def test_user_text_comes_out_literally(field: str, value: str) -> None:
    data = render_docx(with_value(field, value))
    assert_valid_package(data)
    texts = [p.text for p in all_paragraphs(open_docx(data))]
    expected = f"- {value}" if field == "block" else value
    assert expected in texts


@pytest.mark.parametrize("value", HOSTILE[:5])
def test_meta_values_are_literal(value: str) -> None:
    data = render_docx(sample_context(meta={"title": value}))
    assert_valid_package(data)
    assert open_docx(data).core_properties.title == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dòng 1\ndòng 2", "dòng 1 dòng 2"),
        ("cột\tcột", "cột cột"),
        ("a\x00b\x01c\x1fd", "abcd"),
        ("trang\fmới\a", "trang mới "),
        ("Thu\u0301c", "Thúc"),  # decomposed accents become NFC
        ("ngày\u00a0\u00a0tháng", "ngày\u00a0\u00a0tháng"),  # blanks for the clerk are kept
    ],
)
def test_control_characters_and_normalisation(value: str, expected: str) -> None:
    data = render_docx(with_value("block", value))
    assert_valid_package(data)
    assert f"- {expected}" in [p.text for p in open_docx(data).paragraphs]


# --------------------------------------------------------------------------- errors


def make_template(path: Path, *texts: str) -> Path:
    doc = Document()
    for text in texts:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_syntax_error_in_template_is_a_render_error(tmp_path: Path) -> None:
    bad = make_template(tmp_path / "bad.docx", "{{ agency_lines ", "{% for %}")
    with pytest.raises(RenderError) as info:
        render_docx(sample_context(), bad)
    assert info.value.template == "bad.docx"
    assert "bad.docx" in info.value.message


def test_undefined_variable_is_a_render_error(tmp_path: Path) -> None:
    bad = make_template(tmp_path / "strict.docx", "{{ no_such_field }}")
    with pytest.raises(RenderError, match="no_such_field") as info:
        render_docx(sample_context(), bad)
    assert info.value.template == "strict.docx"


@pytest.mark.parametrize(("name", "content"), [("zip.docx", b"not a zip"),
                                               ("empty.docx", b"")])
def test_broken_template_file_is_a_render_error(tmp_path: Path, name: str,
                                                content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(RenderError) as info:
        render_docx(sample_context(), tmp_path / name)
    assert info.value.template == name


def test_missing_template_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as info:
        render_docx(sample_context(), tmp_path / "missing.docx")
    assert info.value.template == "missing.docx"


@pytest.mark.parametrize("field", ["agency_lines", "trich_yeu", "authority"])
def test_missing_required_lines_are_refused(field: str) -> None:
    with pytest.raises(RenderError, match=field):
        render_docx(sample_context(**{field: ()}))


def test_unknown_block_style_names_its_clause() -> None:
    block = Block("footnote", "x", clause="c-42")  # type: ignore[arg-type]
    with pytest.raises(RenderError) as info:
        render_docx(sample_context(blocks=(block,)))
    assert info.value.clause == "c-42"


# --------------------------------------------------------------------------- store and template


def test_store_caches_bytes_and_rereads_changed_files(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "{{ title }}")
    store = TemplateStore(tmp_path)
    first = store.load("t.docx")
    assert store.load("t.docx") is first
    assert store.load(path) is first
    make_template(path, "{{ title }}", "{{ signer_name }}")
    os.utime(path, ns=(1, 1))
    assert store.load("t.docx") != first


@pytest.mark.parametrize("name", ["../kehoach.docx", "sub/kehoach.docx", "kehoach.txt", ""])
def test_store_refuses_other_paths(name: str) -> None:
    with pytest.raises(RenderError):
        TemplateStore().path(name)


def test_renders_are_independent() -> None:
    store = TemplateStore()
    first = open_docx(render_docx(sample_context(signer_name="Trần Thị Bình"), store=store))
    second = open_docx(render_docx(sample_context(), store=store))
    assert first.tables[1].cell(0, 1).paragraphs[-1].text == "Trần Thị Bình"
    assert second.tables[1].cell(0, 1).paragraphs[-1].text == "Nguyễn Văn An"


def test_template_variables_are_the_context_fields() -> None:
    template = DocxTemplate(str(TEMPLATES_DIR / "kehoach.docx"))
    used = template.get_undeclared_template_variables(make_environment())
    assert used <= set(template_context(sample_context()))  # the context may carry more (review)
    assert {"agency_lines", "trich_yeu", "blocks", "recipients", "authority"} <= used


def test_committed_template_is_what_the_script_builds(tmp_path: Path) -> None:
    out = tmp_path / "rebuilt.docx"
    subprocess.run([sys.executable, str(ROOT / "templates" / "build_template.py"), "--out",
                    str(out)], check=True, capture_output=True, cwd=ROOT)
    with zipfile.ZipFile(out) as new, zipfile.ZipFile(TEMPLATES_DIR / "kehoach.docx") as old:
        assert new.namelist() == old.namelist()
        for name in new.namelist():
            assert new.read(name) == old.read(name), f"{name}: run templates/build_template.py"
