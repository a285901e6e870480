"""Accessibility: axe-core (the script the axe-playwright-python package ships, injected by the
test: nothing from a CDN) on every page as it opens, on the form with a unit and a kind chosen
and its repeated rows added, on a desktop and a phone screen: no serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from web_support import watched_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ["/", "/kiem-tra", "/so-sanh", "/hang-loat", "/dang-nhap", "/duyet",
         "/khong-co-trang-nay"]
SCREENS = {"desktop": (1440, 1000), "phone": (390, 844)}


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
