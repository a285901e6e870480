"""Browser test fixtures: a uvicorn server on a free port with its own SQLite database, and
Debian's headless Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from web_support import CHROMIUM, CHROMIUM_ARGS, serve, watched_page


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"needs Debian's chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service, as `kehoach serve` runs it, on a free localhost port."""
    database = tmp_path_factory.mktemp("web") / "drafts.sqlite"
    log = tmp_path_factory.mktemp("web-log") / "uvicorn.log"
    with serve(database, log) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    with watched_page(browser, accept_downloads=True) as page:
        page.goto(f"{server}/")
        page.wait_for_selector("body[data-ready=true]")
        yield page
