"""Issuance in real headless Chromium, under the strict policy: a province plan approved over the
API; the province's clerk signs in, opens its history, gives the date and presses “Ban hành”;
the number shows, the PDF downloads, is signed with a throw-away PKI and uploaded (a tampered
copy first: refused, naming the signature), the signatures are listed, the register lists it;
then a commune's form of that province offers the plan as a cited document, ticked, and its
preview cites it until unticked."""

from __future__ import annotations

import json
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from review_support import add_user, sign_in
from web_support import ARTIFACTS, serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pdf"))
from pki import Pki, make_pki, sign_field  # noqa: E402

from service.pdf import ORGANISATION_FIELD, SIGNER_FIELD  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CLERK = "Phạm Thị Văn Thư"
CITATION = "Kế hoạch số 01/KH-UBND ngày 12/01/2027 của Ủy ban nhân dân tỉnh Lai Châu"
PLAN = {"kind": "province-drug-free", "unit": 12, "year": 2027,
        "signer": {"mode": "KT", "title": "PHÓ CHỦ TỊCH", "name": "Tống Thanh Hải"}}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("issue-web") / "kehoach.sqlite"


@pytest.fixture(scope="module")
def tokens(database: Path) -> dict[str, str]:
    return {role: add_user(database, name, role, "Lai Châu") for role, name in (
        ("drafter", "Người soạn Lai Châu"), ("reviewer", "Người duyệt Lai Châu"),
        ("clerk", CLERK))}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def server(database: Path, tokens: dict[str, str], pki: Pki,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("issue-log") / "uvicorn.log"
    with serve(database, log, {"KEHOACH_TRUST_ROOTS": str(pki.root)}) as url:
        yield url


def post(server: str, path: str, token: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{server}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def approved(server: str, tokens: dict[str, str]) -> str:
    draft_id: str = post(server, "/api/drafts", tokens["drafter"], {"request": PLAN})["id"]
    post(server, f"/api/drafts/{draft_id}/submit", tokens["drafter"], {})
    post(server, f"/api/drafts/{draft_id}/approve", tokens["reviewer"], {})
    return draft_id


def test_the_clerk_issues_signs_and_the_communes_cite(
        page: Page, server: str, tokens: dict[str, str], pki: Pki) -> None:
    draft_id = approved(server, tokens)
    sign_in(page, server, tokens["clerk"], CLERK, then=f"/ban-nhap/{draft_id}")
    expect(page.locator("#draft-state")).to_have_text("đã duyệt")
    expect(page.locator("#moves")).to_be_hidden()
    page.fill("#f-issue-date", "2027-01-12")
    page.click("#issue-button")
    expect(page.locator("#draft-state")).to_have_text("đã ban hành")
    expect(page.locator("#issued")).to_contain_text("số 01/KH-UBND, ngày 12/01/2027")
    expect(page.locator("#issue")).to_be_hidden()
    expect(page.locator("#events li").first).to_contain_text("ban hành")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "issue-history.png"), full_page=True)
    with page.expect_download(timeout=120_000) as download:
        page.click("#download-pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    expect(page.locator("#no-signatures")).to_be_visible()
    signed = sign_field(sign_field(pdf, SIGNER_FIELD, pki.signer("person")),
                        ORGANISATION_FIELD, pki.signer("organisation"))
    tampered = signed.replace(b"/Producer", b"/Producex", 1)
    for data, name in ((tampered, "sua.pdf"), (signed, "da-ky.pdf")):
        page.set_input_files("#f-signed", files=[
            {"name": name, "mimeType": "application/pdf", "buffer": data}])
        page.click("#sign-button")
        if data is tampered:
            expect(page.locator("#status")).to_contain_text(f"Chữ ký “{SIGNER_FIELD}”")
            expect(page.locator("#status")).to_contain_text("bị sửa sau khi ký")
    rows = page.locator("#signature-rows tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Tống Thanh Hải")
    expect(rows.nth(1)).to_contain_text("Ủy ban nhân dân tỉnh Lai Châu")
    expect(page.locator("#events li").first).to_contain_text("nhận bản đã ký số")
    page.screenshot(path=str(ARTIFACTS / "issue-signed.png"), full_page=True)
    with page.expect_download(timeout=120_000) as again:
        page.click("#download-pdf")
    assert Path(again.value.path()).read_bytes() == signed

    page.goto(f"{server}/so-van-ban-di")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#r-year", "2027")
    page.locator("#r-year").dispatch_event("change")
    row = page.locator("#register-rows tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("01/KH-UBND")
    expect(row).to_contain_text("12/01/2027")

    page.goto(f"{server}/")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#f-year", "2027")
    page.locator("#f-year").dispatch_event("change")
    page.select_option("#f-province", label="Tỉnh Lai Châu")
    page.locator("#f-unit").press_sequentially("binh lu", delay=40)
    page.locator("#unit-list li[role=option]", has_text="Xã Bình Lư").first.click()
    page.select_option("#f-kind", "keep-drug-free")
    cited = page.locator("#cited-plans input[type=checkbox]")
    expect(cited).to_have_count(1)
    expect(cited).to_be_checked()
    expect(page.locator("#cited-plans")).to_contain_text(f"Thực hiện {CITATION}")
    expect(page.locator("#preview")).to_contain_text(CITATION)
    page.screenshot(path=str(ARTIFACTS / "issue-cited.png"), full_page=True)
    cited.uncheck()
    expect(page.locator("#preview")).not_to_contain_text(CITATION)
