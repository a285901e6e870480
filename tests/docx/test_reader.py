"""Reading a .docx into the review model: effective formatting through the style hierarchy,
paragraph order, page headers and fields, Word numbering, text boxes, bad input."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from nd30_docx import add_page_field, to_bytes

from service.docx.model import DocModel, Para, Table
from service.docx.numbering import format_number, roman
from service.docx.reader import read_docx
from service.errors import RequestError

Doc = Document


def _doc() -> Doc:
    return docx.Document()


def _model(doc: Doc) -> DocModel:
    return read_docx(to_bytes(doc))


def _para(model: DocModel, text: str) -> Para:
    return next(p for p in model.paragraphs if p.text == text)


def _defaults_rpr(doc: Doc) -> BaseOxmlElement:
    found = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert found is not None
    return found  # type: ignore[no-any-return]


def test_size_only_in_doc_defaults() -> None:
    doc = _doc()
    _defaults_rpr(doc).find(qn("w:sz")).set(qn("w:val"), "27")
    doc.add_paragraph("văn bản")
    run = _para(_model(doc), "văn bản").runs[0]
    assert run.fmt.size_half == 27


def test_size_only_in_based_on_style() -> None:
    doc = _doc()
    base = doc.styles.add_style("KHBase", WD_STYLE_TYPE.PARAGRAPH)
    base.font.size = Pt(13)
    child = doc.styles.add_style("KHChild", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    child.font.bold = True
    doc.add_paragraph("kế thừa", style="KHChild")
    run = _para(_model(doc), "kế thừa").runs[0]
    assert (run.fmt.size_half, run.fmt.bold) == (26, True)


@pytest.mark.parametrize(("para_bold", "char_bold", "direct", "expected"), [
    (False, False, None, False),
    (True, False, None, True),
    (False, True, None, True),
    (True, True, None, False),  # a toggle from a character style flips the paragraph's value
    (True, True, True, True),  # direct formatting sets the value outright
    (True, False, False, False),
])
def test_bold_toggles_between_paragraph_and_character_style(
        para_bold: bool, char_bold: bool, direct: bool | None, expected: bool) -> None:
    doc = _doc()
    pstyle = doc.styles.add_style("P1", WD_STYLE_TYPE.PARAGRAPH)
    pstyle.font.bold = para_bold or None
    cstyle = doc.styles.add_style("C1", WD_STYLE_TYPE.CHARACTER)
    cstyle.font.bold = char_bold or None
    run = doc.add_paragraph(style="P1").add_run("chữ", style="C1")
    run.bold = direct
    assert bool(_para(_model(doc), "chữ").runs[0].fmt.bold) is expected


def test_direct_formatting_beats_styles_and_defaults() -> None:
    doc = _doc()
    style = doc.styles.add_style("P2", WD_STYLE_TYPE.PARAGRAPH)
    style.font.size, style.font.name = Pt(12), "Arial"
    run = doc.add_paragraph(style="P2").add_run("trực tiếp")
    run.font.size, run.font.name = Pt(14), "Times New Roman"
    fmt = _para(_model(doc), "trực tiếp").runs[0].fmt
    assert (fmt.size_half, fmt.ascii and fmt.ascii.name) == (28, "Times New Roman")


def test_theme_fonts_are_resolved_and_flagged() -> None:
    doc = _doc()  # python-docx's template: docDefaults use asciiTheme="minorHAnsi"
    doc.add_paragraph("chủ đề")
    font = _para(_model(doc), "chủ đề").runs[0].fmt.h_ansi
    assert font is not None
    assert font.theme == "minorHAnsi"
    assert font.name == "Cambria"


def test_paragraph_properties_resolve_through_styles() -> None:
    doc = _doc()
    style = doc.styles.add_style("Body", WD_STYLE_TYPE.PARAGRAPH)
    style.paragraph_format.first_line_indent = docx.shared.Cm(1)
    style.paragraph_format.space_before = Pt(6)
    p = doc.add_paragraph("đoạn", style="Body")
    p.paragraph_format.space_after = Pt(3)
    fmt = _para(_model(doc), "đoạn").fmt
    assert (fmt.indent_first, fmt.before, fmt.after) == (567, 120, 60)
    assert (fmt.line_eff, fmt.line_rule_eff) == (276, "auto")  # from docDefaults


def test_table_cell_paragraphs_are_numbered_in_document_order() -> None:
    doc = _doc()
    doc.add_paragraph("một")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("hai")
    table.cell(0, 1).paragraphs[0].add_run("ba")
    table.cell(0, 1).add_paragraph("bốn")
    doc.add_paragraph("năm")
    model = _model(doc)
    assert [(p.index, p.text) for p in model.paragraphs] == [
        (0, "một"), (1, "hai"), (2, "ba"), (3, "bốn"), (4, "năm")]
    assert isinstance(model.blocks[1], Table)
    assert model.blocks[1].columns == 2


@pytest.mark.parametrize("complex_field", [True, False], ids=["instrText", "fldSimple"])
def test_page_fields_in_headers(complex_field: bool) -> None:
    doc = _doc()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    add_page_field(section.header.paragraphs[0], complex_field=complex_field)
    section.first_page_header.paragraphs[0].add_run("Trang đầu")
    [model_section] = _model(doc).sections
    default, first = model_section.part("default"), model_section.part("first")
    assert model_section.title_pg
    assert default is not None
    assert len(default.page_fields) == 1
    assert first is not None
    assert first.page_fields == ()


def test_numpages_is_not_a_page_field() -> None:
    doc = _doc()
    p = doc.sections[0].header.paragraphs[0]
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), " NUMPAGES ")
    p._p.append(simple)
    default = _model(doc).sections[0].part("default")
    assert default is not None
    assert default.page_fields == ()


def _numbering(doc: Doc) -> None:
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="70">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%3)"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="70">'
                               '<w:abstractNumId w:val="70"/></w:num>'))


def _numbered(doc: Doc, text: str, level: int) -> None:
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="70"/></w:numPr>'))


def test_word_numbering_labels_are_computed() -> None:
    doc = _doc()
    _numbering(doc)
    for text, level in (("MỤC ĐÍCH", 0), ("Mục đích", 1), ("một", 2), ("hai", 2),
                        ("Yêu cầu", 1), ("NỘI DUNG", 0), ("Tuyên truyền", 1)):
        _numbered(doc, text, level)
    model = _model(doc)
    assert [p.text for p in model.paragraphs] == [
        "I. MỤC ĐÍCH", "1. Mục đích", "a) một", "b) hai", "2. Yêu cầu", "II. NỘI DUNG",
        "1. Tuyên truyền"]
    assert model.paragraphs[2].raw == "một"
    assert model.paragraphs[2].fmt.indent_first == -360  # the level's hanging indent


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (4, "upperRoman", "IV"), (9, "upperRoman", "IX"), (14, "lowerRoman", "xiv"),
    (3, "lowerLetter", "c"), (27, "upperLetter", "AA"), (7, "decimalZero", "07"),
    (12, "decimal", "12"),
])
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected
    assert roman(1994) == "MCMXCIV"


def test_text_box_text_is_kept_apart() -> None:
    doc = _doc()
    p = doc.add_paragraph("ngoài")
    box = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml">'
        '<w:pict><v:shape><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    p._p.append(box)
    para = _model(doc).paragraphs[0]
    assert para.text == "ngoài"
    assert para.textbox == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_line_breaks_tabs_and_caps_in_text() -> None:
    doc = _doc()
    p = doc.add_paragraph()
    p.add_run("ủy ban").font.all_caps = True
    p.add_run("\tA")
    p.runs[-1].add_break()
    p.add_run("B")
    para = _model(doc).paragraphs[0]
    assert para.raw == "ủy ban\tA\nB"
    assert para.text == "ỦY BAN\tA\nB"


def test_hidden_text_is_not_text() -> None:
    doc = _doc()
    p = doc.add_paragraph("hiện")
    p.add_run(" ẩn").font.hidden = True
    assert _model(doc).paragraphs[0].text == "hiện"


def test_document_without_tables_or_sections_content() -> None:
    doc = _doc()
    doc.add_paragraph("Chỉ một đoạn")
    model = _model(doc)
    assert len(model.blocks) == 1
    assert len(model.sections) == 1


def _rezipped(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """`data` with each member passed through `change` (None: left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if (content := change(name, source.read(name))) is not None:
                target.writestr(name, content)
    return out.getvalue()


def _template(name: str, content: bytes) -> bytes:
    main = b"wordprocessingml.document.main+xml"
    return content.replace(main, b"wordprocessingml.template.main+xml") if (
        name == "[Content_Types].xml") else content


def _no_body(name: str, content: bytes) -> bytes:
    return b'<w:document xmlns:w="%s"/>' % nsmap["w"].encode() if (
        name == "word/document.xml") else content


@pytest.mark.parametrize(("change", "words"), [
    (lambda name, content: None if name == "word/document.xml" else content, "document.xml"),
    (lambda name, content: None if name == "[Content_Types].xml" else content,
     "[Content_Types].xml"),
    (_template, "không phải văn bản Word"),
    (_no_body, "không có phần thân"),
    (lambda name, content: b"<w:document" if name == "word/styles.xml" else content, ""),
], ids=["no main part", "no content types", "a template (.dotx)", "no body", "broken styles"])
def test_a_package_that_is_not_a_word_document_is_a_request_error(
        change: Callable[[str, bytes], bytes | None], words: str) -> None:
    doc = _doc()
    doc.add_paragraph("văn bản")
    with pytest.raises(RequestError) as caught:
        read_docx(_rezipped(to_bytes(doc), change))
    assert caught.value.field == "file"
    assert words in caught.value.message


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken"], ids=["text", "zip"])
def test_unreadable_file_is_a_request_error(data: bytes) -> None:
    with pytest.raises(RequestError) as caught:
        read_docx(data)
    assert caught.value.field == "file"


def test_a_paragraph_read_before_is_the_same_but_for_its_place() -> None:
    first, second = _doc(), _doc()
    first.add_paragraph("một")
    for text in ("hai", "một"):
        second.add_paragraph(text, style="Title")
    second.add_paragraph("một")
    a, b = _model(first).paragraphs[0], _model(second).paragraphs[2]
    assert (a.index, b.index) == (0, 2)
    assert (a.text, a.fmt, a.runs, a.mark) == (b.text, b.fmt, b.runs, b.mark)
    title = _model(second).paragraphs[1]
    assert title.style == "Title"
    assert title.fmt != a.fmt


def test_a_numbered_paragraph_takes_its_number_in_each_document() -> None:
    docs = [_doc(), _doc()]
    for doc, texts in zip(docs, (["một"], ["không", "một"]), strict=True):
        _numbering(doc)
        for text in texts:
            _numbered(doc, text, 0)
    assert [p.text for p in _model(docs[0]).paragraphs] == ["I. một"]
    assert [p.text for p in _model(docs[1]).paragraphs] == ["I. không", "II. một"]
