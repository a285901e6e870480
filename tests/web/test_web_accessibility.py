"""Accessibility: axe-core (the script the axe-playwright-python package ships, injected by the
test: nothing from a CDN) on every page as it opens, on the form with a unit and a kind chosen
and its repeated rows added, and on every page a signed-in user sees (the form with a draft
open, the review queue, a resubmitted draft's page with its changes, a draft's history and its
confirmation before “Gửi duyệt”, the register, the batches, check, compare, the 403 page), on a
desktop and a phone screen: no serious or critical violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from review_support import add_user, send, sign_in
from web_support import serve, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ["/", "/kiem-tra", "/so-sanh", "/hang-loat", "/dang-nhap", "/duyet",
         "/khong-co-trang-nay"]
SCREENS = {"desktop": (1440, 1000), "phone": (390, 844)}
PEOPLE = {  # who: name, role, unit
    "drafter": ("Vũ Thị Soạn", "drafter", "Thượng Đức, Hà Tĩnh"),
    "reviewer": ("Lý Văn Duyệt", "reviewer", "Hà Tĩnh"),
}
SIGNED_IN = [  # who, page ("{draft}": a draft being written, "{changed}": one returned, edited
    # and sent again), what is opened on it before the check
    ("drafter", "/?ban-nhap={draft}", ""),
    ("drafter", "/ban-nhap/{draft}", ""),
    ("drafter", "/ban-nhap/{draft}", "confirm"),
    ("drafter", "/duyet", ""),  # the 403 page
    ("reviewer", "/duyet", ""),
    ("reviewer", "/ban-nhap/{changed}", ""),
    ("reviewer", "/so-van-ban-di", ""),
    ("reviewer", "/hang-loat", ""),
    ("reviewer", "/kiem-tra", ""),
    ("reviewer", "/so-sanh", ""),
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("axe-web") / "kehoach.sqlite"


@pytest.fixture(scope="module")
def tokens(database: Path) -> dict[str, str]:
    return {who: add_user(database, *person) for who, person in PEOPLE.items()}


@pytest.fixture(scope="module")
def server(database: Path, tokens: dict[str, str],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This module's own service (overrides the conftest one), over a database with users."""
    with serve(database, tmp_path_factory.mktemp("axe-log") / "uvicorn.log") as url:
        yield url


@pytest.fixture(scope="module")
def drafts(server: str, tokens: dict[str, str]) -> dict[str, str]:
    """A draft being written, and one returned, edited and sent again (with its changes)."""
    drafter, reviewer = tokens["drafter"], tokens["reviewer"]

    def request(name: str) -> dict[str, Any]:
        return {"kind": "keep-drug-free", "unit": 18328, "year": 2026,
                "signer": {"mode": "KT", "title": "PHÓ CHỦ TỊCH", "name": name}}

    draft = send(server, "POST", "/api/drafts", drafter, {"request": request("Lê Văn A")})
    changed = send(server, "POST", "/api/drafts", drafter, {"request": request("Lê Văn B")})
    path = f"/api/drafts/{changed['id']}"
    send(server, "POST", f"{path}/submit", drafter, {})
    send(server, "POST", f"{path}/return", reviewer, {"comments": "Sửa tên người ký."})
    send(server, "PUT", path, drafter, {"request": request("Lê Văn C")})
    send(server, "POST", f"{path}/submit", drafter, {})
    return {"draft": draft["id"], "changed": changed["id"]}


def serious(page: Page) -> list[str]:
    """The serious and critical violations of the page: rule, impact, the elements."""
    results: dict[str, Any] = Axe().run(page).response
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", PAGES)
def test_no_page_has_a_serious_accessibility_violation(browser: Browser, server: str,
                                                       path: str, screen: str) -> None:
    width, height = SCREENS[screen]
    with watched_page(browser, width=width, height=height) as page:
        page.goto(f"{server}{path}")
        page.wait_for_selector("body[data-ready=true]")
        assert serious(page) == []


@pytest.mark.parametrize("screen", SCREENS)
def test_the_filled_form_has_no_serious_accessibility_violation(browser: Browser, server: str,
                                                                screen: str) -> None:
    width, height = SCREENS[screen]
    with watched_page(browser, width=width, height=height) as page:
        page.goto(f"{server}/")
        page.wait_for_selector("body[data-ready=true]")
        page.select_option("#f-province", label="Tỉnh Hà Tĩnh")
        page.locator("#f-unit").press_sequentially("thuong duc", delay=40)
        page.locator("#unit-list li[role=option]", has_text="Xã Thượng Đức").first.click()
        page.select_option("#f-kind", "whole-people-model")
        page.click("#add-village")
        page.locator("#villages .village input").fill("Thôn Trung")
        page.click("#add-basis")
        page.locator('#legal-bases [data-part="type"]').fill("Kế hoạch")
        expect(page.locator("#status")).to_contain_text("đã cập nhật")
        assert serious(page) == []


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("who", "path", "opened"), SIGNED_IN,
                         ids=[f"{w}-{p}{'-' + o if o else ''}" for w, p, o in SIGNED_IN])
def test_no_signed_in_page_has_a_serious_accessibility_violation(
        browser: Browser, server: str, tokens: dict[str, str], drafts: dict[str, str],
        who: str, path: str, opened: str, screen: str) -> None:
    width, height = SCREENS[screen]
    with watched_page(browser, width=width, height=height) as page:
        sign_in(page, server, tokens[who], PEOPLE[who][0])
        page.goto(f"{server}{path.format(**drafts)}")
        page.wait_for_selector("body[data-ready=true]")
        if "ban-nhap=" in path:
            expect(page.locator("#draft-status")).to_contain_text("Đã mở bản nháp")
            expect(page.locator("#status")).to_contain_text("đã cập nhật")
        elif path.startswith("/ban-nhap/"):
            expect(page.locator("#events li").first).to_be_visible()
        if "{changed}" in path:
            expect(page.locator("#changes-card ins")).to_have_text("C")
        if opened == "confirm":
            page.click("[data-move=submit]")
            expect(page.get_by_role("dialog")).to_be_visible()
        assert serious(page) == []
