"""Sending a draft for review and sending it again, in real headless Chromium: “Gửi duyệt” asks
first, in a dialog that lists the document's findings (errors first, said plainly, each linked
to its field where it has one), from which the drafter goes back or sends; after a return, an
edit and a new submission, the reviewer's page shows what changed since the return, with the
words marked as “So sánh hai văn bản” marks them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from review_support import add_user, send, sign_in
from web_support import ARTIFACTS, serve, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAFTER, REVIEWER = "Đỗ Thị Soạn", "Hoàng Văn Duyệt"
RETURN_COMMENT = "Sửa tên người ký cho đúng."
SIGNER = {"mode": "KT", "title": "PHÓ CHỦ TỊCH"}
CITED = [  # a subject naming a ward's police in a commune's plan (an error, in no field of
    # its own), and a document with no date (a warning about its row, legal_bases.1)
    {"type": "Kế hoạch", "number": "12/KH-UBND", "date": "2026-01-10",
     "issuer": "UBND tỉnh Hà Tĩnh", "subject": "phối hợp với Công an phường năm 2026"},
    {"type": "Kế hoạch", "number": "07/KH-CAT", "issuer": "Công an tỉnh Hà Tĩnh",
     "subject": "phòng, chống ma túy năm 2026"},
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("resubmit-web") / "kehoach.sqlite"


@pytest.fixture(scope="module")
def tokens(database: Path) -> dict[str, str]:
    return {"drafter": add_user(database, DRAFTER, "drafter", "Thượng Đức, Hà Tĩnh"),
            "reviewer": add_user(database, REVIEWER, "reviewer", "Hà Tĩnh")}


@pytest.fixture(scope="module")
def server(database: Path, tokens: dict[str, str],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(database, tmp_path_factory.mktemp("resubmit-log") / "uvicorn.log") as url:
        yield url


def request(name: str) -> dict[str, Any]:
    return {"kind": "keep-drug-free", "unit": 18328, "year": 2026,
            "signer": {**SIGNER, "name": name}, "legal_bases": CITED}


def a_draft(server: str, token: str) -> str:
    draft = send(server, "POST", "/api/drafts", token,
                 {"title": "Kế hoạch gửi lại", "request": request("Trần Văn Cũ")})
    draft_id: str = draft["id"]
    return draft_id


def open_history(page: Page, server: str, draft_id: str) -> None:
    page.goto(f"{server}/ban-nhap/{draft_id}")
    page.wait_for_selector("body[data-ready=true]")


def test_submitting_asks_first_with_the_findings(page: Page, server: str,
                                                 tokens: dict[str, str]) -> None:
    draft_id = a_draft(server, tokens["drafter"])
    sign_in(page, server, tokens["drafter"], DRAFTER)
    open_history(page, server, draft_id)
    page.click("[data-move=submit]")
    dialog = page.get_by_role("dialog", name="Gửi bản nháp đi duyệt?")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#submit-summary")).to_contain_text("Văn bản còn 1 lỗi và 1 cảnh báo")
    items = dialog.locator("#submit-findings li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Lỗi")  # errors first
    expect(items.nth(0)).to_contain_text("Công an phường")
    expect(items.nth(0).locator("a")).to_have_count(0)  # no field of its own
    expect(items.nth(1)).to_contain_text("Cảnh báo")
    link = items.nth(1).locator("a")
    expect(link).to_have_attribute("href", f"/?ban-nhap={draft_id}#field:legal_bases.1")
    expect(page.locator("#submit-back")).to_be_focused()  # with an error: going back first
    expect(page.locator("#submit-send")).to_have_text("Vẫn gửi duyệt")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "submit-confirm.png"))

    page.click("#submit-back")
    expect(dialog).to_be_hidden()
    expect(page.locator("#draft-state")).to_have_text("đang soạn")
    page.click("[data-move=submit]")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#status")).to_have_text("Chưa gửi duyệt.")
    expect(page.locator("#draft-state")).to_have_text("đang soạn")

    page.click("[data-move=submit]")
    link.click()  # to the form, the draft open, the cursor in the document's row
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#draft-status")).to_contain_text("Đã mở bản nháp")
    focused = page.evaluate("document.activeElement.closest('[data-field]')?.dataset.field")
    assert str(focused).startswith("legal_bases.1")

    open_history(page, server, draft_id)
    page.click("[data-move=submit]")
    page.click("#submit-send")
    expect(page.locator("#draft-state")).to_have_text("chờ duyệt")


def test_the_reviewer_sees_what_changed_since_the_return(
        browser: Browser, page: Page, server: str, tokens: dict[str, str]) -> None:
    draft_id = a_draft(server, tokens["drafter"])
    path = f"/api/drafts/{draft_id}"
    send(server, "POST", f"{path}/submit", tokens["drafter"], {"comments": ""})
    send(server, "POST", f"{path}/return", tokens["reviewer"], {"comments": RETURN_COMMENT})
    send(server, "PUT", path, tokens["drafter"], {"request": request("Trần Văn Mới")})
    sign_in(page, server, tokens["drafter"], DRAFTER)
    open_history(page, server, draft_id)
    page.click("[data-move=submit]")
    page.click("#submit-send")
    expect(page.locator("#draft-state")).to_have_text("chờ duyệt")

    for screen, (width, height) in {"": (1440, 1000), "-phone": (390, 844)}.items():
        with watched_page(browser, width=width, height=height) as reviewer:
            sign_in(reviewer, server, tokens["reviewer"], REVIEWER)
            open_history(reviewer, server, draft_id)
            card = reviewer.locator("#changes-card")
            expect(card).to_be_visible()
            expect(card.locator("#changes-meta")).to_contain_text(REVIEWER)
            expect(card.locator(".return-comment")).to_have_text(RETURN_COMMENT)
            expect(card.locator("#changes-summary")).to_contain_text("1 đoạn sửa")
            row = card.locator(".diff-row.op-changed")
            expect(row).to_have_count(1)
            expect(row.locator("del")).to_have_text("Cũ")
            expect(row.locator("ins")).to_have_text("Mới")
            expect(row).to_contain_text("Trần Văn")
            card.scroll_into_view_if_needed()
            reviewer.screenshot(path=str(ARTIFACTS / f"review-changes{screen}.png"))
