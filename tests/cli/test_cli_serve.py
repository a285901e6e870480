"""`kehoach serve`: the web service on the given host and port, over `DATABASE_URL`; while no
user exists it says how to add the first one; its requests as JSON lines on stderr from
`--log-level` up.  `kehoach worker` needs PostgreSQL (its own test: tests/batch/)."""

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

from service.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve(tmp_path: Path, port: int, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite'}"}
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _stop(process: subprocess.Popen[bytes]) -> str:
    """What the server wrote on stderr, once it has stopped."""
    process.terminate()
    _, err = process.communicate(timeout=30)
    return err.decode("utf-8")


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
    process = _serve(tmp_path, port)
    try:
        provinces = _get_json(f"http://127.0.0.1:{port}/api/provinces?year=2026", process)
    finally:
        hint = _stop(process)
    assert isinstance(provinces, list)
    assert len(provinces) == 34
    assert (tmp_path / "serve.sqlite").is_file()
    assert "Chưa có người dùng nào" in hint
    assert "kehoach users add --name" in hint
    assert f"http://127.0.0.1:{port}/dang-nhap" in hint


@pytest.mark.slow
@pytest.mark.parametrize(("level", "logged"), [("info", 1), ("warning", 0)])
def test_serve_logs_each_request_as_a_json_line_from_its_level(tmp_path: Path, level: str,
                                                               logged: int) -> None:
    port = _free_port()
    process = _serve(tmp_path, port, "--log-level", level)
    try:
        _get_json(f"http://127.0.0.1:{port}/api/provinces?year=2026", process)
    finally:
        err = _stop(process)
    records = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    requests = [r for r in records if r["logger"] == "kehoach.request"]
    assert len(requests) == logged
    for line in requests:
        assert set(line) == {"time", "level", "logger", "message", "id", "method", "path",
                             "status", "ms", "user"}
        assert (line["method"], line["path"], line["status"], line["user"]) == (
            "GET", "/api/provinces", 200, None)  # the path without its query
    quiet = all(r["level"] in ("warning", "error", "critical") for r in records)
    assert quiet == (level == "warning")


def test_worker_needs_postgresql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'worker.sqlite'}")
    assert main(["worker"]) == 2
    assert "kehoach worker cần PostgreSQL" in capsys.readouterr().err


def test_an_unknown_log_level_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--log-level", "verbose"])
    assert exit_.value.code == 2
    assert "--log-level" in capsys.readouterr().err
