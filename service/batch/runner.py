"""Render many plan requests into one ZIP, streamed to disk, one failing unit never stopping it.

The ZIP is byte-stable: fixed entry timestamps and permissions, entries in the order of the items
(the province first, then the units by code), and `manifest.csv` last.  Each document is written
to the archive as soon as it is rendered, so memory does not grow with the number of units.

With `workers` > 1 the items are rendered (and reviewed) by a pool of processes, each with its
`Deps` set once (forked from the caller, or built from its settings and date: `_start`); chunks
of items are handed out a few at a time and their results taken back in order, so the output is
the same as with one worker and at most `2 × workers` chunks of documents are in memory at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gc
import hashlib
import io
import multiprocessing
import os
import re
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from service.config import Settings
from service.deps import Deps
from service.errors import PlanError
from service.spec.request import PlanRequest
from service.store.jobs import MANIFEST_COLUMNS, UnitResult
from service.strings import fold
from service.units import Tier, Unit

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MANIFEST = "manifest.csv"
FINDINGS_NOTE = "findings (không kiểm tra: service.review không dùng được)"

Checker = Callable[[bytes], Sequence[Any]]


@dataclass(frozen=True)
class BatchItem:
    """One document to make: its request, or the error that already stopped it."""

    unit: Unit
    kind: str
    request: PlanRequest | None
    category: str = ""
    error: str = ""


@dataclass
class BatchSummary:
    rows: list[UnitResult] = field(default_factory=list)
    seconds: float = 0.0
    reviewed: bool = True
    workers: int = 1

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if not r.error)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if r.error)


Progress = Callable[[int, int, UnitResult], None]


def slug(text: str) -> str:
    """ASCII file-name part: 'xã Ia Rvê' -> 'xa-ia-rve'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def entry_name(index: int, item: BatchItem) -> str:
    return f"{index:03d}-{slug(item.unit.full)}-{item.kind}.docx"


def load_checker(deps: Deps | None = None) -> Checker | None:
    """The review checker, or None when `service.review` cannot be imported.

    Its content rules use the batch's units and library, `deps` (None: only the rules that need
    neither; the batch always passes its own).
    """
    try:
        from service.review import check_docx
    except ImportError:
        return None
    return functools.partial(check_docx, deps=deps)


@dataclass(frozen=True)
class RenderedItem:
    """One item done: its result (manifest row and ZIP entry name) and its bytes (empty on
    error)."""

    result: UnitResult
    data: bytes = b""

    @property
    def index(self) -> int:
        return self.result.index


def default_workers() -> int:
    """The number of worker processes by default: the CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def pool_size(workers: int, items: int) -> int:
    """How many processes render `items` items with `workers` asked (1: this process)."""
    return max(1, min(workers, items))


def render_items(items: Sequence[BatchItem], deps: Deps, *, review: bool = True,
                 first: int | None = None, workers: int = 1) -> Iterator[RenderedItem]:
    """Render `items` in order, numbered from `first` (000 when the first is the province plan).

    Yields each item as soon as it is done (in order); one failing item yields a row with its
    error.  `workers` > 1: a process pool (see the module's docstring), same results.
    """
    if first is None:
        first = 0 if items and items[0].unit.tier is Tier.PROVINCE else 1
    numbered = list(enumerate(items, start=first))
    if pool_size(workers, len(items)) > 1:
        yield from _pooled(numbered, deps, review, pool_size(workers, len(items)))
        return
    checker = load_checker(deps) if review else None
    for index, item in numbered:
        yield render_item(index, item, deps, checker)


Numbered = list[tuple[int, BatchItem]]
_WORKER: tuple[Deps, Checker | None] | None = None


def _pooled(numbered: Numbered, deps: Deps, review: bool,
            workers: int) -> Iterator[RenderedItem]:
    size = max(1, min(16, len(numbered) // (workers * 8)))
    chunks = (numbered[i:i + size] for i in range(0, len(numbered), size))
    context, source = _start(deps)
    with _frozen(isinstance(source, Deps)):
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                   initargs=(source, review))
        try:
            pending: deque[Future[list[RenderedItem]]] = deque(
                pool.submit(_render_chunk, chunk) for chunk in islice(chunks, 2 * workers))
            while pending:
                done = pending.popleft().result()
                pending.extend(pool.submit(_render_chunk, chunk) for chunk in islice(chunks, 1))
                yield from done
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _frozen(forking: bool) -> Iterator[None]:
    """While forked workers run: the caller's objects (its `Deps` above all) out of the cyclic
    collector's passes (`gc.freeze`), so that neither the caller nor a worker touches their pages
    to collect them (a touched page is copied into the process that touches it)."""
    if not forking:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


DepsSource = Deps | tuple[Settings, dt.date]


def _start(deps: Deps) -> tuple[BaseContext, DepsSource]:
    """How workers start, and what they get to have their `Deps`.

    A single-threaded process forks (the workers share the caller's `Deps` as they are); one
    with threads (a web service) spawns fresh interpreters, which build their own `Deps` from
    the caller's settings, with the caller's date fixed.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork"), deps
    return multiprocessing.get_context("spawn"), (deps.settings, deps.today())


def _start_worker(source: DepsSource, review: bool) -> None:
    """A worker's dependencies and checker, set once."""
    global _WORKER
    if isinstance(source, Deps):
        deps = source
    else:
        settings, today = source
        deps = Deps.build(settings)
        deps.today = lambda: today
    _WORKER = (deps, load_checker(deps) if review else None)
    gc.freeze()  # what the worker keeps for its life: out of the collector's passes


def _render_chunk(chunk: Numbered) -> list[RenderedItem]:
    assert _WORKER is not None, "worker not started"
    deps, checker = _WORKER
    return [render_item(index, item, deps, checker) for index, item in chunk]


def run_batch(items: Sequence[BatchItem], deps: Deps, output: Path, *,
              progress: Progress | None = None, review: bool = True,
              extra: Mapping[str, bytes] | None = None, workers: int = 1) -> BatchSummary:
    """Render `items` into the ZIP at `output`, numbered 000 (the province plan), 001, 002 ….

    `extra`: more files (e.g. `issues.csv`) written after the documents, before the manifest.
    `workers`: processes rendering in parallel (1: in this process); the ZIP is the same.
    """
    summary = BatchSummary(reviewed=review and load_checker() is not None,
                           workers=pool_size(workers, len(items)))
    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        rendered_items = render_items(items, deps, review=review, workers=workers)
        for done, rendered in enumerate(rendered_items, start=1):
            if rendered.data:
                _write(archive, rendered.result.file, rendered.data)
            summary.rows.append(rendered.result)
            if progress is not None:
                progress(done, len(items), rendered.result)
        for name, data in (extra or {}).items():
            _write(archive, name, data)
        _write(archive, MANIFEST, manifest_csv(summary.rows, reviewed=summary.reviewed))
    summary.seconds = time.perf_counter() - started
    return summary


def render_item(index: int, item: BatchItem, deps: Deps,
                checker: Checker | None) -> RenderedItem:
    """One item through the pipeline (and the checker): never raises for a bad unit."""
    from service.pipeline import build_plan

    def result(file: str = "", digest: str = "", findings: int = 0,
               error: str = "") -> UnitResult:
        return UnitResult(index, item.unit.code, item.unit.full, item.unit.level, item.kind,
                          item.category, file, digest, findings, error)

    if item.request is None or item.error:
        return RenderedItem(result(error=item.error or "Không có yêu cầu."))
    try:
        data = build_plan(item.request, deps).docx
        findings = len(checker(data)) if checker is not None else 0
    except PlanError as e:
        return RenderedItem(result(error=str(e)))
    except Exception as e:  # noqa: BLE001 — one unit's failure must not stop the batch
        return RenderedItem(result(error=f"Lỗi không mong đợi khi dựng văn bản: "
                                         f"{type(e).__name__}: {e}"))
    name = entry_name(index, item)
    return RenderedItem(result(name, hashlib.sha256(data).hexdigest(), findings), data)


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    archive.writestr(info, data)


def manifest_csv(rows: Iterable[UnitResult], *, reviewed: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c if c != "findings" or reviewed else FINDINGS_NOTE
                     for c in MANIFEST_COLUMNS])
    for r in rows:
        writer.writerow(r.cells())
    return buffer.getvalue().encode("utf-8-sig")
