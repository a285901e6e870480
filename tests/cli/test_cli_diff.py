"""`kehoach diff A.docx B.docx [--json] [--all]`: lines for a terminal or JSON; exit status 0
when the paragraphs are the same, 1 when they differ (as diff(1)), 2 for a file that is not a
.docx (message on stderr)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from service.cli import main

PLAN = Path(__file__).resolve().parents[2] / "samples" / "000-thuong-duc-keep-drug-free.docx"


def edited(tmp_path: Path) -> Path:
    """The sample plan with one year changed and one paragraph added, saved by python-docx."""
    document = docx.Document(str(PLAN))
    para = next(p for p in document.paragraphs if "Định kỳ 06 tháng" in p.text)
    for run in para.runs:
        run.text = run.text.replace("cuối năm 2026", "cuối năm 2027")
    document.add_paragraph("Đoạn thêm <script>alert(1)</script> {{ 7*7 }}")
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "edited.docx"
    path.write_bytes(out.getvalue())
    return path


def test_identical_files_exit_0_and_print_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(PLAN), str(PLAN)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 đoạn sửa, 0 đoạn thêm, 0 đoạn bớt" in captured.err


def test_differences_exit_1_with_marked_lines(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(PLAN), str(edited(tmp_path))]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("~ [")
    assert "cuối năm [-2026-]{+2027+}" in lines[0]
    assert lines[1].startswith("+ [")
    assert lines[1].endswith("Đoạn thêm <script>alert(1)</script> {{ 7*7 }}")  # literally
    assert "1 đoạn sửa, 1 đoạn thêm, 0 đoạn bớt" in captured.err


def test_all_prints_equal_paragraphs_too(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(PLAN), str(edited(tmp_path)), "--all"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "  [0] ỦY BAN NHÂN DÂN"
    assert sum(line.startswith("  [") for line in lines) == len(lines) - 2


def test_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(PLAN), str(edited(tmp_path)), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["identical"] is False
    assert {k: v for k, v in data["summary"].items() if k != "equal"} == {
        "added": 1, "removed": 0, "changed": 1}
    changed = next(p for p in data["paragraphs"] if p["op"] == "changed")
    assert {"op": "delete", "text": "2026"} in changed["words"]
    assert {"op": "insert", "text": "2027"} in changed["words"]


@pytest.mark.parametrize(("content", "words"), [
    (None, "Không có tệp"),
    (b"", "Tệp trống"),
    (b"KE HOACH, plain text", "Không phải tệp .docx"),
])
def test_not_a_docx_exits_2_with_a_vietnamese_message(
        tmp_path: Path, content: bytes | None, words: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "b.docx"
    if content is not None:
        path.write_bytes(content)
    assert main(["diff", str(PLAN), str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("lỗi:")
    assert words in captured.err
    assert str(path) in captured.err
