"""Many processes on one PostgreSQL: two `kehoach serve` and one `kehoach worker` share the queue
of three province jobs; one of them is killed (SIGKILL) in the middle of a job, which another
takes up from its last committed unit.  Every job ends done, each unit is in the results table
exactly once, and each ZIP is the one `kehoach batch` writes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from service.batch.jobs import SKIPPED
from service.cli import main
from service.deps import Deps
from service.store import Database, JobState, JobStore, UserRepository
from service.units import Tier

ROOT = Path(__file__).resolve().parents[2]
PROVINCES = ("Thanh Hóa", "Gia Lai", "Nghệ An")
KIND, YEAR = "keep-drug-free", 2026
QUICK = {"KEHOACH_BATCH_WORKERS": "1", "KEHOACH_BATCH_POLL_SECONDS": "0.5",
         "KEHOACH_BATCH_JOBS_PER_USER": "3",
         "KEHOACH_WORKER_HEARTBEAT_SECONDS": "1", "KEHOACH_WORKER_STALLED_SECONDS": "4",
         "KEHOACH_QUEUE_SWEEP_SECONDS": "1"}

pytestmark = [pytest.mark.postgresql, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Process:
    """A `kehoach` command in its own process, its stderr (JSON log lines) in a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as err:
            self.popen = subprocess.Popen([sys.executable, "-m", "service.cli", *args], cwd=ROOT,
                                          env=env, stdout=subprocess.DEVNULL, stderr=err)

    def taken(self) -> list[dict[str, Any]]:
        """The 'batch job taken' log lines of this process."""
        return self.lines("batch job taken")

    def lines(self, message: str) -> list[dict[str, Any]]:
        """The JSON log lines of this process with this message."""
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        records = [json.loads(line) for line in lines if line.startswith("{")]
        return [r for r in records if r.get("message") == message]

    def end(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
        try:
            self.popen.wait(60)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(10)


def _wait(condition: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        if found := condition():
            return found
        assert time.monotonic() < deadline, f"timed out: {what}"
        time.sleep(0.1)


ADMIN: dict[str, str] = {}
"""The headers of the admin the `processes` fixture adds (batch jobs need a user)."""


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=ADMIN),
                                    timeout=5) as answer:
            return bytes(answer.read())
    except OSError:
        return None


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **ADMIN})
    with urllib.request.urlopen(request, timeout=60) as answer:
        found: dict[str, Any] = json.loads(answer.read())
        return found


@pytest.fixture
def processes(postgres_url: str, tmp_path: Path, deps: Deps,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[Process], list[int]]]:
    """Two services and a worker on one database (upgraded first, as an operator would)."""
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    assert main(["db", "upgrade"]) == 0
    db = Database(postgres_url)
    _, token = UserRepository(db).add("Quản trị", "admin", deps.units.get(1, Tier.PROVINCE))
    db.dispose()
    monkeypatch.setitem(ADMIN, "Authorization", f"Bearer {token}")
    env = {**os.environ, "DATABASE_URL": postgres_url, **QUICK}
    ports = [_free_port(), _free_port()]
    started = [Process(["serve", "--port", str(p)], env, tmp_path / f"serve-{p}.log")
               for p in ports]
    started.append(Process(["worker"], env, tmp_path / "worker.log"))
    try:
        for port in ports:
            _wait(lambda port=port: _get(f"http://127.0.0.1:{port}/healthz"), 120, "healthz")
        yield started, ports
    finally:
        for process in started:
            process.end()


def test_jobs_survive_a_killed_process_and_render_each_unit_once(
        processes: tuple[list[Process], list[int]], postgres_url: str, tmp_path: Path) -> None:
    started, ports = processes
    jobs = [_post(f"http://127.0.0.1:{ports[n % 2]}/api/batches",
                  {"province": p, "kind": KIND, "year": YEAR})["id"]
            for n, p in enumerate(PROVINCES)]
    db = Database(postgres_url)
    store = JobStore(db)

    def running_with_results() -> tuple[Process, str] | None:
        for process in started:
            for line in process.taken():
                job = store.get(line["job"])
                if job and job.state is JobState.RUNNING and 8 <= job.finished < job.total - 8:
                    return process, job.id
        return None

    victim, job_id = _wait(running_with_results, 240, "a job in progress")
    victim.popen.send_signal(signal.SIGKILL)
    victim.popen.wait(10)
    _wait(lambda: all(_over(store, i) for i in jobs), 300, "every job over")
    assert [store.get(i).state for i in jobs] == [JobState.DONE] * 3  # type: ignore[union-attr]
    with db.engine.connect() as connection:
        counts = connection.execute(text(
            "SELECT j.id, j.total, count(r.item_index), count(DISTINCT r.unit_code)"
            " FROM batch_jobs j JOIN batch_results r ON r.job_id = j.id GROUP BY j.id, j.total"
        )).all()
    assert sorted((i, t, n, d) for i, t, n, d in counts) == sorted(
        (i, t, t, t) for i, t, _, _ in counts)
    assert len(counts) == 3
    assert [line for p in started for line in p.lines(SKIPPED)] == []  # no unit committed twice
    others = [line for p in started if p is not victim for line in p.taken()
              if line["job"] == job_id]
    assert others  # taken up by another process
    assert max(line["recorded"] for line in others) >= 8  # from its committed units
    alive = next(port for port, p in zip(ports, started, strict=False) if p is not victim)
    for province, job in zip(PROVINCES, jobs, strict=True):
        out = tmp_path / f"{job}.zip"
        assert main(["batch", "--province", province, "--kind", KIND, "--year", str(YEAR),
                     "-o", str(out)]) == 0
        assert _get(f"http://127.0.0.1:{alive}/api/batches/{job}/zip") == out.read_bytes()
    db.dispose()


def _over(store: JobStore, job_id: str) -> bool:
    job = store.get(job_id)
    return job is not None and job.state not in (JobState.QUEUED, JobState.RUNNING)
