"""The ND30 checker on crafted documents: the clean baseline has no error and no warning; each
mutation makes exactly the expected rule ids fire (errors and warnings), nothing else."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from nd30_docx import (
    AGENCY,
    BODY,
    DATE,
    QH,
    SO,
    TN,
    TRICH_YEU,
    add_page_field,
    body_paragraphs,
    build_clean,
    para,
    set_text,
    to_bytes,
)

from service.deps import Deps
from service.review import check_docx
from service.review.findings import Finding

Doc = Document
Mutation = Callable[[Doc], None]


def reported(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings if f.severity in ("error", "warning")}


def test_clean_baseline_has_no_error_and_no_warning(clean_bytes: bytes, deps: Deps) -> None:
    findings = check_docx(clean_bytes, deps)
    assert [(f.rule, f.message) for f in findings] == []


@pytest.mark.parametrize("one_row", [False, True], ids=["two-row header", "one-row header"])
def test_header_layouts_of_the_models_are_clean(one_row: bool, deps: Deps) -> None:
    assert check_docx(to_bytes(build_clean(one_row=one_row)), deps) == []


# --- mutations -------------------------------------------------------------------------------

def _runs(doc: Doc, starts: str) -> list[Run]:
    return list(para(doc, starts).runs)


def _each_body_run(doc: Doc, change: Callable[[Run], None]) -> None:
    for p in body_paragraphs(doc):
        for run in p.runs:
            change(run)


def _size(starts: str, pt: float) -> Mutation:
    def mutate(doc: Doc) -> None:
        for run in _runs(doc, starts):
            run.font.size = Pt(pt)
    return mutate


def _bold(starts: str, value: bool) -> Mutation:
    def mutate(doc: Doc) -> None:
        for run in _runs(doc, starts):
            run.bold = value
    return mutate


def _italic(starts: str, value: bool) -> Mutation:
    def mutate(doc: Doc) -> None:
        for run in _runs(doc, starts):
            run.italic = value
    return mutate


def _text(starts: str, text: str) -> Mutation:
    return lambda doc: set_text(para(doc, starts), text)


def _margin(side: str, mm: float) -> Mutation:
    return lambda doc: setattr(doc.sections[0], f"{side}_margin", Mm(mm))


def _line_under(doc: Doc, starts: str) -> Paragraph:
    p = para(doc, starts)
    nxt = p._p.getnext()
    return Paragraph(nxt, p._parent)


def _border(p: Paragraph) -> BaseOxmlElement:
    found = p._p.get_or_add_pPr().find(qn("w:pBdr"))
    assert found is not None
    return found  # type: ignore[no-any-return]


def _remove_tn_line(doc: Doc) -> None:
    line = _line_under(doc, TN)
    line._p.get_or_add_pPr().remove(_border(line))


def _dashed_tn_line(doc: Doc) -> None:
    bottom = _border(_line_under(doc, TN)).find(qn("w:bottom"))
    assert bottom is not None
    bottom.set(qn("w:val"), "dashed")


def _off_centre_tn_line(doc: Doc) -> None:
    fmt = _line_under(doc, TN).paragraph_format
    fmt.right_indent, fmt.left_indent = fmt.left_indent + fmt.right_indent, 0


def _page_number_on_first_page(doc: Doc) -> None:
    first = doc.sections[0].first_page_header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(first, complex_field=True)


def _page_number_in_footer(doc: Doc) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header._p.getparent().remove(header._p)
    section.header.add_paragraph()
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(footer, complex_field=False)


def _caps_qh(doc: Doc) -> None:
    p = para(doc, QH)
    set_text(p, "Cộng hòa xã hội chủ nghĩa Việt Nam")
    p.runs[0].font.all_caps = True


def _decomposed(doc: Doc) -> None:
    p = para(doc, "Tổ chức tuyên truyền")
    set_text(p, unicodedata.normalize("NFD", p.text))


def _auto_numbered_headings(doc: Doc) -> None:
    numbering = doc.part.numbering_part.element
    abstract = _xml(
        '<w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl></w:abstractNum>')
    numbering.insert(0, abstract)
    numbering.append(_xml('<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for p in body_paragraphs(doc):
        if p.text.split(" ")[0] in ("I.", "II.", "III."):
            set_text(p, p.text.split(" ", 1)[1])
            num = _xml('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
            style = p._p.get_or_add_pPr().find(qn("w:pStyle"))
            assert style is not None
            style.addnext(num)


def _xml(text: str) -> BaseOxmlElement:
    """Parse `text`, declaring the w: namespace on its root element."""
    tag_end = min(i for i in (text.find(" "), text.find(">")) if i > 0)
    return parse_xml(f"{text[:tag_end]} {nsdecls('w')}{text[tag_end:]}")


def _drop_table(which: int) -> Mutation:
    def mutate(doc: Doc) -> None:
        tbl = doc.tables[which]._tbl
        tbl.getparent().remove(tbl)
    return mutate


def _bordered_header_table(doc: Doc) -> None:
    borders = doc.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    for side in borders:
        side.set(qn("w:val"), "single")
        side.set(qn("w:sz"), "4")


def _underline_agency_line(doc: Doc) -> None:
    line = _line_under(doc, AGENCY[1])
    line._p.get_or_add_pPr().remove(_border(line))
    for name in AGENCY:
        for run in _runs(doc, name):
            run.underline = True


def _first_body(kind: str) -> Callable[[Doc], Paragraph]:
    return lambda doc: para(doc, next(t for k, t in BODY if k == kind and t[0].isalpha()))


def _para_format(attr: str, value: object) -> Mutation:
    return lambda doc: setattr(para(doc, "Tổ chức tuyên truyền").paragraph_format, attr, value)


def _theme_font(doc: Doc) -> None:
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")
    fonts.set(qn("w:hAnsiTheme"), "minorHAnsi")
    doc.styles["KHBody"].element.get_or_add_rPr().insert(0, fonts)


def _colour(doc: Doc) -> None:
    para(doc, "Tổ chức tuyên truyền").runs[0].font.color.rgb = RGBColor(0xFF, 0, 0)


def _highlight(doc: Doc) -> None:
    para(doc, "Tổ chức tuyên truyền").runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW


def _landscape(doc: Doc) -> None:
    s = doc.sections[0]
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Mm(297), Mm(210)


def _letter(doc: Doc) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(215.9), Mm(279.4)


def _gap_between_qh_and_tn(doc: Doc) -> None:
    qh = para(doc, QH)
    gap = OxmlElement("w:p")
    qh._p.addnext(gap)


def _date_in_first_row(doc: Doc) -> None:
    date = para(doc, DATE)
    cell = doc.tables[0].cell(0, 1)
    cell._tc.append(date._p)
    doc.tables[0].cell(1, 1)._tc.append(OxmlElement("w:p"))


def _recipient_en_dash(doc: Doc) -> None:
    set_text(para(doc, "- Công an tỉnh;"), "– Công an tỉnh;")


def _page_number_size(pt: float) -> Mutation:
    def mutate(doc: Doc) -> None:
        for run in doc.sections[0].header.paragraphs[0].runs:
            run.font.size = Pt(pt)
    return mutate


def _recipients_size(pt: float) -> Mutation:
    def mutate(doc: Doc) -> None:
        for start in ("- UBND", "- Công an", "- Đảng", "- Lưu"):
            _size(start, pt)(doc)
    return mutate


MUTATIONS: list[tuple[str, Mutation, set[str]]] = [
    ("margin left 25 mm", _margin("left", 25), {"MARGINS_LEFT"}),
    ("margin top 15 mm", _margin("top", 15), {"MARGINS_TOP"}),
    ("margin right 25 mm", _margin("right", 25), {"MARGINS_RIGHT"}),
    ("paper Letter", _letter, {"PAGE_A4"}),
    ("landscape", _landscape, {"PAGE_PORTRAIT", "TRICH_YEU_LINE_LENGTH"}),
    ("Arial run", lambda d: setattr(para(d, "Tổ chức tuyên truyền").runs[0].font, "name",
                                    "Arial"), {"FONT_FAMILY"}),
    ("theme font in body style", _theme_font, {"FONT_FAMILY"}),
    ("red text", _colour, {"FONT_COLOR"}),
    ("highlighted text", _highlight, {"FONT_HIGHLIGHT"}),
    ("12 pt body", lambda d: _each_body_run(d, lambda r: setattr(r.font, "size", Pt(12))),
     {"BODY_PARA_SIZE"}),
    ("one 13 pt paragraph", _size("Tổ chức tuyên truyền", 13), {"BODY_SIZE_UNIFORM"}),
    ("italic body", _italic("Tổ chức tuyên truyền", True), {"BODY_NOT_ITALIC"}),
    ("body left aligned", _para_format("alignment", WD_ALIGN_PARAGRAPH.LEFT),
     {"BODY_PARA_ALIGN"}),
    ("no first-line indent", _para_format("first_line_indent", 0), {"BODY_PARA_INDENT"}),
    ("no paragraph spacing", _para_format("space_before", 0), {"BODY_PARA_SPACING"}),
    ("double line spacing", _para_format("line_spacing", 2.0), {"BODY_PARA_LINE"}),
    ("month padded 03", _text(DATE, "Tân An, ngày 05 tháng 03 năm 2026"), {"DATE_TEXT_MONTH"}),
    ("month 2 not padded", _text(DATE, "Tân An, ngày 05 tháng 2 năm 2026"), {"DATE_TEXT_MONTH"}),
    ("day not padded", _text(DATE, "Tân An, ngày 5 tháng 02 năm 2026"), {"DATE_TEXT_DAY"}),
    ("no comma after place", _text(DATE, "Tân An ngày 05 tháng 02 năm 2026"),
     {"DATE_TEXT_COMMA"}),
    ("place in lower case", _text(DATE, "tân An, ngày 05 tháng 02 năm 2026"),
     {"DATE_TEXT_PLACE"}),
    ("31 February", _text(DATE, "Tân An, ngày 31 tháng 02 năm 2026"), {"DATE_TEXT_INVALID"}),
    ("date not italic", _italic(DATE, False), {"DATE_FMT_ITALIC"}),
    ("date in another row than Số", _date_in_first_row, {"SO_DATE_SAME_LINE"}),
    ("number not padded", _text(SO, "Số: 5/KH-UBND"), {"SO_KH_NUMBER"}),
    ("symbol of another kind", _text(SO, "Số: 05/QĐ-UBND"), {"SO_KH_SYMBOL"}),
    ("no colon after Số", _text(SO, "Số 05/KH-UBND"), {"SO_KH"}),
    ("Số bold", _bold(SO, True), {"SO_KH_FMT_BOLD"}),
    ("Tiêu ngữ with en dashes and capitals", _text(TN, "Độc Lập – Tự Do – Hạnh Phúc"),
     {"TN_TEXT_DASH", "TN_TEXT_CASE"}),
    ("Tiêu ngữ without spaces", _text(TN, "Độc lập-Tự do-Hạnh phúc"), {"TN_TEXT_SPACE"}),
    ("empty line between QH and TN", _gap_between_qh_and_tn, {"TN_TEXT_GAP"}),
    ("QH not bold", _bold(QH, False), {"QH_FMT_BOLD"}),
    ("QH 14 pt", _size(QH, 14), {"QH_FMT_SIZE", "QH_TN_PAIR", "HDR_FIT"}),
    ("QH with w:caps", _caps_qh, {"CAPS_REAL"}),
    ("no line under TN", _remove_tn_line, {"TN_LINE"}),
    ("dashed line under TN", _dashed_tn_line, {"TN_LINE_STYLE"}),
    ("off-centre line under TN", _off_centre_tn_line, {"TN_LINE_CENTER"}),
    ("agency underlined instead of a line", _underline_agency_line, {"AGENCY_LINE_LENGTH"}),
    ("agency not bold", _bold(AGENCY[1], False), {"AGENCY_FMT_BOLD"}),
    ("header table with borders", _bordered_header_table, {"HDR_TABLE_BORDERS"}),
    ("no header table", _drop_table(0),
     {"HDR_TABLE", "QH_TEXT", "SO_KH", "DATE_TEXT", "AGENCY_TEXT"}),
    ("title not centred", lambda d: setattr(para(d, "KẾ HOẠCH"), "alignment",
                                            WD_ALIGN_PARAGRAPH.LEFT), {"TITLE_KH_FMT_ALIGN"}),
    ("trích yếu in capitals", _text(TRICH_YEU, TRICH_YEU.upper()), {"TRICH_YEU_CASE"}),
    ("trích yếu italic", _italic(TRICH_YEU, True), {"TRICH_YEU_FMT_ITALIC"}),
    ("no titlePg", lambda d: setattr(d.sections[0], "different_first_page_header_footer",
                                     False), {"PAGENUM_FIRST_HIDDEN"}),
    ("page number on page 1", _page_number_on_first_page, {"PAGENUM_FIRST_HIDDEN"}),
    ("page number in the footer", _page_number_in_footer, {"PAGENUM_PLACE"}),
    ("page number 12 pt", _page_number_size(12), {"PAGENUM_FMT_SIZE"}),
    ("Roman heading not bold", _bold("I. MỤC ĐÍCH", False), {"HEAD_ROMAN_BOLD"}),
    ("Roman heading in lower case", _text("II. NỘI DUNG", "II. Nội dung thực hiện"),
     {"HEAD_ROMAN_CAPS"}),
    ("khoản title not bold", _bold("1. Mục đích", False), {"HEAD_KHOAN_BOLD"}),
    ("điểm out of order", _text("b) Huy động", "c) Huy động sức mạnh tổng hợp."),
     {"HEAD_DIEM_ORDER"}),
    ("căn cứ ending with a full stop", _text("Căn cứ Luật", "Căn cứ Luật Phòng, chống ma túy."),
     {"CAN_CU_PUNCT"}),
    ("Word auto-numbering on headings", _auto_numbered_headings, {"BODY_AUTONUM"}),
    ("decomposed Unicode", _decomposed, {"TEXT_UNICODE"}),
    ("missing ./.", _text("2. Các ngành", "2. Các ngành phối hợp thực hiện."), {"END_MARK"}),
    ("unit name capitalised", _text("Tổ chức tuyên truyền",
                                    "Tổ chức tuyên truyền trên địa bàn Xã Tân An."),
     {"VIET_HOA_UNITS"}),
    ("citation without date and issuer", _text("Căn cứ Nghị định", "Căn cứ Nghị định số "
                                               "105/2021/NĐ-CP quy định chi tiết;"),
     {"CITATION_FIRST"}),
    ("mixed tone-mark placement", _text("Tổ chức tuyên truyền", "Tuyên truyền về ma tuý."),
     {"SPELL_VARIANTS"}),
    ("no signature table", _drop_table(1), {"SIG_TABLE"}),
    ("signer with a degree", _text("Nguyễn Văn An", "TS. Nguyễn Văn An"), {"SIG_NAME_PREFIX"}),
    ("signer in capitals", _text("Nguyễn Văn An", "NGUYỄN VĂN AN"), {"SIG_NAME_FMT_CAPS"}),
    ("KT. without a deputy title", _text("CHỦ TỊCH", "KT. CHỦ TỊCH"), {"SIG_AUTH"}),
    ("Nơi nhận 14 pt", _size("Nơi nhận:", 14), {"NOI_NHAN_LABEL_FMT_SIZE"}),
    ("Nơi nhận not italic", _italic("Nơi nhận:", False), {"NOI_NHAN_LABEL_FMT_ITALIC"}),
    ("recipients 14 pt", _recipients_size(14), {"NOI_NHAN_ITEMS_FMT_SIZE"}),
    ("recipient with an en dash", _recipient_en_dash, {"NOI_NHAN_ITEMS_DASH"}),
    ("recipient without semicolon", _text("- Công an tỉnh;", "- Công an tỉnh"),
     {"NOI_NHAN_ITEMS_SEMI"}),
    ("last recipient not Lưu", _text("- Lưu: VT, VP.", "- Văn phòng UBND xã."),
     {"NOI_NHAN_ITEMS_LUU"}),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in MUTATIONS],
                         ids=[name for name, _, _ in MUTATIONS])
def test_mutation_reports_exactly_its_rules(clean: Doc, mutate: Mutation,
                                            expected: set[str], deps: Deps) -> None:
    mutate(clean)
    findings = check_docx(to_bytes(clean), deps)
    assert reported(findings) == expected, [(f.rule, f.message) for f in findings]


def test_message_is_specific(clean: Doc, deps: Deps) -> None:
    _margin("left", 25)(clean)
    [finding] = check_docx(to_bytes(clean), deps)
    assert finding.message == "Lề trái 25,0 mm, phải từ 30 đến 35 mm"
    assert finding.source == "Phụ lục I, mục I.3"
    assert finding.where.part == "page"
    assert finding.where.paragraph == -1


def test_tieu_ngu_dash_finding_points_at_the_paragraph(clean: Doc, deps: Deps) -> None:
    _text(TN, "Độc lập – Tự do – Hạnh phúc")(clean)
    [finding] = check_docx(to_bytes(clean), deps)
    assert finding.rule == "TN_TEXT_DASH"
    assert finding.where.part == "header"
    assert finding.where.excerpt == "Độc lập – Tự do – Hạnh phúc"
    assert "–" in finding.message
