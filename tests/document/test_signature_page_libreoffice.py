"""The signature table ("Nơi nhận", the authority, the signer) never stands alone on the last
page of the PDF: the closing paragraph of the body goes with it (style "KH Closing", keep with
next; the table's one row cannot split).  Measured on LibreOffice PDFs, page by page
(pdftotext).

Two sets of documents: plans the pipeline makes from minimal requests that, before the fix,
ended with a page holding only the table (found by rendering a sweep of units and kinds), and
a synthetic body stepped one line at a time across the bottom of page 2, so that some step
always meets the page break whatever the library's texts become.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.deps import Deps
from service.document import Block, DocContext, render_docx
from service.pipeline import build_plan
from service.spec.request import PlanRequest

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="needs soffice (LibreOffice) and poppler-utils on PATH"),
]

FOUND = {  # minimal requests whose last page held only the signature table (sweep, 2026-12-03)
    "ward-action-month": {"kind": "action-month", "unit": "Bến Thành, Hồ Chí Minh",
                          "year": 2026},
    "commune-model": {"kind": "whole-people-model", "unit": "Tân An, Hải Phòng", "year": 2026},
    "province": {"kind": "province-drug-free", "unit": "Cao Bằng", "year": 2026},
    "district-2024": {"kind": "district-drug-free", "unit": "Khoái Châu, Hưng Yên",
                      "year": 2024},
}
CLOSING = "Giao Công an xã theo dõi, đôn đốc thực hiện Kế hoạch này./."
STEPS = range(22, 34)  # one-line paragraphs: the body's end crosses the foot of page 2


def stepped(lines: int) -> DocContext:
    filler = tuple(Block("para", f"Nội dung thứ {i} của kế hoạch.", label="-")
                   for i in range(lines))
    return DocContext(
        agency_lines=("ỦY BAN NHÂN DÂN", "XÃ THƯỢNG ĐỨC"),
        number_line="Số: 05/KH-UBND",
        place_date="Thượng Đức, ngày 05 tháng 02 năm 2026",
        trich_yeu=("Về phòng, chống ma túy trên địa bàn xã Thượng Đức năm 2026",),
        blocks=(Block("section", "MỤC ĐÍCH, YÊU CẦU", label="I."), *filler * 2,
                Block("para", CLOSING, label="2.")),
        recipients=("- UBND tỉnh (để báo cáo);", "- Công an tỉnh;", "- Thường trực Đảng ủy xã;",
                    "- Các ban, ngành, đoàn thể xã;", "- Lưu: VT, CAX."),
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        signer_name="Nguyễn Văn An",
    )


@dataclass(frozen=True)
class LastPage:
    """The text lines of a PDF's last page, the page number left out."""

    number: int
    lines: tuple[str, ...]

    @property
    def table_alone(self) -> bool:
        return not self.lines or self.lines[0].startswith("Nơi nhận")

    def starts_with(self, text: str) -> bool:
        return bool(self.lines) and squash(text).startswith(self.lines[0])


def squash(text: str) -> str:
    return " ".join(text.split())


def last_page(pdf: Path) -> LastPage:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    assert found, info
    count = int(found.group(1))
    out = subprocess.run(["pdftotext", "-layout", "-f", str(count), "-l", str(count), str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    lines = [squash(x) for x in out.splitlines() if x.strip()]
    return LastPage(count, tuple(x for x in lines if not x.isdigit()))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    deps = Deps.build()
    work = tmp_path_factory.mktemp("sign")
    docs = {name: build_plan(PlanRequest.model_validate(request), deps).docx
            for name, request in FOUND.items()}
    docs |= {f"step-{n}": render_docx(stepped(n)) for n in STEPS}
    for name, data in docs.items():
        (work / f"{name}.docx").write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    *(str(work / f"{name}.docx") for name in docs)],
                   check=True, capture_output=True, timeout=600)
    return {name: work / f"{name}.pdf" for name in docs}


@pytest.mark.parametrize("name", [*FOUND, *(f"step-{n}" for n in STEPS)])
def test_the_last_page_holds_the_end_of_the_body_and_the_signature(
        pdfs: dict[str, Path], name: str) -> None:
    page = last_page(pdfs[name])
    assert not page.table_alone, f"page {page.number} holds only: {page.lines[:3]}"
    assert any(x.startswith("Nơi nhận") for x in page.lines)
    assert any(x.endswith("./.") for x in page.lines)  # the closing paragraph's last line


def test_some_step_meets_the_page_break(pdfs: dict[str, Path]) -> None:
    """Not vacuous: in some step the table did not fit under the body, and the closing
    paragraph went over with it (it opens the last page)."""
    opening = [n for n in STEPS if last_page(pdfs[f"step-{n}"]).starts_with(f"2. {CLOSING}")]
    assert opening
