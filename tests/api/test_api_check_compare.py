"""POST /api/check (a .docx upload → the findings of `kehoach check --json`) and POST
/api/compare (two uploads `a`, `b` → the diff of `kehoach diff --json`); bad uploads are 422
naming the field, in Vietnamese; too big a body is 413."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from api_support import DOCX, MAX_BYTES, SAMPLES, TestClient

from service.cli import main
from service.deps import Deps
from service.review import check_docx, to_json

PLAN = SAMPLES / "000-thuong-duc-keep-drug-free.docx"
LITERAL = "Đoạn thêm <script>alert(1)</script> {{ 7*7 }}"


def upload(data: bytes, name: str = "ke-hoach.docx") -> tuple[str, bytes, str]:
    return (name, data, DOCX)


def edited() -> bytes:
    document = docx.Document(str(PLAN))
    para = next(p for p in document.paragraphs if "Định kỳ 06 tháng" in p.text)
    for run in para.runs:
        run.text = run.text.replace("cuối năm 2026", "cuối năm 2027")
    document.add_paragraph(LITERAL)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- check ---------------------------------------------------------------------------------

@pytest.mark.parametrize("final", [False, True])
def test_check_answers_the_findings_of_the_cli(client: TestClient, final: bool,
                                               capsys: pytest.CaptureFixture[str],
                                               deps: Deps) -> None:
    form = {"final": "true"} if final else {}
    response = client.post("/api/check", files={"file": upload(PLAN.read_bytes())}, data=form)
    assert response.status_code == 200
    findings = response.json()
    assert findings == to_json(check_docx(PLAN, deps, final=final))
    main(["check", str(PLAN), "--json"] + (["--final"] if final else []))
    assert findings == json.loads(capsys.readouterr().out)
    assert all(set(f) >= {"rule", "severity", "where", "message", "source"} for f in findings)


def test_final_adds_errors_for_blanks(client: TestClient) -> None:
    """The sample leaves number and day blank: info in a draft, error in a final copy."""
    def severities(form: dict[str, str]) -> set[str]:
        answer = client.post("/api/check", files={"file": upload(PLAN.read_bytes())}, data=form)
        return {f["severity"] for f in answer.json()}
    assert "error" not in severities({})
    assert "error" in severities({"final": "true"})


def test_check_finds_a_defect_of_a_hand_edited_copy(client: TestClient) -> None:
    document = docx.Document(str(PLAN))
    for section in document.sections:
        section.left_margin = docx.shared.Mm(20)  # ND30: 30–35 mm
    out = io.BytesIO()
    document.save(out)
    response = client.post("/api/check", files={"file": upload(out.getvalue())})
    assert response.status_code == 200
    errors = [f for f in response.json() if f["severity"] == "error"]
    assert errors
    assert any("lề trái" in f["message"].lower() for f in errors), errors


def test_check_answers_the_rules_of_each_levels_voice(client: TestClient) -> None:
    """Issue 10's content rules reach the API (and so the batch and the approval trail)."""
    document = docx.Document(str(SAMPLES / "003-vi-khe-action-month.docx"))
    for para in document.paragraphs:
        if para.text.startswith("- Tăng cường biện pháp quản lý chặt chẽ"):
            para.runs[0].text = "- Tăng cường công tác thanh tra các cửa hàng"
            for run in para.runs[1:]:
                run.text = ""
    for table in document.tables:
        for cell in (c for row in table.rows for c in row.cells):
            for para in cell.paragraphs:
                if para.text.strip() == "TM. ỦY BAN NHÂN DÂN":
                    for run in para.runs:
                        run.text = ""
                if para.text.startswith("- Lưu: VT, CAP"):
                    para.runs[0].text = "- Lưu: VT, CAX."
                    for run in para.runs[1:]:
                        run.text = ""
    out = io.BytesIO()
    document.save(out)
    response = client.post("/api/check", files={"file": upload(out.getvalue())})
    assert response.status_code == 200
    rules = {f["rule"] for f in response.json()}
    assert {"VOICE_LEVEL", "SIGN_NO_AUTHORITY", "ARCHIVE_LEVEL"} <= rules


# --- compare -------------------------------------------------------------------------------

def test_compare_answers_the_diff_of_the_cli(client: TestClient, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    b = edited()
    response = client.post("/api/compare", files={"a": upload(PLAN.read_bytes(), "a.docx"),
                                                  "b": upload(b, "b.docx")})
    assert response.status_code == 200
    data = response.json()
    assert data["identical"] is False
    assert {k: data["summary"][k] for k in ("added", "removed", "changed")} == {
        "added": 1, "removed": 0, "changed": 1}
    changed = next(p for p in data["paragraphs"] if p["op"] == "changed")
    assert [w for w in changed["words"] if w["op"] != "equal"] == [
        {"op": "delete", "text": "2026"}, {"op": "insert", "text": "2027"}]
    added = next(p for p in data["paragraphs"] if p["op"] == "added")
    assert added["new"] == LITERAL
    (tmp_path / "b.docx").write_bytes(b)
    main(["diff", str(PLAN), str(tmp_path / "b.docx"), "--json"])
    assert data == json.loads(capsys.readouterr().out)


def test_compare_identical(client: TestClient) -> None:
    plan = PLAN.read_bytes()
    response = client.post("/api/compare", files={"a": upload(plan), "b": upload(plan)})
    assert response.status_code == 200
    assert response.json()["identical"] is True
    assert {p["op"] for p in response.json()["paragraphs"]} == {"equal"}


# --- refusals ------------------------------------------------------------------------------

NOT_DOCX: list[tuple[str, Any, str]] = [
    ("empty", upload(b""), "Tệp trống"),
    ("text", upload(b"KE HOACH\n", "ke-hoach.txt"), "Không phải tệp .docx"),
    ("zip without a document", upload(b"PK\x05\x06" + b"\x00" * 18), "không phải văn bản Word"),
]


@pytest.mark.parametrize(("file", "words"), [c[1:] for c in NOT_DOCX],
                         ids=[c[0] for c in NOT_DOCX])
def test_check_refuses_what_is_not_a_docx(client: TestClient, file: Any, words: str) -> None:
    response = client.post("/api/check", files={"file": file})
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["field"] == "file"
    assert words in item["message"]


@pytest.mark.parametrize(("file", "words"), [c[1:] for c in NOT_DOCX],
                         ids=[c[0] for c in NOT_DOCX])
def test_compare_names_the_side_refused(client: TestClient, file: Any, words: str) -> None:
    response = client.post("/api/compare", files={"a": upload(PLAN.read_bytes()), "b": file})
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["field"] == "b"
    assert words in item["message"]


@pytest.mark.parametrize(("url", "kwargs", "field", "words"), [
    ("/api/check", {}, "file", "bắt buộc"),
    ("/api/check", {"data": {"file": "chữ, không phải tệp"}}, "file", "không phải chữ"),
    ("/api/check", {"json": {"file": "x"}}, "file", "bắt buộc"),
    ("/api/compare", {"files": {"a": upload(b"x")}}, "b", "bắt buộc"),
    ("/api/compare", {"data": {"a": "x", "b": "y"}}, "a", "không phải chữ"),
])
def test_missing_or_textual_fields(client: TestClient, url: str, kwargs: dict[str, Any],
                                   field: str, words: str) -> None:
    response = client.post(url, **kwargs)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(d["field"] == field and words in d["message"] for d in detail), detail


@pytest.mark.parametrize("url", ["/api/check", "/api/compare"])
def test_too_big_is_413(client: TestClient, url: str) -> None:
    big = upload(b"PK" + b"\x00" * (MAX_BYTES + 10))
    files = {"file": big} if url == "/api/check" else {"a": big, "b": upload(b"x")}
    response = client.post(url, files=files)
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"][0]["message"]


def test_documented_in_openapi_with_vietnamese_summaries(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/check", "/api/compare"):
        operation = paths[path]["post"]
        assert operation["tags"] == ["Kiểm tra và so sánh"]
        assert operation["summary"].startswith(("Kiểm tra", "So sánh"))
        assert "multipart/form-data" in operation["requestBody"]["content"]
        assert {"200", "413", "422"} <= set(operation["responses"])
