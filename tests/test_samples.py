"""The committed samples: up to date with the library, valid .docx, one-line header lines."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from service.deps import Deps
from service.pipeline import build_plan
from service.spec import load_request

SAMPLES = sorted((Path(__file__).parents[1] / "samples").glob("*.yaml"))
HEADER_LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def doc_text(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells
             for p in c.paragraphs]
    return cells + [p.text for p in document.paragraphs]


def squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_one_sample_per_source_plan_then_one_per_kind_without_a_source_plan() -> None:
    assert [p.name[:3] for p in SAMPLES] == ["000", "001", "002", "003", "004", "005", "006"]


def test_every_kind_has_a_sample(deps: Deps) -> None:
    assert {load_request(p).kind for p in SAMPLES} == set(deps.library.kinds)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_committed_docx_is_what_the_request_renders(sample: Path, deps: Deps) -> None:
    committed = sample.with_suffix(".docx")
    assert committed.exists(), f"render it: kehoach render {sample} -o {committed}"
    fresh = build_plan(load_request(sample), deps).docx
    assert doc_text(committed.read_bytes()) == doc_text(fresh), (
        f"{committed.name} is stale: kehoach render {sample} -o {committed}")


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_converts_and_header_lines_do_not_wrap(sample: Path, tmp_path: Path) -> None:
    source = sample.with_suffix(".docx")
    document = docx.Document(str(source))
    place_date = squash(document.tables[0].rows[-1].cells[-1].text)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (source.stem + ".pdf")
    assert pdf.exists()
    layout = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                            check=True, capture_output=True, text=True).stdout
    lines = [squash(line) for line in layout.splitlines()]
    for wanted in (*HEADER_LINES, place_date):
        assert any(squash(wanted) in line for line in lines), (
            f"“{wanted}” is not on one line:\n" + "\n".join(lines[:12]))
    assert re.search(r"KẾ HOẠCH", layout)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_passes_the_nd30_checker(sample: Path, deps: Deps) -> None:
    from service.review import check_docx

    findings = check_docx(sample.with_suffix(".docx"), deps)
    errors = [f"{f.rule}: {f.message}" for f in findings if f.severity == "error"]
    assert not errors
