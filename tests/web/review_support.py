"""Browser tests with users: a server of their own (the conftest one has no user and no way to
add one), users added through the real CLI (`kehoach users add`), sign-in through the page."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def serve(database: Path, log: Path) -> Iterator[str]:
    """The service, as `kehoach serve` runs it, on a free port, over `database`."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "service.api.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=_env(database), stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{url}/api/provinces", process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _env(database: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}


def _wait(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s")


def api(server: str, path: str, token: str) -> Any:
    """GET an API path as a signed-in user."""
    request = urllib.request.Request(f"{server}{path}",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
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
