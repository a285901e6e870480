"""Checking and comparing uploaded .docx in worker processes, so that the web process never
holds an uploaded document's tree, and one hostile upload cannot take the service down.

    CheckPool(settings)        KEHOACH_CHECK_WORKERS processes (default 2), started when first
                               needed, each with its own `Deps`, one call at a time each, at a
                               lower CPU priority than the web process (previews keep their speed)
    await pool.run(fn, *args)  `fn(deps, *args)` in an idle worker (waiting for one when all are
                               busy); meanwhile the worker's resident memory (from /proc) and the
                               clock are watched: a worker over KEHOACH_CHECK_MEMORY_MB or
                               KEHOACH_CHECK_SECONDS is killed with its process group (LibreOffice
                               too) and replaced; the caller gets TooLarge (413) or a RequestError
                               (422), in Vietnamese

The reading bounds of `service.docx.limits` refuse the known bombs in milliseconds; the workers'
limits are for what no bound foresaw.  A PlanError raised in a worker comes back as itself (it
pickles with its fields); any other exception is logged and answered as an unreadable file (422).
Workers start from a fork server that has imported the checker once (a new worker then only
builds its `Deps`, about a second).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import resource
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Concatenate

from starlette.concurrency import run_in_threadpool

from service.compare.diff import diff_docx
from service.config import Settings
from service.deps import Deps
from service.errors import PlanError, RequestError, TooLarge
from service.review import check_docx, to_json

log = logging.getLogger(__name__)
NICE = 10
"""How much lower the workers' CPU priority is than the web process's."""
POLL_SECONDS = 0.02
START_SECONDS = 120.0
PAGE = os.sysconf("SC_PAGE_SIZE")
PRELOAD = ["service.review", "service.compare.diff", "service.deps"]

type Work[**P, T] = Callable[Concatenate[Deps, P], T]


# --- what the workers run ------------------------------------------------------------------------

def check_upload(deps: Deps, data: bytes, final: bool, render: bool) -> list[dict[str, Any]]:
    """The findings of `kehoach check --json` for an uploaded .docx."""
    return to_json(check_docx(data, deps, final=final, render_check=render))


def compare_uploads(deps: Deps, a: bytes, b: bytes) -> dict[str, object]:
    """The differences of `kehoach diff --json` between two uploaded .docx."""
    return diff_docx(a, b).to_json()


# --- the pool ------------------------------------------------------------------------------------

class CheckPool:
    """Worker processes for the uploads; `close()` stops them (the app's shutdown)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.size = settings.check_workers
        self.memory_bytes = settings.check_memory_mb * 1_000_000
        self.seconds = settings.check_seconds
        self._idle: list[_Worker] = []
        self._count = 0  # workers started or starting, busy or idle
        self._lock = threading.Condition()
        self._closed = False

    async def run[**P, T](self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`work(deps, *args)` in a worker; its result, or its PlanError."""
        return await run_in_threadpool(functools.partial(self.call, work, *args, **kwargs))

    def call[**P, T](self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        worker = self._take()
        try:
            result: T = worker.call(work, args, kwargs, self)
        except BaseException:
            self._give(worker)
            raise
        self._give(worker)
        return result

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._lock.notify_all()
        for worker in idle:
            worker.stop()

    @property
    def pids(self) -> list[int]:
        """The idle workers' process ids (tests and the benchmark watch their memory)."""
        with self._lock:
            return [w.process.pid for w in self._idle if w.process.pid is not None]

    def _take(self) -> _Worker:
        """An idle worker that is alive, or a new one when fewer than `size` exist."""
        with self._lock:
            while True:
                while not self._idle and self._count >= self.size and not self._closed:
                    self._lock.wait()
                if self._closed:
                    raise RuntimeError("the check pool is closed")
                if not self._idle:
                    break
                worker = self._idle.pop()
                if worker.alive() and not worker.conn.poll(0):  # no EOF: not died idle
                    return worker
                self._count -= 1  # killed from outside while idle
                worker.stop()
            self._count += 1
        try:
            return _Worker.start(self.settings)
        except BaseException:
            with self._lock:
                self._count -= 1
                self._lock.notify()
            raise

    def _give(self, worker: _Worker) -> None:
        """A worker back to the pool; one killed, or grown past half its limit, is let go
        (the next call starts another)."""
        keep = worker.alive() and worker.resident() < self.memory_bytes // 2
        with self._lock:
            if keep and not self._closed:
                self._idle.append(worker)
            else:
                self._count -= 1
            self._lock.notify()
        if not keep:
            worker.stop()


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    dead: bool = field(default=False)

    @classmethod
    def start(cls, settings: Settings) -> _Worker:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, settings), daemon=True,
                                  name="kehoach-check")
        process.start()
        theirs.close()
        worker = cls(process, ours)
        if not ours.poll(START_SECONDS) or ours.recv() != "ready":
            worker.kill()
            raise RuntimeError("a check worker did not start")
        return worker

    def call(self, work: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
             pool: CheckPool) -> Any:
        try:
            self.conn.send((work, args, kwargs))
        except OSError:
            self.kill()
            raise RequestError(_stopped(self.process.exitcode), field="file") from None
        deadline = time.monotonic() + pool.seconds
        while not self.conn.poll(POLL_SECONDS):
            if self.resident() > pool.memory_bytes:
                self.kill()
                raise TooLarge(_over_memory(pool.memory_bytes), field="file")
            if time.monotonic() > deadline:
                self.kill()
                raise RequestError(_over_time(pool.seconds), field="file")
            if not self.alive():
                self.kill()
                raise RequestError(_stopped(self.process.exitcode), field="file")
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise RequestError(_stopped(self.process.exitcode), field="file") from None
        return _answer(status, value, pool)

    def resident(self) -> int:
        """The worker's resident memory in bytes (0 once it is gone)."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            return 0

    def alive(self) -> bool:
        return not self.dead and self.process.is_alive()

    def kill(self) -> None:
        """The worker and its process group (a LibreOffice it started) killed at once."""
        self.dead = True
        pid = self.process.pid
        if pid is not None:
            try:
                os.killpg(pid, 9)
            except OSError:
                self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        if not self.dead:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(5)
        if self.process.is_alive():
            self.kill()
        self.dead = True
        self.conn.close()


def _answer(status: str, value: Any, pool: CheckPool) -> Any:
    if status == "ok":
        return value
    if status == "refused":
        raise value
    if status == "memory":
        raise TooLarge(_over_memory(pool.memory_bytes), field="file")
    log.error("a check worker failed: %s", value)
    raise RequestError("Không đọc được tệp .docx này (lỗi khi đọc; tệp có thể bị hỏng).",
                       field="file")


def _over_memory(limit: int) -> str:
    return (f"Tệp .docx cần quá nhiều bộ nhớ để đọc (hơn {limit // 1_000_000} MB); hãy kiểm tra"
            " tệp, hoặc lưu lại bằng Word rồi gửi lại.")


def _over_time(seconds: float) -> str:
    return (f"Đọc tệp .docx quá lâu (hơn {seconds:g} giây) nên đã dừng; hãy kiểm tra tệp, hoặc"
            " lưu lại bằng Word rồi gửi lại.")


def _stopped(code: int | None) -> str:
    return f"Không đọc được tệp .docx này: tiến trình kiểm tra dừng bất thường (mã {code})."


# --- inside a worker -----------------------------------------------------------------------------

def _serve(conn: Connection, settings: Settings) -> None:
    """A worker: its own process group and lower priority, a memory ceiling as a backstop to the
    parent's watch, its `Deps`; then one call at a time until told to stop (None) or orphaned."""
    os.setpgid(0, 0)
    os.nice(NICE)
    _limit_memory(settings.check_memory_mb * 1_000_000)
    deps = Deps.build(settings)
    conn.send("ready")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        work, args, kwargs = message
        conn.send(_run(work, deps, args, kwargs))


def _run(work: Callable[..., Any], deps: Deps, args: tuple[Any, ...],
         kwargs: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "ok", work(deps, *args, **kwargs)
    except PlanError as e:
        return "refused", e
    except MemoryError:
        return "memory", None
    except Exception:  # noqa: BLE001 — answered as an unreadable file, logged by the parent
        return "failed", traceback.format_exc(limit=8)


def _limit_memory(limit: int) -> None:
    """Address space capped at what the worker has mapped now plus twice its resident limit:
    a runaway allocation fails with MemoryError even between two of the parent's looks."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            mapped = int(statm.read().split()[0]) * PAGE
        resource.setrlimit(resource.RLIMIT_AS, (mapped + 2 * limit, resource.RLIM_INFINITY))
    except (OSError, ValueError):
        pass
