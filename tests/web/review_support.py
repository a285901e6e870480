"""Browser tests with users: a server of their own (the conftest one has no user and no way to
add one), users added through the real CLI (`kehoach users add`), sign-in through the page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from web_support import ROOT


def add_user(database: Path, name: str, role: str, unit: str) -> str:
    """`kehoach users add` against the test database; the token it prints."""
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "users", "add", "--name", name, "--role", role,
         "--unit", unit], cwd=ROOT, env=_env(database), capture_output=True, text=True,
        check=True, timeout=120)
    return done.stdout.strip()


def _env(database: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}


def api(server: str, path: str, token: str) -> Any:
    """GET an API path as a signed-in user."""
    request = urllib.request.Request(f"{server}{path}",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def send(server: str, method: str, path: str, token: str, body: Any = None) -> Any:
    """POST or PUT `body` (JSON) to an API path as a signed-in user; the JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{server}{path}", data=data, method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def sign_in(page: Page, server: str, token: str, name: str, then: str = "/") -> None:
    """Sign in through the sign-in page, as a person would; land on `then`."""
    page.goto(f"{server}/dang-nhap?next={then}")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#f-token", token)
    page.click("#signin-run")
    page.wait_for_url(f"{server}{then}")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#whoami")).to_contain_text(name)
