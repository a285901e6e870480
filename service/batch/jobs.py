"""Batch jobs that survive a restart: rebuild the items from the stored input, render only the
units not yet recorded, record them as they are done, and make the ZIP from the records.

A job's input is what the caller sent (a cascade request with its categories CSV, or a province,
a kind and a year), so its items are rebuilt the same way after a restart.  Rendered units are
committed with their bytes (`service.store.jobs`) every few units or every second, so an
interruption loses at most the units in progress and those of the last second.

The ZIP holds the same entries, in the same order, with the same bytes as `run_batch` for the
same input: documents by index, the extra files (`issues.csv`), then `manifest.csv`.  It is made
when it is downloaded, from the stored documents read one at a time.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from service.batch.items import cascade_batch, kind_items
from service.batch.runner import (
    MANIFEST,
    BatchItem,
    RenderedItem,
    _write,
    load_checker,
    manifest_csv,
    render_items,
)
from service.deps import Deps
from service.errors import PlanError, StateConflict
from service.spec import parse_request
from service.store.jobs import ACTIVE, Job, JobSpec, JobState, JobStore, UnitResult
from service.store.users import User, unit_key
from service.units import Tier

CASCADE, KIND = "cascade", "kind"
CHANGED = ("Danh sách đơn vị dựng lại từ yêu cầu đã khác lúc tạo lô ({before} đơn vị, nay"
           " {after}); hãy tạo lô mới.")
SKIPPED = "batch units already recorded by another worker"
log = logging.getLogger(__name__)

Rendered = Callable[[Job, RenderedItem], None]


# --- input -------------------------------------------------------------------------------------

def cascade_spec(request: dict[str, Any], deps: Deps, categories: str | None = None, *,
                 review: bool = True) -> JobSpec:
    """A cascade job from a province request (raw JSON) and an optional categories CSV."""
    data = {"request": request, "categories": categories}
    items, extra = _cascade_items(data, deps)
    province = items[0].unit.full
    return JobSpec(CASCADE, f"Kế hoạch {province} và {len(items) - 1} xã, phường", data,
                   len(items), review, {k: v.decode("utf-8") for k, v in extra.items()},
                   unit_key(items[0].unit.province_unit))


def kind_spec(province: str, kind: str, year: int, deps: Deps, *,
              review: bool = True, cited: Sequence[dict[str, Any]] = ()) -> JobSpec:
    """A job of one kind for every unit of a province that the kind fits (the communes' plans
    citing `cited`: the plans the province issued for the year)."""
    data: dict[str, Any] = {"province": province, "kind": kind, "year": year}
    if cited:
        data["cited"] = list(cited)
    items = kind_items(province, kind, year, deps, cited)
    title = deps.library.kinds[kind].title
    top = items[0].unit.province_unit.full
    return JobSpec(KIND, f"{title} năm {year}: {len(items)} đơn vị của {top}", data, len(items),
                   review, province_key=unit_key(items[0].unit.province_unit))


def job_items(job: Job, deps: Deps) -> list[BatchItem]:
    """The job's items, rebuilt from its stored input exactly as when it was created."""
    data = job.input
    if job.source == CASCADE:
        return _cascade_items(data, deps)[0]
    return kind_items(str(data["province"]), str(data["kind"]), int(data["year"]), deps,
                      data.get("cited") or ())


def _cascade_items(data: dict[str, Any], deps: Deps) -> tuple[list[BatchItem], dict[str, bytes]]:
    batch = cascade_batch(parse_request(data["request"]), deps, data.get("categories"))
    return batch.items, batch.extra


def first_index(items: Sequence[BatchItem]) -> int:
    """The number of the first item, as `render_items` counts: 000 for a province plan."""
    return 0 if items and items[0].unit.tier is Tier.PROVINCE else 1


# --- running -----------------------------------------------------------------------------------

@dataclass
class JobRunner:
    """Runs one job to its end (or until stopped), recording every unit as it completes."""

    store: JobStore
    deps: Deps
    chunk: int | None = None
    """At most this many units per `render_items` call; None: each run of consecutive units
    still to render in one call (the renderer's process pool, if any, starts once per run)."""
    commit_units: int = 8
    commit_seconds: float = 1.0
    """Finished units are committed together, at most this many or after this long."""
    rendered: Rendered | None = None
    """Called for each unit once it is committed (tests count renders with it)."""

    def run(self, job: Job, *, stop: threading.Event | None = None,
            limit: int | None = None) -> JobState:
        """The job's state afterwards: done, failed, cancelled, or queued again when `stop`
        was set (a shutdown) or `limit` units were rendered in this call."""
        try:
            items = job_items(job, self.deps)
        except PlanError as e:
            return self._fail(job, str(e))
        except (KeyError, TypeError, ValueError) as e:
            return self._fail(job, f"Yêu cầu đã lưu của lô không dùng được: {e!r}")
        if len(items) != job.total:
            return self._fail(job, CHANGED.format(before=job.total, after=len(items)))
        try:
            return self._render(job, items, stop, limit)
        except Exception as e:  # noqa: BLE001 — the job fails with a reason, the worker goes on
            log.exception("batch job %s failed", job.id)
            return self._fail(job, f"Lỗi không mong đợi: {type(e).__name__}: {e}")

    def _fail(self, job: Job, error: str) -> JobState:
        self.store.finish(job.id, JobState.FAILED, error)
        return JobState.FAILED

    def _render(self, job: Job, items: list[BatchItem], stop: threading.Event | None,
                limit: int | None) -> JobState:
        pending = _Pending(self, job)
        count = 0
        for start, end in self._pieces(job, items):
            first = first_index(items) + start
            for rendered in render_items(items[start:end], self.deps, review=job.review,
                                         first=first):
                count += 1
                committed = pending.add(rendered)
                if committed and (state := self.store.state(job.id)) != JobState.RUNNING:
                    return state or JobState.FAILED  # cancelled meanwhile
                if (stop is not None and stop.is_set()) or (limit is not None and count >= limit):
                    pending.flush()
                    self.store.release(job.id)
                    return JobState.QUEUED
        pending.flush()
        if self.store.finish(job.id, JobState.DONE):
            return JobState.DONE
        return self.store.state(job.id) or JobState.FAILED

    def _pieces(self, job: Job, items: list[BatchItem]) -> list[tuple[int, int]]:
        """Positions still to render, as runs of consecutive items (at most `chunk` long)."""
        base = first_index(items)
        recorded = self.store.recorded(job.id)
        stale = [i for i, code in recorded.items()
                 if not 0 <= i - base < len(items) or items[i - base].unit.code != code]
        if stale:
            self.store.forget(job.id, stale)
        done = set(recorded) - set(stale)
        pending = [p for p in range(len(items)) if base + p not in done]
        return list(_runs(pending, self.chunk or len(items)))


@dataclass
class _Pending:
    """Rendered units waiting for their commit: every `commit_units` units or `commit_seconds`
    (a commit costs a disk sync; an interruption loses at most the units held here)."""

    runner: JobRunner
    job: Job
    units: list[RenderedItem] = field(default_factory=list)
    since: float = field(default_factory=time.monotonic)

    def add(self, rendered: RenderedItem) -> bool:
        """Hold `rendered`; True when this committed the held units."""
        self.units.append(rendered)
        due = time.monotonic() - self.since >= self.runner.commit_seconds
        if len(self.units) < self.runner.commit_units and not due:
            return False
        self.flush()
        return True

    def flush(self) -> None:
        units, self.units, self.since = self.units, [], time.monotonic()
        skipped = self.runner.store.record(self.job.id, [(r.result, r.data) for r in units])
        if skipped:
            log.warning(SKIPPED, extra={"fields": {"job": self.job.id, "units": skipped}})
        if self.runner.rendered is not None:
            for rendered in units:
                self.runner.rendered(self.job, rendered)


def _runs(positions: list[int], size: int) -> Iterator[tuple[int, int]]:
    """[0, 1, 2, 5, 6] with size 2 -> (0, 2), (2, 3), (5, 7)."""
    start = prev = -2
    for p in positions:
        if p != prev + 1 or p - start >= size:
            if start >= 0:
                yield start, prev + 1
            start = p
        prev = p
    if start >= 0:
        yield start, prev + 1


# --- the ZIP -----------------------------------------------------------------------------------

def write_zip(store: JobStore, job: Job, out: IO[bytes]) -> None:
    """The job's ZIP, as `run_batch` writes it: documents by index, extra files, manifest."""
    reviewed = job.review and load_checker() is not None
    rows: list[UnitResult] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for result, data in store.documents(job.id):
            if data:
                _write(archive, result.file, data)
            rows.append(result)
        for name, text in job.extra.items():
            _write(archive, name, text.encode("utf-8"))
        _write(archive, MANIFEST, manifest_csv(rows, reviewed=reviewed))


def zip_chunks(store: JobStore, job: Job, size: int = 1 << 16) -> Iterator[bytes]:
    """The ZIP in pieces, assembled in a temporary file (memory stays flat for any job)."""
    with tempfile.TemporaryFile() as spool:
        write_zip(store, job, spool)
        spool.seek(0)
        while piece := spool.read(size):
            yield piece


# --- the worker --------------------------------------------------------------------------------

EXPIRY_SECONDS = 3600.0
"""How often the old jobs are expired (the in-process worker; the task queue has its own)."""


class JobQueue(Protocol):
    """Who runs the jobs: the service's own threads (`JobWorker`, SQLite: one process) or the
    shared task queue of a PostgreSQL deployment (`service.batch.queue.TaskQueue`)."""

    runner: JobRunner

    def start(self) -> None:
        """Start running jobs (in this process, if it has workers)."""

    def stop(self) -> None:
        """Stop after the unit in progress; its job goes back to the queue."""

    def submitted(self, job: Job) -> None:
        """A new job is in the store: have it run."""

    def seen(self) -> int:
        """Workers running jobs now (for /readyz)."""


@dataclass
class JobWorker:
    """Background threads that claim queued jobs and run them; a shutdown requeues the job.

    For one service process per database (SQLite): a starting worker requeues every running job
    (left by a process that stopped), and expires the old jobs every hour.
    """

    runner: JobRunner
    threads: int = 1
    poll_seconds: float = 2.0
    retention: dt.timedelta = dt.timedelta(days=30)
    """Jobs that ended longer ago than this are deleted, with their documents."""
    stopping: threading.Event = field(default_factory=threading.Event)
    """Set by `stop()`: the job in progress goes back to the queue after its current unit."""
    _wake: threading.Event = field(default_factory=threading.Event)
    _pool: list[threading.Thread] = field(default_factory=list)
    _expired_at: float | None = None

    def start(self) -> None:
        """Requeue what a previous process left running, then start the threads."""
        self.runner.store.requeue_running()
        self.stopping.clear()
        self._pool = [threading.Thread(target=self._loop, name=f"batch-worker-{n}", daemon=True)
                      for n in range(self.threads)]
        for thread in self._pool:
            thread.start()

    def wake(self) -> None:
        self._wake.set()

    def submitted(self, job: Job) -> None:
        self.wake()

    def seen(self) -> int:
        return sum(1 for thread in self._pool if thread.is_alive())

    def stop(self, timeout: float = 60.0) -> None:
        """Stop after the unit in progress; its job goes back to the queue."""
        self.stopping.set()
        self._wake.set()
        for thread in self._pool:
            thread.join(timeout)
        self._pool = []

    def _loop(self) -> None:
        while not self.stopping.is_set():
            self._expire()
            if not self._step():
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def _expire(self) -> None:
        if self._expired_at is not None and time.monotonic() - self._expired_at < EXPIRY_SECONDS:
            return
        self._expired_at = time.monotonic()
        try:
            expire_jobs(self.runner.store, self.retention)
        except Exception:  # noqa: BLE001 — a database hiccup must not kill the worker
            log.exception("batch expiry failed")

    def _step(self) -> bool:
        """Run one queued job; False when there was none (or the database failed)."""
        try:
            job = self.runner.store.claim_next()
            if job is None:
                return False
            self.runner.run(job, stop=self.stopping)
            return True
        except Exception:  # noqa: BLE001 — a database hiccup must not kill the worker
            log.exception("batch worker step failed")
            return False


def expire_jobs(store: JobStore, retention: dt.timedelta) -> int:
    """Delete the jobs that ended more than `retention` ago; how many (logged)."""
    count = store.expire(dt.datetime.now(dt.UTC) - retention)
    if count:
        log.info("expired %d batch jobs older than %s", count, retention)
    return count


@dataclass
class Batches:
    """The API's handle on jobs: the store, and the queue told of each new job."""

    store: JobStore
    worker: JobQueue

    def submit(self, spec: JobSpec, owner: User | None = None) -> Job:
        job = self.store.create(spec, owner)
        self.worker.submitted(job)
        return job

    def zip(self, job: Job) -> Iterator[bytes]:
        """The ZIP of a job that is done, in pieces; StateConflict (why not) before."""
        if job.state != JobState.DONE:
            raise StateConflict(_not_ready(job))
        return zip_chunks(self.store, job)

    def cancel(self, job: Job) -> Job:
        """The job stopped (queued or running: its documents are not packed); StateConflict
        once it is over."""
        if job.state not in ACTIVE or not self.store.cancel(job.id):
            state = self.store.state(job.id) or job.state
            raise StateConflict(f"Lô đã kết thúc ({state.label}), không hủy được.")
        return self.store.get(job.id) or job


def _not_ready(job: Job) -> str:
    if job.state == JobState.QUEUED:
        return "Lô đang chờ đến lượt; tệp ZIP có khi lô xong."
    if job.state == JobState.RUNNING:
        return (f"Lô đang chạy ({job.finished}/{job.total} đơn vị); tệp ZIP có khi lô xong.")
    if job.state == JobState.CANCELLED:
        return "Lô đã bị hủy; không có tệp ZIP."
    return f"Lô bị lỗi, không có tệp ZIP: {job.error}"
