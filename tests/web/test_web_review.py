"""The approval trail in real headless Chromium: a drafter signs in, saves a draft and sends it
for review; the province's reviewer signs in, finds it in the queue (with filters) and approves
it; the draft's history shows both steps, with the comments and the check report of each.
“Gửi duyệt” asks first, in a dialog listing the document's findings (errors first, each linked
to its field where it has one); after a return, an edit and a new submission, the reviewer's
page shows what changed since the return, with the words marked as “So sánh” marks them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect
from review_support import add_user, api, send, sign_in
from web_support import ARTIFACTS, serve, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAFTER, REVIEWER = "Nguyễn Thị Soạn", "Trần Văn Duyệt"
TITLE = "Kế hoạch duy trì xã không ma túy — gửi duyệt"
LITERAL = "Đồng ý. {{ 7*7 }} <b>ban hành</b>"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("review-web") / "kehoach.sqlite"


@pytest.fixture(scope="module")
def tokens(database: Path) -> dict[str, str]:
    """A drafter of Thượng Đức and a reviewer of Hà Tĩnh, added with `kehoach users add`."""
    return {"drafter": add_user(database, DRAFTER, "drafter", "Thượng Đức, Hà Tĩnh"),
            "reviewer": add_user(database, REVIEWER, "reviewer", "Hà Tĩnh")}


@pytest.fixture(scope="module")
def server(database: Path, tokens: dict[str, str],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This module's own service (overrides the conftest one), over the database with users."""
    with serve(database, tmp_path_factory.mktemp("review-log") / "uvicorn.log") as url:
        yield url


@pytest.fixture
def reviewer_page(browser: Browser, server: str) -> Iterator[Page]:
    """A second browser context (its own localStorage): the reviewer's."""
    with watched_page(browser) as page:
        yield page


def save_a_draft(page: Page) -> None:
    page.fill("#f-year", "2026")
    page.select_option("#f-province", label="Tỉnh Hà Tĩnh")
    page.locator("#f-unit").press_sequentially("thuong duc", delay=40)
    page.locator("#unit-list li[role=option]", has_text="Xã Thượng Đức").first.click()
    page.select_option("#f-kind", "keep-drug-free")
    page.fill("#f-signer-name", "Lê Văn Ký")
    expect(page.locator("#preview .plan-signer")).to_have_text("Lê Văn Ký")
    page.fill("#f-title", TITLE)
    page.click("#save-draft")
    expect(page.locator("#draft-status")).to_contain_text("Đã lưu bản nháp")


def test_drafter_submits_and_reviewer_approves(page: Page, reviewer_page: Page, server: str,
                                                tokens: dict[str, str]) -> None:
    sign_in(page, server, tokens["drafter"], DRAFTER)
    save_a_draft(page)
    trail = page.locator("#draft-trail")
    expect(trail).to_contain_text("đang soạn")
    trail.click()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#draft-state")).to_have_text("đang soạn")
    expect(page.locator("[data-move=approve]")).to_be_hidden()
    page.fill("#f-comments", "Kính trình xem xét.")
    page.click("[data-move=submit]")
    page.click("#submit-send")  # the confirmation lists the findings first
    expect(page.locator("#draft-state")).to_have_text("chờ duyệt")
    expect(page.locator("#moves")).to_be_hidden()  # nothing more for the drafter to do
    draft_url = page.url
    draft_id = draft_url.rsplit("/", 1)[1]

    sign_in(reviewer_page, server, tokens["reviewer"], REVIEWER, then="/duyet")
    row = reviewer_page.locator("#queue-rows tr", has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Xã Thượng Đức")
    expect(row).to_contain_text(DRAFTER)
    reviewer_page.fill("#q-year", "2025")
    reviewer_page.locator("#q-year").dispatch_event("change")
    expect(row).to_have_count(0)
    expect(reviewer_page.locator("#status")).to_contain_text("Không có bản nháp nào")
    reviewer_page.fill("#q-year", "2026")
    reviewer_page.locator("#q-year").dispatch_event("change")
    reviewer_page.select_option("#q-kind", "keep-drug-free")
    expect(row).to_have_count(1)
    ARTIFACTS.mkdir(exist_ok=True)
    reviewer_page.screenshot(path=str(ARTIFACTS / "review-queue.png"))

    row.get_by_role("link").click()
    reviewer_page.wait_for_url(draft_url)
    reviewer_page.wait_for_selector("body[data-ready=true]")
    expect(reviewer_page.locator("[data-move=return]")).to_be_visible()
    reviewer_page.fill("#f-comments", LITERAL)
    reviewer_page.click("[data-move=approve]")
    expect(reviewer_page.locator("#draft-state")).to_have_text("đã duyệt")

    events = reviewer_page.locator("#events li")
    expect(events).to_have_count(3)  # newest first: approve, submit, create
    approve, submit = events.nth(0), events.nth(1)
    expect(approve).to_contain_text(REVIEWER)
    expect(approve.locator(".event-comments")).to_have_text(LITERAL)  # shown as typed
    assert approve.locator(".event-comments b").count() == 0
    expect(submit).to_contain_text(DRAFTER)
    expect(submit.locator(".event-comments")).to_have_text("Kính trình xem xét.")
    for step in (approve, submit):
        expect(step.locator(".event-report summary")).to_contain_text("Kết quả kiểm tra thể thức")
    expect(events.nth(2)).to_contain_text("tạo bản nháp")
    approve.locator(".event-report summary").click()
    reviewer_page.screenshot(path=str(ARTIFACTS / "review-history.png"), full_page=True)

    history = api(server, f"/api/drafts/{draft_id}/history", tokens["drafter"])
    assert [(e["action"], e["user_name"]) for e in history["events"]] == [
        ("create", DRAFTER), ("submit", DRAFTER), ("approve", REVIEWER)]
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#draft-state")).to_have_text("đã duyệt")
    expect(page.locator("#open-form")).to_have_text("Xem trong biểu mẫu")


def test_an_approved_draft_cannot_be_saved_again_from_the_form(
        page: Page, server: str, tokens: dict[str, str]) -> None:
    sign_in(page, server, tokens["drafter"], DRAFTER)
    save_a_draft(page)
    draft = next(d for d in api(server, "/api/drafts", tokens["drafter"])
                 if d["state"] == "draft")
    page.goto(f"{server}/ban-nhap/{draft['id']}")
    page.wait_for_selector("body[data-ready=true]")
    page.click("[data-move=submit]")
    page.click("#submit-send")  # the confirmation lists the findings first
    expect(page.locator("#draft-state")).to_have_text("chờ duyệt")
    page.click("#open-form")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#draft-status")).to_contain_text("Đã mở bản nháp")
    expect(page.locator("#f-title")).to_have_value(TITLE)
    expect(page.locator("#save-draft")).to_be_hidden()  # locked: read-only, and it says so
    expect(page.locator("#draft-notice")).to_contain_text("chờ duyệt: không sửa được")
    page.click("#new-draft")  # “Lưu thành bản mới”: an editable copy
    expect(page.locator("#draft-status")).to_contain_text("Đã lưu bản nháp")
    expect(page.locator("#draft-notice")).to_be_hidden()
    expect(page.locator("#f-signer-name")).to_be_enabled()
    states = sorted(d["state"] for d in api(server, "/api/drafts", tokens["drafter"])
                    if d["title"] == TITLE and d["id"] != draft["id"])
    assert "draft" in states


def test_the_history_page_downloads_the_review_copy(page: Page, server: str,
                                                   tokens: dict[str, str],
                                                   tmp_path: Path) -> None:
    sign_in(page, server, tokens["drafter"], DRAFTER)
    save_a_draft(page)
    page.click("#draft-trail")
    page.wait_for_selector("body[data-ready=true]")
    with page.expect_download() as info:
        page.click("#review-copy")
    assert info.value.suggested_filename.endswith("-ban-duyet.docx")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    comments = [c.text for c in Document(str(path)).comments]
    assert any(c.startswith("Điều khoản purpose.keep.") for c in comments)
    assert len(comments) > 10  # one per body paragraph and recipient line
    with page.expect_download() as plain:
        page.click("#download")
    plain.value.save_as(tmp_path / "plain.docx")
    assert list(Document(str(tmp_path / "plain.docx")).comments) == []


def test_the_queue_asks_to_sign_in_in_plain_words(page: Page, server: str) -> None:
    page.goto(f"{server}/duyet")
    page.wait_for_selector("body[data-ready=true]")
    alert = page.locator("#trail-alert")
    expect(alert).to_contain_text("Cần đăng nhập bằng mã truy cập được cấp.")
    expect(alert).not_to_contain_text("Authorization")
    expect(alert).not_to_contain_text("null")
    expect(alert.locator("a")).to_have_attribute("href", re.compile("/dang-nhap"))


def test_the_queue_is_the_403_page_for_a_drafter(page: Page, server: str,
                                                tokens: dict[str, str]) -> None:
    sign_in(page, server, tokens["drafter"], DRAFTER)
    answer = page.goto(f"{server}/duyet")
    assert answer is not None
    assert answer.status == 403
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("h1")).to_have_text("Không có quyền xem trang này")
    expect(page.locator("main")).to_contain_text("Chỉ người duyệt mới xem hàng chờ duyệt được")
    expect(page.locator("main")).not_to_contain_text("null")
    expect(page.locator("#whoami")).to_contain_text(DRAFTER)  # the frame and its navigation
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "forbidden.png"))


def test_a_draft_that_does_not_exist_is_the_404_page(page: Page, server: str,
                                                    tokens: dict[str, str]) -> None:
    sign_in(page, server, tokens["reviewer"], REVIEWER)
    page.goto(f"{server}/ban-nhap/khong-co")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    expect(page.locator("main")).to_contain_text("Không có trang hoặc bản nháp ở địa chỉ này.")
    expect(page.locator("main")).not_to_contain_text("null")
    expect(page.locator("#whoami")).to_contain_text(REVIEWER)  # the frame and its navigation


def test_a_wrong_token_is_refused_and_nothing_is_kept(page: Page, server: str) -> None:
    page.goto(f"{server}/dang-nhap")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#f-token", "sai-ma")
    page.click("#signin-run")
    expect(page.locator("#status")).to_contain_text("Mã truy cập không đúng")
    assert page.evaluate("window.localStorage.length") == 0
    assert page.context.cookies() == []
    expect(page.locator("#whoami")).to_have_text("Đăng nhập")


def test_the_browser_keeps_a_session_not_the_token(page: Page, server: str,
                                                   tokens: dict[str, str]) -> None:
    """Signed in, reloaded: still signed in; the token is nowhere a script can read (no
    localStorage, no readable cookie); the session cookie is HttpOnly and SameSite=Strict; a
    signed-out browser is signed out after a reload too."""
    sign_in(page, server, tokens["drafter"], DRAFTER)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#whoami")).to_contain_text(DRAFTER)
    stored = page.evaluate("JSON.stringify(Object.entries(window.localStorage))")
    assert tokens["drafter"] not in stored
    assert tokens["drafter"] not in page.evaluate("document.cookie")
    assert "kehoach_session" not in page.evaluate("document.cookie")
    session = next(c for c in page.context.cookies() if c["name"] == "kehoach_session")
    assert (session["httpOnly"], session["sameSite"]) == (True, "Strict")
    page.goto(f"{server}/dang-nhap")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#signout")
    expect(page.locator("#status")).to_have_text("Đã đăng xuất.")
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#whoami")).to_have_text("Đăng nhập")


def test_a_draft_opens_in_the_form_as_its_state_says(page: Page, server: str,
                                                     tokens: dict[str, str]) -> None:
    """Submitted: read-only, with the notice and “Lưu thành bản mới”; returned: the reviewer's
    comments on top of the form, editable again."""
    request = {"kind": "keep-drug-free", "unit": "Thượng Đức, Hà Tĩnh", "year": 2026}
    draft = send(server, "POST", "/api/drafts", tokens["drafter"],
                 {"title": "Bản nháp để thử trạng thái", "request": request})
    ident = str(draft["id"])
    send(server, "POST", f"/api/drafts/{ident}/submit", tokens["drafter"], {"comments": ""})
    sign_in(page, server, tokens["drafter"], DRAFTER, then=f"/?ban-nhap={ident}")
    notice = page.locator("#draft-notice")
    expect(notice).to_contain_text("chờ duyệt: không sửa được")
    expect(notice).to_contain_text("Lưu thành bản mới")
    expect(page.locator("#f-signer-name")).to_be_disabled()
    expect(page.locator("#save-draft")).to_be_hidden()
    expect(page.locator("#new-draft")).to_be_visible()

    comment = "Bổ sung thôn Trung Đông vào danh sách. {{ 7*7 }}"
    send(server, "POST", f"/api/drafts/{ident}/return", tokens["reviewer"], {"comments": comment})
    page.goto(f"{server}/?ban-nhap={ident}")
    page.wait_for_selector("body[data-ready=true]")
    expect(notice).to_contain_text("Người duyệt đã trả lại bản nháp này")
    expect(notice.locator(".return-comment")).to_have_text(comment)
    expect(page.locator("#f-signer-name")).to_be_enabled()
    expect(page.locator("#save-draft")).to_be_visible()


def test_the_queue_on_a_phone_is_a_list_of_cards(browser: Browser, server: str,
                                                 tokens: dict[str, str]) -> None:
    """390 × 844: each draft of the queue is a card (label: value), nothing runs off the
    screen; screenshot review-queue-phone.png."""
    request = {"kind": "keep-drug-free", "unit": "Thượng Đức, Hà Tĩnh", "year": 2026}
    ident = send(server, "POST", "/api/drafts", tokens["drafter"],
                 {"title": "Bản nháp xem trên điện thoại", "request": request})["id"]
    send(server, "POST", f"/api/drafts/{ident}/submit", tokens["drafter"], {"comments": ""})
    with watched_page(browser, width=390, height=844) as page:
        sign_in(page, server, tokens["reviewer"], REVIEWER, then="/duyet")
        row = page.locator("#queue-table tbody tr", has_text="Bản nháp xem trên điện thoại")
        expect(row).to_be_visible()
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        expect(row.locator('td[data-label="Trạng thái"]')).to_contain_text("chờ duyệt")
        assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") == 0
        page.screenshot(path=str(ARTIFACTS / "review-queue-phone.png"))


# --- sending for review, and again after a return -------------------------------------------

RETURN_COMMENT = "Sửa tên người ký cho đúng."
SIGNER = {"mode": "KT", "title": "PHÓ CHỦ TỊCH"}
CITED = [  # a subject naming a ward's police in a commune's plan (an error, in no field of
    # its own), and a document with no date (a warning about its row, legal_bases.1)
    {"type": "Kế hoạch", "number": "12/KH-UBND", "date": "2026-01-10",
     "issuer": "UBND tỉnh Hà Tĩnh", "subject": "phối hợp với Công an phường năm 2026"},
    {"type": "Kế hoạch", "number": "07/KH-CAT", "issuer": "Công an tỉnh Hà Tĩnh",
     "subject": "phòng, chống ma túy năm 2026"},
]


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
