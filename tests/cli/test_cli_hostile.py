"""The command line never shows a traceback (issue 11): hostile .docx files, requests nested too
deep and broken categories CSVs exit 2 with one Vietnamese line naming the file and the place;
an internal error exits 3 with one line; 0 and 1 keep their meanings."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_docx import bombs

from service.cli import kinds
from service.cli.main import INTERNAL, main
from service.deps import default_deps

SAMPLE = next(iter(sorted(Path(__file__).resolve().parents[2].glob("samples/*.docx"))))
BOMBS = bombs()


@pytest.fixture(scope="module")
def bomb_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    out = {}
    for name, data in BOMBS.items():
        out[name] = folder / f"{name.replace(' ', '-')}.docx"
        out[name].write_bytes(data)
    return out


@pytest.mark.parametrize("name", list(BOMBS))
@pytest.mark.parametrize("command", ["check", "diff a", "diff b"])
def test_each_attack_exits_2_in_one_line_naming_the_file(
        bomb_files: dict[str, Path], name: str, command: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    default_deps()  # built once per process, as by the first command; not the file's time
    path = bomb_files[name]
    argv = {"check": ["check", str(path)], "diff a": ["diff", str(path), str(SAMPLE)],
            "diff b": ["diff", str(SAMPLE), str(path)]}[command]
    start = time.monotonic()
    assert main(argv) == 2
    assert time.monotonic() - start < 2
    err = capsys.readouterr().err
    assert err.startswith(f"lỗi: {path}: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def _nested_yaml(depth: int) -> str:
    return "kind: keep-drug-free\nunit: 18328\nyear: 2026\nfacts:\n" + "".join(
        "  " * (i + 1) + "k:\n" for i in range(depth))


@pytest.mark.parametrize(("name", "text", "message"), [
    ("flow.yaml", "kind: x\nfacts: " + "[" * 500 + "]" * 500 + "\n",
     "Tệp yêu cầu lồng nhau quá sâu"),
    ("block.yaml", _nested_yaml(500), "Tệp yêu cầu lồng nhau quá sâu"),
    ("deep.json", '{"kind": "x", "facts": ' + "[" * 50_000 + "]" * 50_000 + "}",
     "Tệp yêu cầu lồng nhau quá sâu"),
    ("number.json", '{"kind": "x", "year": ' + "9" * 5_000 + "}",
     "Tệp yêu cầu có giá trị không đọc được"),
    ("forty.yaml", _nested_yaml(40), "Tệp yêu cầu lồng nhau quá sâu ở facts.k.k.k"),
])
def test_a_request_nested_too_deep_exits_2(tmp_path: Path, name: str, text: str,
                                           message: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["render", str(path), "-o", str(tmp_path / "out.docx")]) == 2
    err = capsys.readouterr().err
    assert f"lỗi: {path}: " in err
    assert message in err
    assert "Traceback" not in err


CSV_HEAD = "unit,category,facts\n"


@pytest.mark.parametrize(("csv", "status", "message"), [
    (CSV_HEAD + 'xã Bình Lư,keep,"' + "[" * 50_000 + "]" * 50_000 + '"\n', 0,
     "thông tin riêng dài quá (100000 ký tự; tối đa 20000)"),
    (CSV_HEAD + 'xã Bình Lư,keep,"' + "[" * 5_000 + "]" * 5_000 + '"\n', 0,
     "thông tin riêng lồng nhau quá sâu"),
    (CSV_HEAD + 'xã Bình Lư,keep,"{""village_count"": ' + "9" * 5_000 + '}"\n', 0,
     "thông tin riêng có số quá lớn"),
    (CSV_HEAD + 'xã Bình Lư,keep,"{""x"": ""' + "a" * 200_000 + '""}"\n', 2,
     "lỗi: categories: Tệp phân loại không đọc được ở dòng 2: một ô dài quá 128 KB."),
])
def test_a_hostile_categories_csv_is_an_issue_or_exits_2(
        tmp_path: Path, csv: str, status: int, message: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A bad row is listed (issues.csv) and the other units are made, as any bad row; a file
    the CSV reader cannot read at all exits 2."""
    request = tmp_path / "province.json"
    request.write_text('{"kind": "province-drug-free", "unit": 12, "year": 2026}')
    categories = tmp_path / "categories.csv"
    categories.write_text(csv, encoding="utf-8")
    argv = ["batch", str(request), "--categories", str(categories), "-o", str(tmp_path / "out"),
            "--workers", "1", "--no-review"]
    assert main(argv) == status
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("debug", "status"), [("", INTERNAL), ("1", None)])
def test_an_internal_error_exits_3_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str], debug: str,
                                              status: int | None) -> None:
    """A bug (here: a command's handler that fails) is one line and status 3; with
    KEHOACH_DEBUG=1 the traceback is shown."""
    def broken(_: object) -> int:
        raise KeyError("a bug")

    monkeypatch.setattr(kinds, "kinds", broken)
    monkeypatch.setenv("KEHOACH_DEBUG", debug)
    if status is None:
        with pytest.raises(KeyError):
            main(["kinds"])
        return
    assert main(["kinds"]) == status == 3
    assert capsys.readouterr().err == (
        "lỗi nội bộ (KeyError): 'a bug' — hãy báo cho người quản trị"
        " (KEHOACH_DEBUG=1 để xem chi tiết).\n")
