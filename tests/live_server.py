"""A live service for the tests and benchmarks that measure it from outside: `kehoach serve`'s
app under uvicorn on a free localhost port, in its own process (its memory read from /proc)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Live:
    url: str
    pid: int

    def memory(self, field: str = "VmRSS") -> int:
        """The server process's resident memory now (VmRSS) or at its peak (VmHWM), in bytes."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
        raise LookupError(field)

    def alive(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/provinces", timeout=5) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False


@contextmanager
def live_server(folder: Path, **env: str) -> Iterator[Live]:
    """The service over a new SQLite database in `folder`, with `env` (KEHOACH_… settings)."""
    with serve_process(folder / "live.sqlite", folder / "uvicorn.log", env,
                       start_seconds=90) as live:
        yield live


@contextmanager
def serve_process(database: Path, log: Path, env: dict[str, str] | None = None,
                  start_seconds: float = 60) -> Iterator[Live]:
    """The service, as `kehoach serve` runs it, on a free localhost port, over the SQLite file
    `database` (with `env` added to its environment, its output in `log`); stopped after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    environ = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "service.api.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    live = Live(f"http://127.0.0.1:{port}", process.pid)
    try:
        deadline = time.monotonic() + start_seconds
        while not live.alive():
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped with status {process.returncode}"
                                   f" (log: {log})")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start within {start_seconds} s"
                                   f" (log: {log})")
            time.sleep(0.2)
        yield live
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
