"""The issued PDF and its signatures, end to end through the API, on SQLite and PostgreSQL: the
PDF of an issued plan has two empty signature fields where Phụ lục I puts the signatures; signed
outside with a throw-away PKI (as a signing tool signs: an incremental update filling each
field), it is taken back and becomes the plan's document; a tampered copy, a copy signed under
an untrusted root and a PDF that is not the issued one are refused, naming the signature and
why; `kehoach verify` says the same."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from pypdf import PdfReader
from store_support import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pdf"))
from pki import Pki, make_pki, sign_field  # noqa: E402
from test_store_issue import LAI_CHAU, Office  # noqa: E402

from service.api.app import create_app  # noqa: E402
from service.cli import main  # noqa: E402
from service.config import Settings  # noqa: E402
from service.deps import Deps  # noqa: E402
from service.pdf import ORGANISATION_FIELD, SIGNER_FIELD  # noqa: E402
from service.pdf.fields import page_lines  # noqa: E402

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow, pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def app(deps: Deps, database_url: str, pki: Pki) -> FastAPI:
    return create_app(deps, Settings(database_url=database_url, batch_workers=0,
                                     trust_roots=pki.root))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def upload(client: TestClient, office: Office, draft_id: str, data: bytes) -> Any:
    return client.post(f"/api/drafts/{draft_id}/signed", headers=office.clerk,
                       files={"file": ("ke-hoach-da-ky.pdf", data, "application/pdf")})


def field_boxes(pdf: bytes) -> dict[str, tuple[int, list[float]]]:
    """Each signature field of the PDF: its page (from 0) and rectangle."""
    out = {}
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            if widget.get("/FT") == "/Sig":
                out[str(widget["/T"])] = (number, [float(v) for v in widget["/Rect"]])
    return out


def test_issue_sign_upload_verify_and_refuse(
        app: FastAPI, client: TestClient, pki: Pki, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    office = Office(app, client, LAI_CHAU)
    draft_id = office.approved()
    assert office.issue(draft_id).status_code == 200
    answer = client.get(f"/api/drafts/{draft_id}/document?format=pdf", headers=office.clerk)
    assert answer.status_code == 200, answer.text
    issued = answer.content
    assert client.get(f"/api/drafts/{draft_id}/document?format=pdf",
                      headers=office.reviewer).content == issued  # made once, kept

    boxes = field_boxes(issued)
    assert set(boxes) == {SIGNER_FIELD, ORGANISATION_FIELD}
    (page, signer), (seal_page, seal) = boxes[SIGNER_FIELD], boxes[ORGANISATION_FIELD]
    lines = {line.text: line for line in page_lines(PdfReader(io.BytesIO(issued)), page)}
    title, name = lines["PHÓ CHỦ TỊCH"], lines["Tống Thanh Hải"]
    assert seal_page == page
    assert name.y < signer[1] < signer[3] < title.y  # between the title line and the name
    assert signer[0] < name.x < signer[2]
    third = signer[0] + (signer[2] - signer[0]) / 3
    assert seal[0] < signer[0] < seal[2] <= third + 1  # over the left third of it

    assert client.get(f"/api/drafts/{draft_id}/signatures", headers=office.clerk).json() == []
    one = sign_field(issued, SIGNER_FIELD, pki.signer("person"))
    signed = sign_field(one, ORGANISATION_FIELD, pki.signer("organisation"))

    tampered = signed.replace(b"/Producer", b"/Producex", 1)
    assert tampered != signed
    refused = upload(client, office, draft_id, tampered)
    assert refused.status_code == 422
    message = refused.json()["detail"][0]["message"]
    assert f"Chữ ký “{SIGNER_FIELD}” (Tống Thanh Hải)" in message
    assert "bị sửa sau khi ký" in message

    stranger = make_pki(tmp_path / "other", "Untrusted Root")
    foreign = sign_field(issued, SIGNER_FIELD, stranger.signer("person"))
    refused = upload(client, office, draft_id, foreign)
    assert refused.status_code == 422
    assert "không thuộc tổ chức chứng thực mà hệ thống tin cậy" in refused.text

    altered = issued.replace(b"/Producer", b"/Producex", 1)  # another file, signed well
    resigned = sign_field(altered, SIGNER_FIELD, pki.signer("person"))
    refused = upload(client, office, draft_id, resigned)
    assert refused.status_code == 422
    assert "không phải là bản PDF đã ban hành được ký thêm" in refused.text

    other = upload(client, office, draft_id, b"%PDF-1.7 not the issued one")
    assert other.status_code == 422
    assert "không phải PDF đọc được" in other.text

    accepted = upload(client, office, draft_id, signed)
    assert accepted.status_code == 200, accepted.text
    expected = [(SIGNER_FIELD, "Tống Thanh Hải", True, True),
                (ORGANISATION_FIELD, "Ủy ban nhân dân tỉnh Lai Châu", True, True)]
    assert [(s["field"], s["signer"], s["intact"], s["trusted"])
            for s in accepted.json()] == expected
    listed = client.get(f"/api/drafts/{draft_id}/signatures", headers=office.reviewer).json()
    assert [(s["field"], s["signer"], s["intact"], s["trusted"]) for s in listed] == expected
    assert all(s["signed_at"] for s in listed)
    served = client.get(f"/api/drafts/{draft_id}/document?format=pdf", headers=office.drafter)
    assert served.content == signed
    history = client.get(f"/api/drafts/{draft_id}/history", headers=office.clerk).json()
    assert history["events"][-1]["action"] == "sign"

    files = {"signed": signed, "tampered": tampered, "text": b"not a pdf"}
    for name, data in files.items():
        (tmp_path / f"{name}.pdf").write_bytes(data)
    assert main(["verify", str(tmp_path / "signed.pdf"), "--json", "--trust",
                 str(pki.root)]) == 0
    assert [(s["field"], s["intact"], s["trusted"])
            for s in json.loads(capsys.readouterr().out)] == [
        (SIGNER_FIELD, True, True), (ORGANISATION_FIELD, True, True)]
    assert main(["verify", str(tmp_path / "tampered.pdf"), "--trust", str(pki.root)]) == 1
    assert "không đạt" in capsys.readouterr().out
    assert main(["verify", str(tmp_path / "signed.pdf"), "--trust",
                 str(stranger.root)]) == 1
    assert main(["verify", str(tmp_path / "text.pdf")]) == 2
    assert "không phải PDF" in capsys.readouterr().err
