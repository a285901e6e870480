"""Batch jobs: rebuilt from their stored input, resumed without redoing a finished unit, and
packed into the same ZIP, byte for byte, as a one-shot `run_batch` of the same input."""

from __future__ import annotations

import csv
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.batch.cascade import ISSUES_FILE, cascade, issues_csv
from service.batch.items import cascade_items, kind_items
from service.batch.jobs import (
    CASCADE,
    CHANGED,
    JobRunner,
    JobWorker,
    _runs,
    cascade_spec,
    kind_spec,
    write_zip,
)
from service.batch.runner import MANIFEST, RenderedItem, run_batch
from service.deps import Deps
from service.spec import parse_request
from service.store import Database, Job, JobSpec, JobStore, UnitResult

LAI_CHAU = {"province": "Lai Châu", "kind": "district-drug-free", "year": 2024}
"""Eight legacy districts: a small kind job."""
LAI_CHAU_PLAN = {"kind": "province-drug-free", "unit": 12, "year": 2026}
"""The province plan of Lai Châu and its 38 communes: a small cascade."""
CATEGORIES = ('xã Bình Lư,keep\nxã Sin Suối Hồ,build,"{""village_count"": -3}"\n'
              "xã Không Có Thật,keep\n")
"""One commune kept, one whose facts are invalid (it fails), one unknown (an issue)."""


class Crash(BaseException):
    """Stands for the process being killed: not an Exception, so nothing catches it."""


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'jobs.sqlite'}"


@pytest.fixture
def store(db_path: str) -> Iterator[JobStore]:
    with _database(db_path) as database:
        yield JobStore(database)


class _database:
    """A Database over the file, created and disposed (one per simulated process)."""

    def __init__(self, url: str) -> None:
        self.db = Database(url)

    def __enter__(self) -> Database:
        self.db.create_schema()
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.dispose()


def _kind_job(store: JobStore, deps: Deps, review: bool = False) -> Job:
    return store.create(kind_spec(str(LAI_CHAU["province"]), str(LAI_CHAU["kind"]),
                                  int(str(LAI_CHAU["year"])), deps, review=review))


def _cascade_job(store: JobStore, deps: Deps, categories: str | None = CATEGORIES) -> Job:
    return store.create(cascade_spec(dict(LAI_CHAU_PLAN), deps, categories, review=False))


def _zip(store: JobStore, job_id: str) -> bytes:
    job = store.get(job_id)
    assert job is not None
    out = io.BytesIO()
    write_zip(store, job, out)
    return out.getvalue()


def _one_shot(items: Any, deps: Deps, tmp_path: Path, *, review: bool = False,
              extra: dict[str, bytes] | None = None) -> bytes:
    out = tmp_path / "one-shot.zip"
    run_batch(items, deps, out, review=review, extra=extra)
    return out.read_bytes()


def _cascade_one_shot(deps: Deps, tmp_path: Path, categories: str | None = CATEGORIES) -> bytes:
    plan = cascade(parse_request(dict(LAI_CHAU_PLAN)), deps, categories)
    extra = {ISSUES_FILE: issues_csv(plan.issues)} if plan.issues else None
    return _one_shot(cascade_items(plan), deps, tmp_path, extra=extra)


def _counting(runner: JobRunner) -> list[int]:
    seen: list[int] = []

    def count(job: Job, rendered: RenderedItem) -> None:
        seen.append(rendered.index)

    runner.rendered = count
    return seen


def _claim(store: JobStore) -> Job:
    job = store.claim_next()
    assert job is not None
    return job


# --- one run ------------------------------------------------------------------------------------

@pytest.mark.parametrize("review", [False, True])
def test_a_kind_job_gives_the_one_shot_zip(store: JobStore, deps: Deps, tmp_path: Path,
                                           review: bool) -> None:
    job = _kind_job(store, deps, review)
    assert (job.state, job.total) == ("queued", 8)
    runner = JobRunner(store, deps, chunk=3)
    rendered = _counting(runner)
    assert runner.run(_claim(store)) == "done"
    assert rendered == list(range(1, 9))
    finished = store.get(job.id)
    assert finished is not None
    assert (finished.state, finished.done, finished.failed) == ("done", 8, 0)
    assert finished.finished_at is not None
    items = kind_items("Lai Châu", "district-drug-free", 2024, deps)
    assert _zip(store, job.id) == _one_shot(items, deps, tmp_path, review=review)


def test_a_cascade_job_lists_the_failing_unit_and_the_issues(store: JobStore, deps: Deps,
                                                             tmp_path: Path) -> None:
    job = _cascade_job(store, deps)
    assert (job.source, job.total) == (CASCADE, 39)
    assert list(job.extra) == [ISSUES_FILE]
    assert JobRunner(store, deps).run(_claim(store)) == "done"
    done = store.get(job.id)
    assert done is not None
    assert (done.done, done.failed) == (38, 1)
    [failure] = store.results(job.id, failed_only=True)
    assert failure.unit_name == "xã Sin Suối Hồ"
    assert "village_count" in failure.error
    data = _zip(store, job.id)
    assert data == _cascade_one_shot(deps, tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist()[-2:] == [ISSUES_FILE, MANIFEST]
        rows = list(csv.DictReader(io.StringIO(z.read(MANIFEST).decode("utf-8-sig"))))
        assert "xã Không Có Thật" in z.read(ISSUES_FILE).decode("utf-8-sig")
    failed = [r for r in rows if r["error"]]
    assert [(r["unit_name"], r["file"]) for r in failed] == [("xã Sin Suối Hồ", "")]
    assert rows[0]["file"] == "000-tinh-lai-chau-province-drug-free.docx"


# --- interrupted, then resumed ------------------------------------------------------------------

def test_a_stopped_job_resumes_without_redoing_finished_units(db_path: str, deps: Deps,
                                                              tmp_path: Path) -> None:
    with _database(db_path) as first:
        store = JobStore(first)
        job = _kind_job(store, deps)
        runner = JobRunner(store, deps, chunk=2)
        before = _counting(runner)
        assert runner.run(_claim(store), limit=3) == "queued"
        assert before == [1, 2, 3]
        assert sorted(store.recorded(job.id)) == before
    with _database(db_path) as second:  # a new process on the same file
        store = JobStore(second)
        runner = JobRunner(store, deps, chunk=2)
        after = _counting(runner)
        assert runner.run(_claim(store)) == "done"
        assert after == [4, 5, 6, 7, 8]
        items = kind_items("Lai Châu", "district-drug-free", 2024, deps)
        assert _zip(store, job.id) == _one_shot(items, deps, tmp_path)


def test_a_killed_worker_is_requeued_and_finished_by_the_next_one(db_path: str, deps: Deps,
                                                                  tmp_path: Path) -> None:
    with _database(db_path) as first:
        store = JobStore(first)
        job = _kind_job(store, deps)
        runner = JobRunner(store, deps, chunk=2, commit_units=1)

        def crash(job: Job, rendered: RenderedItem) -> None:
            if rendered.index == 3:
                raise Crash

        runner.rendered = crash
        with pytest.raises(Crash):
            runner.run(_claim(store))
        assert store.state(job.id) == "running"  # as a killed process leaves it
        assert sorted(store.recorded(job.id)) == [1, 2, 3]
    with _database(db_path) as second:
        store = JobStore(second)
        runner = JobRunner(store, deps, chunk=2)
        after = _counting(runner)
        worker = JobWorker(runner, threads=2, poll_seconds=0.05)
        worker.start()
        try:
            _wait(store, job.id, "done")
        finally:
            worker.stop()
        assert sorted(after) == [4, 5, 6, 7, 8]
        items = kind_items("Lai Châu", "district-drug-free", 2024, deps)
        assert _zip(store, job.id) == _one_shot(items, deps, tmp_path)


def test_a_shutdown_stops_after_the_unit_in_progress(store: JobStore, deps: Deps) -> None:
    job = _kind_job(store, deps)
    stop = threading.Event()
    runner = JobRunner(store, deps, commit_units=1)
    runner.rendered = lambda job, rendered: stop.set() if rendered.index == 2 else None
    assert runner.run(_claim(store), stop=stop) == "queued"
    assert sorted(store.recorded(job.id)) == [1, 2]
    queued = store.get(job.id)
    assert queued is not None
    assert (queued.state, queued.done, queued.finished) == ("queued", 2, 2)


def test_results_that_no_longer_match_their_unit_are_rendered_again(store: JobStore,
                                                                    deps: Deps,
                                                                    tmp_path: Path) -> None:
    job = _kind_job(store, deps)
    stale = UnitResult(4, 999999, "xã Khác", "xã", "x", "", "004-x.docx", "0" * 64, 0, "")
    store.record(job.id, [(stale, b"not a plan")])
    runner = JobRunner(store, deps)
    rendered = _counting(runner)
    assert runner.run(_claim(store)) == "done"
    assert rendered == list(range(1, 9))
    done = store.get(job.id)
    assert done is not None
    assert (done.done, done.failed) == (8, 0)
    items = kind_items("Lai Châu", "district-drug-free", 2024, deps)
    assert _zip(store, job.id) == _one_shot(items, deps, tmp_path)


# --- jobs that end otherwise --------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "message"), [
    (JobSpec("kind", "đổi", dict(LAI_CHAU), total=9, review=False),
     CHANGED.format(before=9, after=8)),
    (JobSpec("kind", "hỏng", {**LAI_CHAU, "kind": "no-such-kind"}, total=8),
     "no-such-kind"),
    (JobSpec(CASCADE, "hỏng", {"request": {**LAI_CHAU_PLAN, "year": "năm nay"}}, total=39),
     "year"),
    (JobSpec("kind", "hỏng", {"province": "Lai Châu"}, total=8),
     "Yêu cầu đã lưu của lô không dùng được: KeyError('kind')"),
])
def test_a_job_whose_input_no_longer_builds_fails_with_a_reason(store: JobStore, deps: Deps,
                                                                spec: JobSpec,
                                                                message: str) -> None:
    job = store.create(spec)
    assert JobRunner(store, deps).run(_claim(store)) == "failed"
    failed = store.get(job.id)
    assert failed is not None
    assert failed.state == "failed"
    assert message in failed.error
    assert failed.finished_at is not None


def test_a_cancelled_job_stops_at_once(store: JobStore, deps: Deps) -> None:
    job = _kind_job(store, deps)
    runner = JobRunner(store, deps, commit_units=1)
    runner.rendered = lambda job, rendered: store.cancel(job.id) and None
    assert runner.run(_claim(store)) == "cancelled"
    assert sorted(store.recorded(job.id)) == [1]
    assert not store.cancel(job.id)  # already over


def test_claims_take_each_queued_job_once_oldest_first(store: JobStore, deps: Deps) -> None:
    first, second = _kind_job(store, deps), _kind_job(store, deps)
    assert [_claim(store).id, _claim(store).id] == [first.id, second.id]
    assert store.claim_next() is None
    assert store.requeue_running() == 2
    assert [j.state for j in store.recent()] == ["queued", "queued"]


@pytest.mark.parametrize(("positions", "size", "runs"), [
    ([], 4, []),
    ([0, 1, 2, 3, 4], 2, [(0, 2), (2, 4), (4, 5)]),
    ([0, 1, 2, 5, 6], 16, [(0, 3), (5, 7)]),
    ([3], 1, [(3, 4)]),
    ([1, 3, 5], 8, [(1, 2), (3, 4), (5, 6)]),
])
def test_pending_positions_are_cut_into_runs(positions: list[int], size: int,
                                             runs: list[tuple[int, int]]) -> None:
    assert list(_runs(positions, size)) == runs


def _wait(store: JobStore, job_id: str, state: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while store.state(job_id) != state:
        assert time.monotonic() < deadline, store.get(job_id)
        time.sleep(0.05)


# --- on each backend ----------------------------------------------------------------------------

def test_a_job_stops_resumes_and_packs_alike_on_sqlite_and_postgresql(
        database_url: str, deps: Deps, tmp_path: Path) -> None:
    with _database(database_url) as first:
        store = JobStore(first)
        job = _kind_job(store, deps)
        assert JobRunner(store, deps, chunk=2).run(_claim(store), limit=3) == "queued"
    with _database(database_url) as second:
        store = JobStore(second)
        runner = JobRunner(store, deps, chunk=2)
        after = _counting(runner)
        assert runner.run(_claim(store)) == "done"
        assert after == [4, 5, 6, 7, 8]
        shown = store.get(job.id)
        assert shown is not None
        assert (shown.state, shown.done, shown.failed, shown.input) == (
            "done", 8, 0, LAI_CHAU)
        assert shown.created_at.tzinfo is not None
        assert [r.index for r in store.results(job.id)] == list(range(1, 9))
        items = kind_items("Lai Châu", "district-drug-free", 2024, deps)
        assert _zip(store, job.id) == _one_shot(items, deps, tmp_path)


FAILING = 2
"""The unit that failed, in the cases below."""


@pytest.mark.parametrize(("commits", "skipped"), [
    ([[1, 2], [3]], [[], []]),
    ([[1, 2], [2, 3]], [[], [2]]),  # a worker given up for dead records a unit already recorded
    ([[1, 1, 3], [2]], [[1], []]),  # twice in one commit
    ([[3], [1, 2, 3], [1, 2, 3]], [[], [3], [1, 2, 3]]),
])
def test_each_unit_is_recorded_once_whoever_finishes_it(
        database_url: str, commits: list[list[int]], skipped: list[list[int]]) -> None:
    with _database(database_url) as db:
        store = JobStore(db)
        job = store.create(JobSpec("kind", "Lô", {"province": "Lai Châu"}, 3))
        assert [store.record(job.id, [_unit(i, f"lần {n}") for i in indexes])
                for n, indexes in enumerate(commits)] == skipped
        shown = store.get(job.id)
        assert shown is not None
        assert (shown.done, shown.failed) == (2, 1)
        first = {i: f"lần {n}" for n, indexes in reversed(list(enumerate(commits)))
                 for i in indexes}
        assert {r.index: r.error or r.sha256 for r in store.results(job.id)} == first


def _unit(index: int, commit: str) -> tuple[UnitResult, bytes]:
    """Unit `index` as commit `commit` recorded it (in its error, or its SHA-256 field)."""
    failed = index == FAILING
    return (UnitResult(index, 1000 + index, f"Xã {index}", "xã", "k", "",
                       "" if failed else f"{index:03d}.docx", "" if failed else commit, 0,
                       commit if failed else ""), b"" if failed else b"PK")
