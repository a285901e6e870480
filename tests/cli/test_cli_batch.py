"""`kehoach batch`: its two forms, progress and summary on stderr, exit statuses 0, 1, 2."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from service.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "001-dak-lak-province-drug-free.yaml"


def test_province_kind_form_writes_zip_and_summary(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plans.zip"
    code = main(["batch", "--province", "Đắk Lắk", "--kind", "province-drug-free",
                 "--year", "2026", "-o", str(out)])
    assert code == 0
    err = capsys.readouterr().err
    assert "\r[1/1] xong: tỉnh Đắk Lắk" in err
    assert "1 xong, 0 lỗi" in err
    assert "giây, 1 tiến trình" in err
    with zipfile.ZipFile(out) as z:
        assert z.namelist() == ["000-tinh-dak-lak-province-drug-free.docx", "manifest.csv"]


@pytest.mark.slow
def test_workers_give_the_same_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["batch", "--province", "Lai Châu", "--kind", "district-drug-free", "--year", "2024"]
    zips = {}
    for workers in ("1", "2"):
        zips[workers] = tmp_path / f"w{workers}.zip"
        assert main([*argv, "--workers", workers, "-o", str(zips[workers])]) == 0
        err = capsys.readouterr().err
        assert "\r[8/8] xong: " in err
        assert "8 xong, 0 lỗi, " in err
        assert f"giây, {workers} tiến trình" in err
    assert zips["1"].read_bytes() == zips["2"].read_bytes()


def test_some_failed_units_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = tmp_path / "lai-chau.json"
    request.write_text(json.dumps({"kind": "province-drug-free", "unit": 12, "year": 2026}))
    categories = tmp_path / "c.csv"
    categories.write_text('xã Sin Suối Hồ,build,"{""village_count"": -3}"\n', encoding="utf-8")
    out = tmp_path / "plans.zip"
    code = main(["batch", str(request), "--categories", str(categories), "--no-review",
                 "--workers", "1", "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "38 xong, 1 lỗi" in err
    assert re.search(r"\nlỗi: xã Sin Suối Hồ \(\d+\): .*village_count", err)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
    assert len(names) == 1 + 37 + 1  # the province, the communes but the failed one, manifest
    assert not any("sin-suoi-ho" in name for name in names)


@pytest.mark.parametrize("argv", [
    ["batch", "-o", "x.zip"],
    ["batch", "--province", "Đắk Lắk", "--kind", "keep-drug-free", "-o", "x.zip"],
    ["batch", "--province", "Không Có Tỉnh", "--kind", "keep-drug-free", "--year", "2026",
     "-o", "x.zip"],
    ["batch", "--province", "Đắk Lắk", "--kind", "province-drug-free", "--year", "2024",
     "-o", "x.zip"],
    ["batch", str(SAMPLE), "--kind", "keep-drug-free", "-o", "x.zip"],
    ["batch", "--province", "66", "--kind", "keep-drug-free", "--year", "2026",
     "--categories", "c.csv", "-o", "x.zip"],
    ["batch", "--province", "66", "--kind", "keep-drug-free", "--year", "2026",
     "--workers", "0", "-o", "x.zip"],
])
def test_bad_requests_exit_2(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("lỗi: ")
    assert not (tmp_path / "x.zip").exists()


@pytest.mark.parametrize(("request_data", "needle"), [
    ({"kind": "keep-drug-free", "unit": 18328, "year": 2026}, "province-drug-free"),
    ({"kind": "province-drug-free", "unit": "Không Có", "year": 2026}, "Không tìm thấy"),
])
def test_cascade_of_a_bad_request_exits_2(request_data: dict[str, object], needle: str,
                                          tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    request = tmp_path / "req.json"
    request.write_text(json.dumps(request_data))
    assert main(["batch", str(request), "-o", str(tmp_path / "x.zip")]) == 2
    assert needle in capsys.readouterr().err


def test_unreadable_categories_exit_2(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["batch", str(SAMPLE), "--categories", str(tmp_path / "missing.csv"),
                 "-o", str(tmp_path / "x.zip")])
    assert code == 2
    assert "tệp phân loại" in capsys.readouterr().err


@pytest.mark.slow
def test_cascade_form_with_categories(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    categories = tmp_path / "c.csv"
    categories.write_text("xã Ia Rvê,keep\nxã Không Có,build\n", encoding="utf-8")
    out = tmp_path / "plans.zip"
    code = main(["batch", str(SAMPLE), "--categories", str(categories), "--no-review",
                 "-o", str(out)])
    assert code == 0
    err = capsys.readouterr().err
    assert "phân loại, dòng 2: “xã Không Có”" in err
    assert "103 xong, 0 lỗi" in err
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        issues = z.read("issues.csv").decode("utf-8-sig")
    assert len(names) == 105
    assert names[-2:] == ["issues.csv", "manifest.csv"]
    assert "dòng 2,xã Không Có," in issues
    assert sum(n.endswith("-keep-drug-free.docx") for n in names) == 1
