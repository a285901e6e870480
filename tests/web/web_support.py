"""Constants and the server of the browser tests (a module of its own: `conftest` names are not
importable reliably when several conftest.py files exist)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from live_server import serve_process
from playwright.sync_api import Browser, BrowserContext, Page, Response

from service.api.headers import CSP as SERVED_CSP

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
CSP = SERVED_CSP
"""The Content-Security-Policy the service sends with every page (`service.api.headers`): no
inline script, no inline event handler, no style attribute or element, no `javascript:` URL, no
framing. The browser tests check that every page they open came with it (`enforce_csp`) and
fail on any violation."""
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => window.kehoachCspViolation(
  `${e.effectiveDirective}: ${e.blockedURI || "inline"}`
  + ` (${e.sourceFile || document.URL}:${e.lineNumber})${e.sample ? ` «${e.sample}»` : ""}`));
"""


@contextmanager
def serve(database: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The service, as `kehoach serve` runs it, on a free localhost port, over `database` (with
    `env` added to its environment): its address."""
    with serve_process(database, log, env) as live:
        yield live.url


def enforce_csp(context: BrowserContext) -> list[str]:
    """Every page of the service that `context` opens must come with the header `CSP` (the
    service's own); the browser then refuses what the policy forbids, and each refusal, like
    each page without the header, is added to the list returned."""
    violations: list[str] = []

    def check_header(response: Response) -> None:
        served = response.headers.get("content-security-policy")
        if response.request.resource_type == "document" and served != CSP:
            violations.append(f"no policy header on {response.url}")

    def report(violation: str) -> None:
        violations.append(violation)

    context.on("response", check_header)
    context.expose_function("kehoachCspViolation", report)
    context.add_init_script(_REPORT_VIOLATIONS)
    return violations


@contextmanager
def watched_page(browser: Browser, *, width: int = 1440, height: int = 1000,
                 **options: Any) -> Iterator[Page]:
    """A page in a context of its own (its own localStorage), Vietnamese locale, every page under
    the policy `CSP`; on leaving, the context is closed, and no script error may have occurred on
    the page nor anything been refused by the policy."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                  **options)
    violations = enforce_csp(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [], errors
    assert violations == [], violations
