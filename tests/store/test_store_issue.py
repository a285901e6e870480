"""Issuance end to end through the API, on SQLite and on PostgreSQL alike: approve → issue (the
next number of the unit's register, the date, the document re-made with both) → the register →
the communes of the province cite the plan; who may issue, and when not; concurrent issues never
share a number."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from docx import Document
from fastapi import FastAPI
from store_support import TestClient

from service.api.deps import Services
from service.batch.jobs import Batches, job_items
from service.deps import Deps
from service.review import check_docx
from service.spec.request import LocalDoc
from service.text.params import cite_local
from service.units import Tier

LAI_CHAU, HA_NOI = 12, 1
SIGNER = {"mode": "KT", "title": "PHÓ CHỦ TỊCH", "name": "Tống Thanh Hải"}


def sign_up(app: FastAPI, name: str, role: str, code: int,
            tier: Tier = Tier.PROVINCE) -> dict[str, str]:
    services: Services = app.state.services
    _, token = services.users.add(name, role, services.engine.units.get(code, tier))
    return {"Authorization": f"Bearer {token}"}


def province_request(code: int = LAI_CHAU, **extra: Any) -> dict[str, Any]:
    return {"kind": "province-drug-free", "unit": code, "year": 2027, "signer": SIGNER,
            **extra}


class Office:
    """The drafter, reviewer and clerk of one province, over one test client."""

    def __init__(self, app: FastAPI, client: TestClient, code: int, tag: str = "") -> None:
        self.client, self.code = client, code
        self.drafter = sign_up(app, f"Người soạn {code}{tag}", "drafter", code)
        self.reviewer = sign_up(app, f"Người duyệt {code}{tag}", "reviewer", code)
        self.clerk = sign_up(app, f"Văn thư {code}{tag}", "clerk", code)

    def approved(self, request: dict[str, Any] | None = None) -> str:
        """A draft of the province, submitted and approved: its id."""
        c = self.client
        made = c.post("/api/drafts", json={"request": request or province_request(self.code)},
                      headers=self.drafter)
        assert made.status_code == 201, made.text
        draft_id: str = made.json()["id"]
        for move, who in (("submit", self.drafter), ("approve", self.reviewer)):
            answer = c.post(f"/api/drafts/{draft_id}/{move}", headers=who)
            assert answer.status_code == 200, answer.text
        return draft_id

    def issue(self, draft_id: str, date: str | None = "2027-01-12") -> Any:
        body = {"date": date} if date else None
        return self.client.post(f"/api/drafts/{draft_id}/issue", json=body, headers=self.clerk)


def paragraphs(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    cells = (c.text for t in document.tables for r in t.rows for c in r.cells)
    return [*cells, *(p.text for p in document.paragraphs)]


def test_issue_numbers_dates_and_registers_the_approved_plan(
        app: FastAPI, client: TestClient, deps: Deps) -> None:
    office = Office(app, client, LAI_CHAU)
    first = office.approved()
    answer = office.issue(first)
    assert answer.status_code == 200, answer.text
    issued = answer.json()
    assert (issued["number"], issued["symbol"], issued["date"], issued["state"]) == (
        "01", "KH-UBND", "2027-01-12", "issued")
    assert issued["issuer"] == "Ủy ban nhân dân tỉnh Lai Châu"

    document = client.get(f"/api/drafts/{first}/document", headers=office.reviewer).content
    lines = paragraphs(document)
    assert "Số: 01/KH-UBND" in lines
    assert any(line.endswith("ngày 12 tháng 01 năm 2027") for line in lines), lines[:8]
    assert any(line.endswith("\nTống Thanh Hải") for line in lines)
    errors = [f for f in check_docx(document, deps, final=True) if f.severity == "error"]
    assert errors == []

    draft = client.get(f"/api/drafts/{first}", headers=office.drafter).json()
    assert (draft["state"], draft["request"]["number"]) == ("issued", "01")
    history = client.get(f"/api/drafts/{first}/history", headers=office.clerk).json()
    assert [(e["action"], e["state"]) for e in history["events"]][-1] == ("issue", "issued")
    assert history["events"][-1]["comments"] == "Số 01/KH-UBND, ngày 12/01/2027"
    assert history["moves"] == ["sign"]  # the clerk takes the signed PDF back next

    second = office.approved()
    assert client.get(f"/api/drafts/{second}/history",
                      headers=office.clerk).json()["moves"] == ["issue"]
    assert office.issue(second, "2027-02-03").json()["number"] == "02"
    register = client.get(f"/api/register?unit={LAI_CHAU}&year=2027", headers=office.reviewer)
    assert register.status_code == 200, register.text
    assert [(e["number"], e["date"], e["draft_id"], e["kind"])
            for e in register.json()["items"]] == [
        ("01", "2027-01-12", first, "province-drug-free"),
        ("02", "2027-02-03", second, "province-drug-free")]


def test_numbers_start_again_at_01_each_year_and_each_unit(
        app: FastAPI, client: TestClient) -> None:
    lai_chau, ha_noi = Office(app, client, LAI_CHAU), Office(app, client, HA_NOI)
    numbers = [lai_chau.issue(lai_chau.approved(), "2026-12-30").json()["number"],
               lai_chau.issue(lai_chau.approved(), "2027-01-02").json()["number"],
               ha_noi.issue(ha_noi.approved(province_request(HA_NOI)),
                            "2027-01-05").json()["number"]]
    assert numbers == ["01", "01", "01"]


@pytest.mark.parametrize(("who", "status"), [
    ("drafter", 403), ("reviewer", 403), ("other_clerk", 403), ("commune_clerk", 403),
    ("nobody", 401)])
def test_only_a_clerk_of_the_issuing_unit_issues(
        app: FastAPI, client: TestClient, who: str, status: int) -> None:
    office = Office(app, client, LAI_CHAU)
    headers = {"drafter": office.drafter, "reviewer": office.reviewer,
               "other_clerk": sign_up(app, "Văn thư Hà Nội", "clerk", HA_NOI),
               "commune_clerk": sign_up(app, "Văn thư xã", "clerk", 3390, Tier.COMMUNE),
               "nobody": {}}[who]
    draft_id = office.approved()
    answer = client.post(f"/api/drafts/{draft_id}/issue", json={"date": "2027-01-12"},
                         headers=headers)
    assert answer.status_code == status, answer.text
    assert client.get(f"/api/drafts/{draft_id}",
                      headers=office.drafter).json()["state"] == "approved"


def test_only_an_approved_draft_is_issued_and_only_once(
        app: FastAPI, client: TestClient) -> None:
    office = Office(app, client, LAI_CHAU)
    made = client.post("/api/drafts", json={"request": province_request()},
                       headers=office.drafter).json()["id"]
    refused = office.issue(made)
    assert refused.status_code == 409
    assert "chỉ ban hành được bản đã duyệt" in refused.text
    issued = office.approved()
    assert office.issue(issued).status_code == 200
    again = office.issue(issued)
    assert (again.status_code, "đã được ban hành" in again.text) == (409, True)
    edit = client.put(f"/api/drafts/{issued}", json={"request": province_request()},
                      headers=office.drafter)
    assert edit.status_code == 409


def test_a_plan_without_its_signer_s_name_is_not_issued(
        app: FastAPI, client: TestClient) -> None:
    office = Office(app, client, LAI_CHAU)
    draft_id = office.approved({"kind": "province-drug-free", "unit": LAI_CHAU, "year": 2027})
    answer = office.issue(draft_id)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "request.signer.name"


def test_concurrent_issues_never_share_a_number(app: FastAPI, client: TestClient) -> None:
    office = Office(app, client, LAI_CHAU)
    drafts = [office.approved() for _ in range(6)]
    answers: dict[str, Any] = {}
    start = threading.Barrier(len(drafts))

    def issue(draft_id: str) -> None:
        start.wait()
        answers[draft_id] = office.issue(draft_id)

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.status_code for a in answers.values()) == [200] * len(drafts)
    numbers = sorted(a.json()["number"] for a in answers.values())
    assert numbers == ["01", "02", "03", "04", "05", "06"]
    register = client.get(f"/api/register?unit={LAI_CHAU}&year=2027",
                          headers=office.clerk).json()["items"]
    assert {e["draft_id"]: e["number"] for e in register} == {
        d: a.json()["number"] for d, a in answers.items()}


def test_the_same_draft_issued_twice_at_once_gets_one_number(
        app: FastAPI, client: TestClient) -> None:
    office = Office(app, client, LAI_CHAU)
    draft_id = office.approved()
    answers: list[int] = []
    start = threading.Barrier(4)

    def issue() -> None:
        start.wait()
        answers.append(office.issue(draft_id).status_code)

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 409, 409, 409]
    register = client.get(f"/api/register?unit={LAI_CHAU}&year=2027",
                          headers=office.clerk).json()["items"]
    assert [e["number"] for e in register] == ["01"]


@pytest.mark.parametrize(("province", "commune", "issuer"), [
    (LAI_CHAU, 3390, "Ủy ban nhân dân tỉnh Lai Châu"),
    (HA_NOI, 4, "Ủy ban nhân dân thành phố Hà Nội")])
def test_the_communes_cite_the_plan_their_province_issued(
        app: FastAPI, client: TestClient, province: int, commune: int, issuer: str) -> None:
    office = Office(app, client, province)
    drafter = sign_up(app, f"Người soạn xã {commune}", "drafter", commune, Tier.COMMUNE)
    cited_url = f"/api/cited-plans?unit={commune}&year=2027"
    assert client.get(cited_url, headers=drafter).json() == []
    office.issue(office.approved(province_request(province)))
    cited = client.get(cited_url, headers=drafter).json()
    assert client.get(cited_url, headers=office.drafter).json() == cited  # the province's own
    text = f"Thực hiện Kế hoạch số 01/KH-UBND ngày 12/01/2027 của {issuer} về"
    assert [(c["reference"], c["issuer"], c["text"].startswith(text)) for c in cited] == [
        ("01/KH-UBND", issuer, True)]
    assert client.get(f"/api/cited-plans?unit={commune}&year=2028",
                      headers=drafter).json() == []

    request = {"kind": "keep-drug-free", "unit": commune, "year": 2027,
               "legal_bases": [cited[0]["doc"]]}
    citation = text.removeprefix("Thực hiện ")  # under the preamble's one “Thực hiện”
    preview = client.post("/api/preview", json=request)
    assert preview.status_code == 200, preview.text
    assert citation in preview.text
    document = client.post("/api/generate", json=request)
    preamble = [p for p in paragraphs(document.content) if citation in p]
    assert len(preamble) == 1
    assert preamble[0].startswith("Thực hiện ")


def test_the_register_is_scoped_like_drafts(app: FastAPI, client: TestClient) -> None:
    office = Office(app, client, LAI_CHAU)
    office.issue(office.approved())
    outsider = sign_up(app, "Người duyệt Hà Nội", "reviewer", HA_NOI)
    answer = client.get(f"/api/register?unit={LAI_CHAU}&year=2027", headers=outsider)
    assert answer.status_code == 403
    assert client.get(f"/api/register?unit={LAI_CHAU}&year=2027").status_code == 401


def test_the_cited_plans_are_read_signed_in_and_in_scope(app: FastAPI,
                                                         client: TestClient) -> None:
    office = Office(app, client, LAI_CHAU)
    office.issue(office.approved())
    url = "/api/cited-plans?unit=3390&year=2027"  # a commune of Lai Châu
    assert len(client.get(url, headers=office.drafter).json()) == 1
    outsider = sign_up(app, "Người soạn Hà Nội", "drafter", HA_NOI)
    refused = client.get(url, headers=outsider)
    assert refused.status_code == 403
    assert "nằm ngoài phạm vi" in refused.json()["detail"][0]["message"]
    assert client.get(url).status_code == 401


def test_a_batch_of_the_communes_cites_the_plan_their_province_issued(
        app: FastAPI, client: TestClient, deps: Deps) -> None:
    office = Office(app, client, LAI_CHAU)
    body = {"province": str(LAI_CHAU), "kind": "keep-drug-free", "year": 2027}
    before = client.post("/api/batches", json=body, headers=office.drafter)
    assert before.status_code == 202, before.text
    office.issue(office.approved())
    after = client.post("/api/batches", json=body, headers=office.drafter)
    batches: Batches = app.state.batches
    citation = "Kế hoạch số 01/KH-UBND ngày 12/01/2027 của Ủy ban nhân dân tỉnh Lai Châu về"
    for answer, cites in ((before, False), (after, True)):
        job = batches.store.get(answer.json()["id"])
        assert job is not None
        items = job_items(job, deps)
        assert len(items) > 30
        for item in items:
            assert item.request is not None
            texts = [cite_local(b) for b in item.request.legal_bases if isinstance(b, LocalDoc)]
            assert [t.startswith(citation) for t in texts] == ([True] if cites else [])
