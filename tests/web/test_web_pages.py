"""Every page: one frame (header, navigation, footer), scripts as ES modules served by the service,
nothing a strict Content-Security-Policy would refuse (`web_support.CSP`: no inline script, no
inline event handler, no style attribute, no `javascript:` URL), in the served HTML and, in
headless Chromium under that policy, once the page's script has run."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from review_support import add_user
from web_support import ARTIFACTS, enforce_csp, serve, watched_page

from service.web.templating import STATIC_DIR

PAGES = {  # name (the page's module: static/js/pages/<name>.js) -> path
    "form": "/",
    "check": "/kiem-tra",
    "compare": "/so-sanh",
    "batches": "/hang-loat",
    "signin": "/dang-nhap",
    "queue": "/duyet",
    "history": "/ban-nhap/{draft}",  # a draft of this module's database
    "register": "/so-van-ban-di",
    "error": "/khong-co-trang-nay",  # 404 (and 403) of the pages
}
TITLES = {"form": "Soạn kế hoạch phòng, chống ma túy", "check": "Kiểm tra văn bản",
          "compare": "So sánh hai văn bản", "batches": "Tạo kế hoạch hàng loạt",
          "signin": "Đăng nhập", "queue": "Duyệt kế hoạch", "history": "Lịch sử bản nháp",
          "register": "Sổ văn bản đi",
          "error": "Không tìm thấy trang"}
JS = STATIC_DIR / "js"
IMPORT = re.compile(r'^import\s[^;]*?from\s+"([^"]+)";', re.M)


class PageParts(HTMLParser):
    """What a served page is made of: its scripts, frame elements, and what the policy forbids."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.frame: list[str] = []
        self.problems: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag = tag
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        if tag == "style":
            self.problems.append("a <style> element")
        if tag in ("header", "nav", "main", "footer"):
            self.frame.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>: an inline event handler")
            elif name == "style":
                self.problems.append(f"<{tag} style>: a style attribute")
            elif name in ("href", "src", "action") and value:
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}={value}>: a javascript: URL")
                elif not value.startswith("/"):
                    self.problems.append(f"<{tag} {name}={value}>: not an address of the service")

    def handle_data(self, data: str) -> None:
        if self._tag == "script" and data.strip():
            self.problems.append(f"an inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._tag = ""


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pages") / "kehoach.sqlite"


@pytest.fixture(scope="module")
def token(database: Path) -> str:
    return add_user(database, "Người Soạn Trang", "drafter", "Thượng Đức, Hà Tĩnh")


@pytest.fixture(scope="module")
def server(database: Path, token: str,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This module's own service, over a database with a drafter (and the draft below)."""
    with serve(database, tmp_path_factory.mktemp("pages-log") / "uvicorn.log") as url:
        yield url


@pytest.fixture(scope="module")
def draft(server: str, token: str) -> str:
    """A draft the history page shows."""
    body = json.dumps({"title": "Bản nháp của các trang", "request": {
        "kind": "keep-drug-free", "unit": "Thượng Đức, Hà Tĩnh", "year": 2026}}).encode()
    request = urllib.request.Request(f"{server}/api/drafts", data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        ident: str = json.load(response)["id"]
    return ident


def served(server: str, path: str, draft: str = "") -> str:
    """The page as a browser gets it (the 404 page with its status)."""
    request = urllib.request.Request(server + path.format(draft=draft),
                                     headers={"Accept": "text/html"})
    status, text = 200, ""
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    assert status == (404 if path == PAGES["error"] else 200)
    return text


def parts(html: str) -> PageParts:
    parser = PageParts()
    parser.feed(html)
    return parser


@pytest.mark.slow  # the server: a uvicorn process, >10 s to start under load
@pytest.mark.parametrize(("name", "path"), PAGES.items())
def test_every_page_is_one_frame_with_module_scripts_and_nothing_inline(
        server: str, draft: str, name: str, path: str) -> None:
    html = served(server, path, draft)
    page = parts(html)
    assert page.problems == []
    assert page.frame == ["header", "nav", "main", "footer"]
    assert page.scripts == [{"type": "module", "src": "/static/js/nav.js"},
                            {"type": "module", "src": f"/static/js/pages/{name}.js"}]
    assert f"<h1>{TITLES[name]}</h1>" in html
    assert f'<body data-page="{name}"' in html


@pytest.mark.slow
def test_the_table_has_every_page_of_the_navigation(server: str) -> None:
    nav = served(server, "/").split("<nav", 1)[1].split("</nav>")[0]
    links = re.findall(r'<a href="(/[^"]*)"', nav)
    assert set(links) <= set(PAGES.values())
    assert {p.stem for p in (JS / "pages").glob("*.js")} == set(PAGES)


def test_an_inline_script_handler_or_style_is_reported() -> None:
    html = ('<body><script>x()</script><p style="color: red" onclick="y()">'
            '<a href="javascript:z()">z</a><a href="https://cdn.example/a.js">a</a></p></body>')
    assert parts(html).problems == [
        "an inline script: x()",
        "<p style>: a style attribute", "<p onclick>: an inline event handler",
        "<a href=javascript:z()>: a javascript: URL",
        "<a href=https://cdn.example/a.js>: not an address of the service"]


def modules() -> list[Path]:
    return sorted(JS.rglob("*.js"))


def imports(module: Path) -> list[Path]:
    return [(module.parent / target).resolve() for target in IMPORT.findall(module.read_text())]


@pytest.mark.parametrize("module", modules(), ids=lambda p: str(p.relative_to(JS)))
def test_every_module_imports_modules_that_exist_and_writes_no_markup(module: Path) -> None:
    text = module.read_text()
    assert [t for t in imports(module) if not t.is_file()] == []
    assert not re.search(r"javascript:|\beval\(|new Function|setAttribute\(\s*[\"'](style|on)",
                         text)
    assert not re.search(r"\bstyle=|\bon[a-z]+=\"", text)  # no markup in strings
    writes_html = re.findall(r"\.(?:innerHTML|outerHTML|insertAdjacentHTML)\b", text)
    assert writes_html == ([".innerHTML"] if module.name == "preview.js" else [])  # the server's


def test_every_module_is_reached_from_a_page() -> None:
    reached: set[Path] = set()
    todo = [JS / "nav.js", *sorted((JS / "pages").glob("*.js"))]
    while todo:
        module = todo.pop().resolve()
        if module not in reached:
            reached.add(module)
            todo.extend(imports(module))
    assert sorted(reached) == [m.resolve() for m in modules()]


def test_no_script_outside_the_modules() -> None:
    assert sorted(p.name for p in STATIC_DIR.glob("*.js")) == []


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("name", "path"), PAGES.items())
def test_every_page_runs_under_the_policy(browser: Browser, server: str, draft: str,
                                          name: str, path: str) -> None:
    """The page's scripts run (the page says it is ready) with nothing refused; its screenshot
    goes to test-artifacts/pages/."""
    with watched_page(browser) as page:
        page.goto(server + path.format(draft=draft))
        page.wait_for_selector("body[data-ready=true]")
        expect(page.locator("h1")).to_have_text(TITLES[name])
        (ARTIFACTS / "pages").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "pages" / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.slow
def test_the_policy_refuses_and_reports_what_it_forbids(browser: Browser, server: str) -> None:
    """The policy is in force in the tests: what a page must not do is refused and reported."""
    context = browser.new_context()
    violations = enforce_csp(context)
    page = context.new_page()
    page.goto(f"{server}/kiem-tra")
    page.wait_for_selector("body[data-ready=true]")
    page.evaluate("""() => {
        document.body.insertAdjacentHTML("beforeend",
            '<p id="styled" style="color: rgb(255, 0, 0)">x</p>'
            + '<img src="/static/emblem.svg" onload="window.ran = 1">');
        const script = document.createElement("script");
        script.textContent = "window.inline = 1";
        document.body.append(script);
    }""")
    expect(page.locator("#styled")).to_have_count(1)
    page.wait_for_function("() => document.querySelector('img[onload]').complete")
    page.wait_for_timeout(200)
    assert page.evaluate("[window.ran, window.inline]") == [None, None]
    assert page.locator("#styled").evaluate("p => getComputedStyle(p).color") != "rgb(255, 0, 0)"
    context.close()
    directives = sorted({v.split(":")[0] for v in violations})
    assert directives == ["script-src-attr", "script-src-elem", "style-src-attr"], violations
