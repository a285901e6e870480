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


def test_one_sample_per_source_plan_then_one_per_kind_then_three_minimal_requests() -> None:
    assert [p.name[:3] for p in SAMPLES] == [f"{n:03d}" for n in range(10)]


MINIMAL = [p for p in SAMPLES if p.stem.endswith("-minimal")]


def test_the_minimal_samples_are_kind_unit_and_year_alone() -> None:
    """A southern commune, a centrally-run city's ward, a border commune: nothing told."""
    import yaml

    assert len(MINIMAL) == 3
    for sample in MINIMAL:
        assert set(yaml.safe_load(sample.read_text(encoding="utf-8"))) == {"kind", "unit", "year"}


@pytest.mark.parametrize(("sample", "wanted", "unwanted"), [
    ("007-my-tu-southern-commune-minimal", ["ấp, khóm", "UBND thành phố", "Công an xã"],
     ["thôn", "Công an tỉnh", "UBND tỉnh"]),
    ("008-ben-thanh-city-ward-minimal", ["Công an phường", "của Thành phố", "UBND thành phố"],
     ["thôn", "Công an xã", "nương rẫy", "của tỉnh", "Công an tỉnh"]),
    ("009-sin-thau-border-commune-minimal",
     ["Đồn Biên phòng", "thôn, bản", "tiếng dân tộc thiểu số"],
     ["ấp", "khóm", "phường"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_minimal_request_speaks_of_its_place(sample: str, wanted: list[str],
                                               unwanted: list[str], deps: Deps) -> None:
    docx_file = SAMPLES[0].parent / f"{sample}.docx"
    text = " ".join(squash(t) for t in doc_text(docx_file.read_bytes()))
    # “nông thôn mới” (the new-rural programme) is a programme's name, not a village word
    words = set(re.findall(r"\w+", text.lower().replace("nông thôn", "")))
    for phrase in wanted:
        assert phrase in text, phrase
    for phrase in unwanted:
        found = phrase in text if " " in phrase else phrase.lower() in words
        assert not found, phrase


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
