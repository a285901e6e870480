"""The batch page in real headless Chromium: signed in (as an admin), start a job for the
districts of a province, watch it finish, download its ZIP; a refused job shows the server's
Vietnamese message; without signing in, the page says so and links the sign-in page."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from review_support import add_user, sign_in
from web_support import ARTIFACTS, serve, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


ADMIN = "Quản trị Lô"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("batch-web") / "kehoach.sqlite"


@pytest.fixture(scope="module")
def token(database: Path) -> str:
    return add_user(database, ADMIN, "admin", "Lai Châu")


@pytest.fixture(scope="module")
def server(database: Path, token: str, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[str]:
    """This module's own service (overrides the conftest one), over the database with a user."""
    with serve(database, tmp_path_factory.mktemp("batch-log") / "uvicorn.log") as url:
        yield url


@pytest.fixture
def batch_page(browser: Browser, server: str, token: str) -> Iterator[Page]:
    with watched_page(browser, width=1280, height=900) as page:
        sign_in(page, server, token, ADMIN, then="/hang-loat")
        yield page


def test_without_signing_in_the_page_says_so(browser: Browser, server: str) -> None:
    with watched_page(browser) as page:
        page.goto(f"{server}/hang-loat")
        page.wait_for_selector("body[data-ready=true]")
        expect(page.locator("#trail-alert")).to_contain_text("Cần đăng nhập")
        expect(page.locator("#trail-alert a")).to_have_attribute("href",
                                                                 "/dang-nhap?next=%2Fhang-loat")
        expect(page.locator("#batch-form")).to_be_hidden()


def test_a_batch_started_on_the_page_runs_to_a_zip(batch_page: Page, server: str) -> None:
    page = batch_page
    expect(page.locator("nav a[aria-current=page]")).to_have_text("Tạo hàng loạt")
    page.fill("#b-year", "2024")
    page.dispatch_event("#b-year", "change")
    page.wait_for_selector("#b-kind option[value=district-drug-free]", state="attached")
    page.select_option("#b-province", "12")
    page.select_option("#b-kind", "district-drug-free")
    page.uncheck("input[name=review]")
    page.click("#batch-run")
    expect(page.locator("#status")).to_have_text("Đã xếp lô vào hàng đợi.")
    done = page.locator("li.batch-item[data-state=done]").first
    expect(done).to_be_visible(timeout=60_000)
    expect(done.locator(".batch-state")).to_have_text("xong · 8/8 đơn vị")
    expect(done.locator(".batch-label")).to_contain_text("tỉnh Lai Châu")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "batches.png"), full_page=True)
    href = done.locator("a.batch-zip").get_attribute("href")
    assert href is not None
    answer = page.request.get(f"{server}{href}")
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.body())) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("manifest.csv").decode("utf-8-sig"))))
    assert len(rows) == 8
    assert all(r["file"] and not r["error"] for r in rows)


def test_a_refused_batch_shows_the_field_and_the_reason(batch_page: Page) -> None:
    page = batch_page
    page.check("input[name=mode][value=cascade]")
    expect(page.locator("#b-request")).to_be_visible()
    expect(page.locator("#b-province")).to_be_hidden()
    page.click("#batch-run")
    expect(page.locator("#form-alert")).to_have_text(
        "request: Thiếu trường request: yêu cầu kế hoạch tỉnh (JSON).")
    expect(page.locator("#status")).to_have_text("Chưa tạo được lô.")
