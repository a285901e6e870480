"""“Hiện nguồn điều khoản” in real headless Chromium: the preview shows each paragraph's clause
and the library's version, local additions marked apart; unticked, the plain preview returns."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import Page, expect
from web_support import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def library_version(server: str) -> str:
    with urllib.request.urlopen(f"{server}/openapi.json", timeout=10) as response:
        version: str = json.load(response)["info"]["version"]
    return version.split("thư viện ")[1].rstrip(")")


def open_plan(page: Page) -> None:
    page.fill("#f-year", "2026")
    page.select_option("#f-province", label="Tỉnh Hà Tĩnh")
    page.locator("#f-unit").press_sequentially("thượng đ", delay=60)
    option = page.locator("#unit-list li[role=option]", has_text="Xã Thượng Đức").first
    expect(option).to_be_visible()
    code = option.get_attribute("data-code")
    option.click()
    expect(page.locator(f'#f-kind[data-unit="{code}"]')).to_have_count(1)
    page.select_option("#f-kind", "keep-drug-free")
    expect(page.locator("#preview .plan")).to_be_visible()


def test_the_checkbox_shows_and_hides_each_paragraphs_source(page: Page, server: str) -> None:
    open_plan(page)
    preview = page.locator("#preview")
    expect(preview.locator(".plan-prov")).to_have_count(0)
    page.check("#f-provenance")
    expect(preview.locator(".plan-provenance")).to_be_visible()
    version = library_version(server)
    expect(preview.locator(".plan-prov-head")).to_contain_text(version)
    para = preview.locator('p.plan-block[data-clause="purpose.keep.mobilise"]')
    expect(para.locator(".plan-prov")).to_have_text("purpose.keep.mobilise")
    title = f"Điều khoản purpose.keep.mobilise · thư viện {version}"
    expect(para).to_have_attribute("title", title)
    assert preview.locator("p.plan-block:not([data-origin])").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "provenance.png"), full_page=True)
    page.uncheck("#f-provenance")
    expect(preview.locator(".plan-prov")).to_have_count(0)
    expect(preview.locator("p.plan-block[data-origin]")).to_have_count(0)
