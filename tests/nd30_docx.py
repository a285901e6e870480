"""Builds small .docx files for the review tests with python-docx.

`build_clean()` is a KẾ HOẠCH laid out exactly as nd30.md says: A4, margins 20/20/30/15 mm,
Times New Roman from docDefaults, a borderless 2×2 header table (agency | Quốc hiệu and Tiêu ngữ,
Số | place and date), the lines under the Tiêu ngữ, the agency and the trích yếu drawn as
paragraph bottom borders, a justified 14 pt body (from a paragraph style) with Roman and Arabic
headings and "./.", a borderless signature table with "Nơi nhận:", a centred 14 pt PAGE field in
the default page header and an empty first-page header.  Tests mutate it with the helpers below.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from service.docx.metrics import width_mm

TEXT_WIDTH_MM = 165.0  # 210 − 30 − 15
LEFT_COL_MM, RIGHT_COL_MM = 62.0, 103.0
SIG_LEFT_MM, SIG_RIGHT_MM = 60.0, 105.0
CELL_MARGIN_TW = 108
TWIPS_PER_MM = 1440 / 25.4

AGENCY = ("ỦY BAN NHÂN DÂN", "XÃ TÂN AN")
QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"
SO = "Số: 05/KH-UBND"
DATE = "Tân An, ngày 05 tháng 02 năm 2026"
TRICH_YEU = "Phòng, chống ma túy trên địa bàn xã Tân An năm 2026"
BODY: tuple[tuple[str, str], ...] = (  # (kind, text); kind: plain | bold | inline
    ("plain", "Căn cứ Luật Phòng, chống ma túy ngày 30 tháng 3 năm 2021;"),
    ("plain", "Căn cứ Nghị định số 105/2021/NĐ-CP ngày 04/12/2021 của Chính phủ quy định chi "
              "tiết và hướng dẫn thi hành một số điều của Luật Phòng, chống ma túy;"),
    ("plain", "Ủy ban nhân dân xã Tân An ban hành Kế hoạch phòng, chống ma túy năm 2026 như "
              "sau:"),
    ("bold", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("bold", "1. Mục đích"),
    ("plain", "a) Nâng cao nhận thức của cán bộ và Nhân dân về tác hại của ma túy;"),
    ("plain", "b) Huy động sức mạnh tổng hợp của cả hệ thống chính trị trong công tác phòng, "
              "chống ma túy."),
    ("bold", "2. Yêu cầu"),
    ("plain", "Các ngành, đoàn thể triển khai thực hiện nghiêm túc, hiệu quả các nội dung của "
              "Kế hoạch."),
    ("bold", "II. NỘI DUNG THỰC HIỆN"),
    ("bold", "1. Công tác tuyên truyền"),
    ("plain", "Tổ chức tuyên truyền bằng nhiều hình thức phù hợp với từng đối tượng trên địa "
              "bàn xã."),
    ("bold", "2. Công tác quản lý người sử dụng trái phép chất ma túy"),
    ("plain", "Công an xã chủ trì, phối hợp với các đoàn thể rà soát, lập danh sách người sử "
              "dụng trái phép chất ma túy."),
    ("bold", "III. TỔ CHỨC THỰC HIỆN"),
    ("inline", "1. Công an xã: Chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch này."),
    ("plain", "2. Các ngành, đoàn thể căn cứ chức năng, nhiệm vụ phối hợp thực hiện; định kỳ "
              "báo cáo kết quả về Ủy ban nhân dân xã./."),
)
RECIPIENTS = ("- UBND tỉnh (để báo cáo);", "- Công an tỉnh;", "- Đảng ủy xã;", "- Lưu: VT, VP.")
AUTHORITY = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
SIGNER = "Nguyễn Văn An"


@dataclass(frozen=True)
class PlanText:
    """The words of a KẾ HOẠCH; `build_plan` lays them out as the clean baseline is laid out.
    Body items are (kind, text), kind plain | bold | inline ("Lead: rest", lead in bold); a text
    may carry *italic* spans."""

    agency: Sequence[str] = AGENCY
    so: str = SO
    date: str = DATE
    trich_yeu: Sequence[str] = (TRICH_YEU,)
    body: Sequence[tuple[str, str]] = BODY
    recipients: Sequence[str] = RECIPIENTS
    authority: Sequence[str] = AUTHORITY
    signer: str = SIGNER


def to_bytes(doc: Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def build_clean(*, right_col_mm: float = RIGHT_COL_MM, one_row: bool = False
                ) -> Document:
    """The clean baseline; `right_col_mm` and `one_row` (the official 1-row header table of
    Mẫu 1.4) vary the header layout without breaking any rule."""
    return build_plan(PlanText(), right_col_mm=right_col_mm, one_row=one_row)


def build_plan(plan: PlanText, *, right_col_mm: float = RIGHT_COL_MM, one_row: bool = False
               ) -> Document:
    """`plan` laid out as the clean baseline (used for the source plans' .docx too)."""
    doc = docx.Document()
    _defaults(doc)
    _page(doc)
    _header_table(doc, plan, right_col_mm, one_row=one_row)
    doc.add_paragraph(style="KHBody").paragraph_format.first_line_indent = 0
    _title(doc, plan.trich_yeu)
    for kind, text in plan.body:
        _body_para(doc, kind, text)
    _signature(doc, plan)
    return doc


# --- pieces ---------------------------------------------------------------------------------

def _defaults(doc: Document) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), "Times New Roman")
    rpr.find(qn("w:sz")).set(qn("w:val"), "28")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "28")
    body = doc.styles.add_style("KHBody", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = doc.styles["Normal"]
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(10)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(6), Pt(0), 1.0


def _page(doc: Document) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    s.header_distance = Mm(10)
    s.different_first_page_header_footer = True
    p = s.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(p, complex_field=True)
    s.first_page_header.is_linked_to_previous = False


def add_page_field(p: Paragraph, *, complex_field: bool) -> None:
    """A PAGE field, as Word writes it (complex: fldChar/instrText) or as fldSimple."""
    if not complex_field:
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), " PAGE ")
        simple.append(_run_xml("2", size=28))
        p._p.append(simple)
        return
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"),
                       ("end", None)):
        run = p.add_run()
        run.font.size = Pt(14)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _run_xml(text: str, *, size: int) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(size))
    rpr.append(sz)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    return run


def no_borders(tbl_pr: BaseOxmlElement) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _table(doc: Document, rows: int, widths: tuple[float, float]
           ) -> Table:
    table = doc.add_table(rows=rows, cols=2)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    no_borders(tbl_pr)
    for k, col in enumerate(table.columns):
        col.width = Mm(widths[k])
        for cell in col.cells:
            cell.width = Mm(widths[k])
    return table  # type: ignore[no-any-return]


def cell_para(cell: _Cell, text: str = "", *, size: float = 13, bold: bool = False,
              italic: bool = False, first: bool = False,
              align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER
              ) -> Paragraph:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    if text:
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    else:
        mark_size(p, size)
    return p  # type: ignore[no-any-return]


def mark_size(p: Paragraph, size: float) -> None:
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)


def border_line(p: Paragraph, usable_mm: float, length_mm: float) -> None:
    """Draw a centred line of `length_mm` as the paragraph's bottom border (technique b)."""
    indent = Mm((usable_mm - length_mm) / 2)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = indent
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    pbdr.append(bottom)
    ppr = p._p.get_or_add_pPr()
    ppr.insert(0, pbdr) if ppr.find(qn("w:pStyle")) is None else ppr.find(
        qn("w:pStyle")).addnext(pbdr)


def usable(col_mm: float) -> float:
    return col_mm - 2 * CELL_MARGIN_TW / TWIPS_PER_MM


def _header_table(doc: Document, plan: PlanText, right_col_mm: float, *, one_row: bool
                  ) -> None:
    table = _table(doc, 1 if one_row else 2, (LEFT_COL_MM, right_col_mm))
    left, right = table.cell(0, 0), table.cell(0, 1)
    for k, line in enumerate(plan.agency):
        cell_para(left, line, bold=True, first=k == 0)
    agency_w = max(width_mm(a, 13, bold=True) for a in plan.agency)
    border_line(cell_para(left, size=13), usable(LEFT_COL_MM), agency_w * 0.42)
    cell_para(right, QH, bold=True, first=True)
    cell_para(right, TN, size=14, bold=True)
    tn_width = width_mm(TN, 14, bold=True)
    border_line(cell_para(right, size=14), usable(right_col_mm), tn_width)
    if one_row:
        cell_para(left, plan.so)
        cell_para(right, plan.date, italic=True)
    else:
        cell_para(table.cell(1, 0), plan.so, first=True)
        cell_para(table.cell(1, 1), plan.date, italic=True, first=True)


def _title(doc: Document, trich_yeu: Sequence[str] = (TRICH_YEU,)) -> None:
    title = doc.add_paragraph(style="KHBody")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = 0
    title.add_run("KẾ HOẠCH").bold = True
    for text in trich_yeu:
        trich = doc.add_paragraph(style="KHBody")
        trich.alignment = WD_ALIGN_PARAGRAPH.CENTER
        trich.paragraph_format.first_line_indent = 0
        trich.paragraph_format.space_before = 0
        trich.add_run(text).bold = True
    line = doc.add_paragraph(style="KHBody")
    line.paragraph_format.first_line_indent = 0
    width = min(max(width_mm(t, 14, bold=True) for t in trich_yeu), TEXT_WIDTH_MM)
    border_line(line, TEXT_WIDTH_MM, width * 0.42)


def _body_para(doc: Document, kind: str, text: str) -> None:
    p = doc.add_paragraph(style="KHBody")
    if kind == "inline":
        lead, rest = text.split(": ", 1)
        p.add_run(lead + ":").bold = True
        _runs(p, " " + rest, bold=None)
    else:
        _runs(p, text, bold=kind == "bold")


def _runs(p: Paragraph, text: str, *, bold: bool | None) -> None:
    """`text` as runs; *spans* between single asterisks in italics."""
    for k, piece in enumerate(text.split("*")):
        if piece:
            run = p.add_run(piece)
            run.bold = bold
            if k % 2:
                run.italic = True


def _signature(doc: Document, plan: PlanText) -> None:
    table = _table(doc, 1, (SIG_LEFT_MM, SIG_RIGHT_MM))
    left, right = table.cell(0, 0), table.cell(0, 1)
    cell_para(left, "Nơi nhận:", size=12, bold=True, italic=True, first=True,
              align=WD_ALIGN_PARAGRAPH.LEFT)
    for item in plan.recipients:
        cell_para(left, item, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for k, line in enumerate(plan.authority):
        cell_para(right, line, size=14, bold=True, first=k == 0)
    for _ in range(3):
        cell_para(right, size=14)
    cell_para(right, plan.signer, size=14, bold=True)


# --- finding things to mutate ----------------------------------------------------------------

def all_paragraphs(doc: Document) -> Iterator[Paragraph]:
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def para(doc: Document, starts: str) -> Paragraph:
    return next(p for p in all_paragraphs(doc) if p.text.startswith(starts))


def set_text(p: Paragraph, text: str) -> None:
    """Replace the text, keeping the first run's formatting."""
    runs = p.runs
    runs[0].text = text
    for extra in runs[1:]:
        extra._r.getparent().remove(extra._r)


def body_paragraphs(doc: Document) -> list[Paragraph]:
    texts = {text for _, text in BODY}
    return [p for p in doc.paragraphs if p.text in texts]
