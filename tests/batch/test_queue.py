"""Batch jobs on the shared task queue of a PostgreSQL deployment (`service.batch.queue`), and
the expiry of old jobs on both backends."""

from __future__ import annotations

import datetime as dt
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text, update

from service.api.app import create_app
from service.batch.jobs import Batches, JobRunner, JobWorker
from service.batch.queue import EXPIRE, SWEEP, TaskQueue, job_queue
from service.cli import main
from service.config import Settings
from service.deps import Deps
from service.store import Database, Job, JobSpec, JobState, JobStore, UnitResult
from service.units import Tier

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

DISTRICTS = {"province": "Lai Châu", "kind": "district-drug-free", "year": 2024}
QUICK = {"batch_poll_seconds": 0.2, "worker_heartbeat_seconds": 1.0,
         "worker_stalled_seconds": 3.0, "queue_sweep_seconds": 1}


def _wait(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.postgresql
def test_a_job_on_the_shared_queue_gives_the_zip_of_kehoach_batch(
        postgres_url: str, deps: Deps, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(database_url=postgres_url, batch_workers=1, **QUICK)
    app = create_app(deps, settings)
    _, token = app.state.services.users.add("Quản trị", "admin", deps.units.get(1, Tier.PROVINCE))
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        batches: Batches = client.app.state.batches  # type: ignore[attr-defined]
        assert isinstance(batches.worker, TaskQueue)
        job = client.post("/api/batches", json=DISTRICTS).json()
        _wait(lambda: client.get(f"/api/batches/{job['id']}").json()["state"] == "done")
        archive = client.get(f"/api/batches/{job['id']}/zip").content
        assert client.get("/readyz").json()["workers"] == 1
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    out = tmp_path / "cli.zip"
    assert main(["batch", "--province", "Lai Châu", "--kind", "district-drug-free",
                 "--year", "2024", "-o", str(out)]) == 0
    assert archive == out.read_bytes()
    db = Database(postgres_url)
    with db.engine.connect() as connection:
        tasks = connection.execute(text("SELECT task_name, status FROM procrastinate_jobs"
                                        " WHERE task_name = 'kehoach.run_batch'")).all()
    db.dispose()
    assert [tuple(t) for t in tasks] == [("kehoach.run_batch", "succeeded")]


def _finished_job(store: JobStore, db: Database, days_ago: int) -> str:
    job = store.create(JobSpec("kind", "Lô cũ", {"province": "Lai Châu"}, 1))
    store.claim_next()
    store.record(job.id, [(UnitResult(1, 1, "Xã A", "xã", "k", "", "001.docx", "0" * 64, 0,
                                      ""), b"PK")])
    store.finish(job.id, JobState.DONE)
    ended = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    with db.session() as session:
        session.execute(update(Job).where(Job.id == job.id).values(finished_at=ended))
    return job.id


def test_jobs_that_ended_before_the_retention_are_deleted_with_their_documents(
        database_url: str) -> None:
    db = Database(database_url)
    db.create_schema()
    store = JobStore(db)
    old, recent = _finished_job(store, db, 31), _finished_job(store, db, 29)
    waiting = store.create(JobSpec("kind", "Lô chờ", {"province": "Lai Châu"}, 1)).id
    worker = JobWorker(JobRunner(store, Deps.build()), threads=1, poll_seconds=0.05,
                       retention=dt.timedelta(days=30))
    worker.runner.store.cancel(waiting)
    with db.session() as session:  # made long ago, cancelled now: kept
        session.execute(update(Job).where(Job.id == waiting).values(
            created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))
    worker.start()  # expires at once, then every hour
    _wait(lambda: store.get(old) is None, 30)
    worker.stop()
    assert (store.get(recent) is not None, store.get(waiting) is not None) == (True, True)
    assert store.results(old) == []
    assert [r.file for r in store.results(recent)] == ["001.docx"]
    db.dispose()


@pytest.mark.postgresql
def test_the_queues_expiry_task_runs_hourly_and_deletes_old_jobs(postgres_url: str,
                                                                 deps: Deps) -> None:
    db = Database(postgres_url)
    db.create_schema()
    store = JobStore(db)
    old = _finished_job(store, db, 40)
    queue = job_queue(JobRunner(store, deps), db, Settings(database_url=postgres_url,
                                                          batch_workers=1, **QUICK))
    assert isinstance(queue, TaskQueue)
    periodic = queue.worker_app().periodic_registry.periodic_tasks.values()
    assert {(task.task.name, task.cron) for task in periodic} == {
        (EXPIRE, "17 * * * *"), (SWEEP, "* * * * * */1")}  # hourly; every sweep_seconds
    queue.start()
    try:
        assert queue._deferrer is not None
        queue._deferrer.configure_task(EXPIRE).defer(timestamp=int(time.time()))
        _wait(lambda: store.get(old) is None, 60)
    finally:
        queue.stop()
    db.dispose()
