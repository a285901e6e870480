"""The rendered layout, measured on a LibreOffice PDF (poppler: pdftotext -bbox-layout).

What python-docx cannot see: whether the Quốc hiệu, the Tiêu ngữ and the place-and-date line
really stand on one line each, whether "Số:" and the date share a line when the issuing body
wraps, how long the drawn lines are, and where the page number appears.  Times New Roman is
replaced by its metric twin Liberation Serif when it is not installed (checked below).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.document import Block, DocContext, render_docx

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="needs soffice (LibreOffice) and poppler-utils on PATH"),
]

MM = 72 / 25.4  # points per mm
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TRICH_YEU = "Về phòng, chống ma túy trên địa bàn xã Thượng Đức năm 2026"
LONG_PLACE = "Thành phố Hồ Chí Minh, ngày 29 tháng 12 năm 2026"
LONG_AGENCY = "BAN CHỈ ĐẠO PHÒNG, CHỐNG TỘI PHẠM, TỆ NẠN XÃ HỘI VÀ MA TÚY"


def plan(**changes: object) -> DocContext:
    blocks = (
        Block("preamble", "Căn cứ Luật Phòng, chống ma túy ngày 30 tháng 3 năm 2021;"),
        Block("section", "MỤC ĐÍCH, YÊU CẦU", label="I."),
        Block("heading", "Mục đích", label="1."),
        Block("para", "Nâng cao nhận thức, trách nhiệm của cán bộ, đảng viên và Nhân dân trong"
                      " công tác phòng, chống ma túy; huy động cả hệ thống chính trị tham gia.",
              label="-"),
        Block("inline", "Chủ trì, phối hợp với các đơn vị liên quan tham mưu Ủy ban nhân dân xã"
                        " triển khai thực hiện Kế hoạch này.", label="1.", lead="Công an xã"),
    )
    ctx = DocContext(
        agency_lines=("ỦY BAN NHÂN DÂN", "XÃ THƯỢNG ĐỨC"),
        number_line="Số: 05/KH-UBND",
        place_date="Thượng Đức, ngày 05 tháng 02 năm 2026",
        trich_yeu=(TRICH_YEU,),
        blocks=blocks,
        recipients=("- UBND tỉnh (để báo cáo);", "- Lưu: VT, CA."),
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        signer_name="Nguyễn Văn An",
    )
    return dataclasses.replace(ctx, **changes)  # type: ignore[arg-type]


CASES: dict[str, DocContext] = {
    "commune": plan(),
    "city": plan(agency_lines=("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"),
                 place_date=LONG_PLACE),
    "long-agency": plan(parent_lines=("UBND XÃ THƯỢNG ĐỨC",), agency_lines=(LONG_AGENCY,),
                        place_date=LONG_PLACE),
    "two-pages": plan(blocks=plan().blocks * 12),
}


@dataclass(frozen=True)
class Line:
    """A text line of the PDF, in points from the top-left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Rule:
    """A horizontal stroke of the PDF, in points from the top-left corner."""

    x0: float
    x1: float
    y: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("lo")
    docs = []
    for name, ctx in CASES.items():
        path = work / f"{name}.docx"
        path.write_bytes(render_docx(ctx))
        docs.append(str(path))
    profile = (work / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), *docs],
                   check=True, capture_output=True, timeout=240)
    return {name: work / f"{name}.pdf" for name in CASES}


def text_lines(pdf: Path, page: int = 1) -> list[Line]:
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page),
                          str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    root = ET.fromstring(out)
    lines = []
    for el in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = [w.text or "" for w in el.iter("{http://www.w3.org/1999/xhtml}word")]
        box = [float(el.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
        lines.append(Line(" ".join(words), *box))
    return lines


def page_height(pdf: Path) -> float:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert found, info
    return float(found.group(2))


def rules(pdf: Path, page: int = 1) -> list[Rule]:
    """Horizontal strokes ("x y m x' y l S") drawn on one page, from its content streams."""
    single = pdf.with_name(f"{pdf.stem}-p{page}.pdf")
    subprocess.run(["pdfseparate", "-f", str(page), "-l", str(page), str(pdf), str(single)],
                   check=True, capture_output=True)
    height = page_height(single)
    found = set()
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", single.read_bytes(), re.S):
        try:
            content = zlib.decompress(raw).decode("latin-1")
        except zlib.error:
            continue
        pattern = r"([\d.]+) ([\d.]+) m\s+([\d.]+) ([\d.]+) l\s+S"
        for x0, y0, x1, y1 in re.findall(pattern, content):
            if float(y0) == float(y1) and abs(float(x1) - float(x0)) > 5:
                left, right = sorted((float(x0), float(x1)))
                found.add(Rule(left, right, height - float(y0)))
    return sorted(found, key=lambda r: (r.y, r.x0))


def line_with(lines: list[Line], text: str) -> Line:
    matches = [line for line in lines if line.text == text]
    assert matches, f"{text!r} is not on one line: {[x.text for x in lines[:14]]}"
    return matches[0]


def rule_under(found: list[Rule], line: Line) -> Rule:
    """The horizontal line drawn just below a text line, overlapping it horizontally."""
    below = [r for r in found if 0 <= r.y - line.y1 <= 10 and r.x0 < line.x1 and r.x1 > line.x0]
    assert below, f"no line under {line.text!r}: {found}"
    return below[0]


# --------------------------------------------------------------------------- tests


def test_fonts_are_times_new_roman_or_its_metric_twin(pdfs: dict[str, Path]) -> None:
    out = subprocess.run(["pdffonts", str(pdfs["commune"])], check=True, capture_output=True,
                         text=True).stdout
    names = [row.split()[0] for row in out.splitlines()[2:]]
    assert names
    assert all(re.search(r"TimesNewRoman|Times New Roman|LiberationSerif", n) for n in names)


@pytest.mark.parametrize("case", ["commune", "city", "long-agency"])
def test_header_lines_stand_on_one_line(pdfs: dict[str, Path], case: str) -> None:
    lines = text_lines(pdfs[case])
    line_with(lines, QUOC_HIEU)
    line_with(lines, TIEU_NGU)
    date = line_with(lines, CASES[case].place_date)
    assert date.x1 <= (210 - 5) * MM  # inside the page, 5 mm from the edge at least


@pytest.mark.parametrize("case", ["commune", "city", "long-agency"])
def test_number_and_date_share_a_line(pdfs: dict[str, Path], case: str) -> None:
    lines = text_lines(pdfs[case])
    number = next(x for x in lines if x.text.startswith("Số:"))
    date = line_with(lines, CASES[case].place_date)
    assert abs(number.y1 - date.y1) <= 1.0, (number, date)
    agency_bottom = max(x.y1 for x in lines if x.x1 < date.x0 and x.y1 < number.y0)
    assert agency_bottom < number.y0


def test_long_issuing_body_wraps_in_the_left_column(pdfs: dict[str, Path]) -> None:
    lines = text_lines(pdfs["long-agency"])
    qh = line_with(lines, QUOC_HIEU)
    number = next(x for x in lines if x.text.startswith("Số:"))
    left = [x for x in lines if x.x1 < qh.x0 and x.y1 < number.y0]
    assert [x.text for x in left][0] == "UBND XÃ THƯỢNG ĐỨC"
    wrapped = left[1:]
    assert 2 <= len(wrapped) <= 3
    assert " ".join(x.text for x in wrapped) == LONG_AGENCY


@pytest.mark.parametrize("case", ["commune", "city"])
def test_line_under_tieu_ngu_is_as_long_as_the_text(pdfs: dict[str, Path], case: str) -> None:
    lines, found = text_lines(pdfs[case]), rules(pdfs[case])
    motto = line_with(lines, TIEU_NGU)
    rule = rule_under(found, motto)
    assert rule.width == pytest.approx(motto.width, rel=0.05)
    assert rule.centre == pytest.approx(motto.centre, abs=2 * MM)


@pytest.mark.parametrize(("case", "first", "last"), [
    ("commune", "ỦY BAN NHÂN DÂN", "XÃ THƯỢNG ĐỨC"),
    ("city", "ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"),
])
def test_line_under_agency_is_a_third_to_a_half(pdfs: dict[str, Path], case: str, first: str,
                                                last: str) -> None:
    lines, found = text_lines(pdfs[case]), rules(pdfs[case])
    names = [line_with(lines, first), line_with(lines, last)]
    rule = rule_under(found, names[-1])
    widest = max(x.width for x in names)
    assert widest / 3 <= rule.width <= widest / 2
    assert rule.centre == pytest.approx(names[-1].centre, abs=2 * MM)


def test_line_under_trich_yeu_is_a_third_to_a_half(pdfs: dict[str, Path]) -> None:
    lines, found = text_lines(pdfs["commune"]), rules(pdfs["commune"])
    summary = line_with(lines, TRICH_YEU)
    rule = rule_under(found, summary)
    assert summary.width / 3 <= rule.width <= summary.width / 2
    assert rule.centre == pytest.approx(summary.centre, abs=2 * MM)


def test_title_is_centred_on_the_text_area(pdfs: dict[str, Path]) -> None:
    title = line_with(text_lines(pdfs["commune"]), "KẾ HOẠCH")
    text_area_centre = (30 + 165 / 2) * MM
    assert title.centre == pytest.approx(text_area_centre, abs=1 * MM)


def test_page_number_only_from_page_two(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["two-pages"]
    first = text_lines(pdf, 1)
    assert min(x.y0 for x in first) > 15 * MM  # nothing printed in the top margin of page 1
    second = text_lines(pdf, 2)
    top = min(second, key=lambda x: x.y0)
    assert top.text == "2"
    assert top.y1 < 20 * MM  # in the top margin
    assert top.centre == pytest.approx((30 + 165 / 2) * MM, abs=1 * MM)
