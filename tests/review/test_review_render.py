"""The optional rendering check (LibreOffice → PDF → pdftotext word boxes)."""

from __future__ import annotations

import shutil

import pytest
from docx.document import Document
from docx.shared import Pt
from nd30_docx import SO, build_clean, cell_para, para, to_bytes

from service.deps import Deps
from service.review import check_docx
from service.review.rules import render as render_check

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs soffice and pdftotext")


def _rules(doc: Document, deps: Deps) -> set[str]:
    return {f.rule for f in check_docx(to_bytes(doc), deps, render_check=True)}


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_libreoffice
def test_clean_baseline_renders_header_lines_on_one_line(deps: Deps) -> None:
    assert _rules(build_clean(), deps) == set()


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_libreoffice
def test_quoc_hieu_wrapping_in_a_narrow_column_is_found(deps: Deps) -> None:
    findings = check_docx(to_bytes(build_clean(right_col_mm=85.0)), deps, render_check=True)
    assert {f.rule for f in findings} == {"HDR_FIT", "RENDER_WRAP"}
    wrap = next(f for f in findings if f.rule == "RENDER_WRAP")
    assert wrap.severity == "error"
    assert wrap.message.startswith("Quốc hiệu bị ngắt thành 2 dòng")


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_libreoffice
def test_so_below_the_date_line_is_found(deps: Deps) -> None:
    doc = build_clean(one_row=True)
    so = para(doc, SO)
    spacer = cell_para(doc.tables[0].cell(0, 0), size=13)
    so._p.addprevious(spacer._p)
    so.runs[0].font.size = Pt(13)
    assert _rules(doc, deps) == {"SO_DATE_SAME_LINE", "RENDER_SO_DATE"}


def test_missing_libreoffice_gives_an_info_finding(monkeypatch: pytest.MonkeyPatch,
                                                   deps: Deps) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    findings = check_docx(to_bytes(build_clean()), deps, render_check=True)
    assert [(f.rule, f.severity) for f in findings] == [("RENDER_UNAVAILABLE", "info")]


def test_words_are_matched_in_order() -> None:
    words = [render_check.Word(t, x, y) for t, x, y in (
        ("Số:", 0, 10), ("CỘNG", 50, 10), ("HÒA", 60, 10), ("XÃ", 70, 10), ("VIỆT", 50, 25),
        ("NAM", 60, 25))]
    found = render_check.find_words(words, "CỘNG HÒA XÃ VIỆT NAM")
    assert found is not None
    assert [w.y for w in found] == [10, 10, 10, 25, 25]
    assert render_check.find_words(words, "ĐỘC LẬP") is None
