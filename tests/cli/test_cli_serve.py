"""`kehoach serve`: the web service on the given host and port, over `DATABASE_URL`; while no
user exists it says how to add the first one."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get_json(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> object:
    """The JSON at `url` once the server answers (it needs a few seconds to start)."""
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} (server status {process.poll()})")


@pytest.mark.slow
def test_serve_answers_on_its_port_and_hints_at_the_first_user(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite'}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        provinces = _get_json(f"http://127.0.0.1:{port}/api/provinces?year=2026", process)
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert isinstance(provinces, list)
    assert len(provinces) == 34
    assert (tmp_path / "serve.sqlite").is_file()
    hint = err.decode("utf-8")
    assert "Chưa có người dùng nào" in hint
    assert "kehoach users add --name" in hint
    assert f"http://127.0.0.1:{port}/dang-nhap" in hint
