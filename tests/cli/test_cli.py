"""The command line: its stable forms, outputs and exit statuses (run in-process)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

from service.cli import main


def test_kinds_json_lists_id_title_levels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kinds", "--json"]) == 0
    kinds = json.loads(capsys.readouterr().out)
    by_id = {k["id"]: k for k in kinds}
    assert {"keep-drug-free", "province-drug-free", "whole-people-model", "action-month",
            "district-drug-free"} <= set(by_id)
    assert all(k["title"] and k["levels"] for k in kinds)
    assert "phường" in by_id["action-month"]["levels"]
    assert "tỉnh" in by_id["province-drug-free"]["levels"]
    assert "huyện" in by_id["district-drug-free"]["levels"]


@pytest.mark.parametrize("unit", [18328, "Thượng Đức, Hà Tĩnh"])
def test_render_minimal_request(tmp_path: Path, unit: int | str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    request = tmp_path / "req.json"
    request.write_text(json.dumps({"kind": "keep-drug-free", "unit": unit, "year": 2026}))
    out = tmp_path / "plan.docx"
    assert main(["render", str(request), "-o", str(out)]) == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "KẾ HOẠCH" in text
    assert "xã Thượng Đức" in text


def test_render_yaml_request(tmp_path: Path) -> None:
    request = tmp_path / "req.yaml"
    request.write_text("kind: action-month\nunit: Vị Khê, Ninh Bình\nyear: 2026\n",
                       encoding="utf-8")
    assert main(["render", str(request), "-o", str(tmp_path / "p.docx")]) == 0


@pytest.mark.parametrize(("body", "words"), [
    ('{"kind": "keep-drug-free", "unit": "Thượng Đức", "year": 2026}', "trùng"),
    ('{"kind": "keep-drug-free", "unit": 18328}', "year"),
    ("{not json", "cú pháp"),
    ('["a list"]', "bảng"),
])
def test_bad_request_exits_2_with_a_vietnamese_message(
        tmp_path: Path, body: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    request = tmp_path / "req.json"
    request.write_text(body)
    assert main(["render", str(request), "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lỗi:")
    assert words in err
    assert not (tmp_path / "x.docx").exists()


def test_units_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "search", "thuong duc"]) == 0
    out = capsys.readouterr().out
    assert "18328" in out
    assert "Tỉnh Hà Tĩnh" in out
    assert main(["units", "search", "Tam Đường", "--legacy", "--json"]) == 0
    assert any(u["level"] == "huyện" for u in json.loads(capsys.readouterr().out))


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "x.docx")]) == 2
    assert "Không đọc được" in capsys.readouterr().err


def test_check_prints_json_findings(capsys: pytest.CaptureFixture[str]) -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "003-vi-khe-action-month.docx"
    assert main(["check", str(sample), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    assert all(set(f) >= {"rule", "severity", "where", "message"} for f in findings)
    assert {f["severity"] for f in findings} <= {"info"}


def test_check_of_a_missing_file_exits_2(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "none.docx")]) == 2


def test_no_command_prints_the_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: kehoach")
    for command in ("render", "text", "batch", "kinds", "units", "check", "diff", "library",
                    "serve", "users"):
        assert command in err


def test_text_prints_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = tmp_path / "req.json"
    request.write_text(json.dumps({"kind": "keep-drug-free", "unit": 18328, "year": 2026}))
    assert main(["text", str(request)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ỦY BAN NHÂN DÂN"
    assert "XÃ THƯỢNG ĐỨC" in lines
    assert "KẾ HOẠCH" in lines
    assert lines.count("Nơi nhận:") == 1


def test_kinds_without_json_prints_one_line_per_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kinds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len({line.split()[0] for line in lines}) >= 7
    keep = next(line for line in lines if line.startswith("keep-drug-free "))
    assert keep.endswith("[xã, phường, đặc khu, thị trấn]")


def test_units_search_without_a_match_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "search", "Không Có Xã Này"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "không tìm thấy “Không Có Xã Này”\n"


def test_library_check_counts_what_it_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "check"]) == 0
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(r"thư viện \S+: \d+ điều khoản, \d+ loại kế hoạch, \d+ vai trò cơ quan,"
                        r" \d+ văn bản căn cứ", line), line
