"""The batch jobs of a PostgreSQL deployment, on procrastinate (a task queue in the database
already there): any number of `kehoach serve` and `kehoach worker` processes, on any number of
machines, share one queue.

Each job of `batch_jobs` is one procrastinate task, `kehoach.run_batch(job_id)`, deferred with
the job's id as its lock (never two runs of one job at once) and as its queueing lock (never two
waiting).  The task takes the job (`JobStore.take`) and runs it with the same `JobRunner` as the
in-process worker: units already recorded are not rendered again, the rest are committed as they
are done.  Every worker sends a heartbeat; a worker silent for `worker_stalled_seconds` (a killed
process, a lost machine) is dead, and the periodic sweep hands its jobs to another worker, which
takes up from the last committed unit.  The sweep also defers the queued jobs no task stands for
(a job created while the queue was out of reach, or by a release before the queue); an hourly
task deletes the jobs that ended more than `batch_retention_days` ago, with their documents, and
procrastinate's own rows of that age.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import threading
from dataclasses import dataclass, field

from procrastinate import App, JobContext, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.worker import Worker
from psycopg.conninfo import make_conninfo
from sqlalchemy import text
from sqlalchemy.engine import make_url

from service.batch.jobs import JobQueue, JobRunner, JobWorker, expire_jobs
from service.config import Settings
from service.store import Database, Job, JobState

RUN_BATCH = "kehoach.run_batch"
SWEEP = "kehoach.sweep"
EXPIRE = "kehoach.expire"
log = logging.getLogger(__name__)


def job_queue(runner: JobRunner, database: Database, settings: Settings) -> JobQueue:
    """The task queue on PostgreSQL; the service's own threads on SQLite (one process)."""
    if database.engine.dialect.name == "postgresql":
        return TaskQueue(runner, database, QueueSettings.of(settings))
    return JobWorker(runner, settings.batch_workers, settings.batch_poll_seconds,
                     retention=dt.timedelta(days=settings.batch_retention_days))


@dataclass(frozen=True)
class QueueSettings:
    """What a queue worker needs to know (from `Settings`)."""

    concurrency: int = 1
    """Jobs this process runs at once (0: it only defers jobs)."""
    poll_seconds: float = 2.0
    heartbeat_seconds: float = 10.0
    stalled_seconds: float = 60.0
    sweep_seconds: int = 10
    retention_days: int = 30

    @classmethod
    def of(cls, settings: Settings, concurrency: int | None = None) -> QueueSettings:
        return cls(settings.batch_workers if concurrency is None else concurrency,
                   settings.batch_poll_seconds, settings.worker_heartbeat_seconds,
                   settings.worker_stalled_seconds, settings.queue_sweep_seconds,
                   settings.batch_retention_days)


@dataclass
class TaskQueue:
    """The jobs' shared queue: defers each new job, and runs jobs in a worker thread of this
    process (its own event loop) when `concurrency` > 0."""

    runner: JobRunner
    database: Database
    settings: QueueSettings = field(default_factory=QueueSettings)
    stopping: threading.Event = field(default_factory=threading.Event)
    """Set by `stop()`: the job in progress goes back to the queue after its current unit."""
    _deferrer: App | None = None
    _thread: threading.Thread | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _worker: Worker | None = None
    _started: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        self.stopping.clear()
        self._deferrer = App(connector=_connector(self.database, 2)).open()
        if self.settings.concurrency > 0:
            self._thread = threading.Thread(target=self.run, name="batch-queue", daemon=True)
            self._thread.start()
            self._started.wait(30)

    def run(self) -> None:
        """Run jobs until `stop()` (a worker thread, or `kehoach worker`'s main thread)."""
        own = self._deferrer is None
        if own:
            self._deferrer = App(connector=_connector(self.database, 2)).open()
        try:
            asyncio.run(self._work())
        finally:
            if own and self._deferrer is not None:
                self._deferrer.close()
                self._deferrer = None

    def request_stop(self) -> None:
        """Ask the worker to stop after the unit in progress (safe from a signal handler)."""
        self.stopping.set()
        if self._loop is not None and self._worker is not None:
            self._loop.call_soon_threadsafe(self._worker.stop)

    def stop(self, timeout: float = 60.0) -> None:
        self.request_stop()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._deferrer is not None:
            self._deferrer.close()
            self._deferrer = None

    def submitted(self, job: Job) -> None:
        self.defer(job.id)

    def defer(self, job_id: str) -> bool:
        """Queue the job's task; False when one already waits."""
        app = self._deferrer or App(connector=_connector(self.database, 1)).open()
        try:
            app.configure_task(RUN_BATCH, lock=job_id, queueing_lock=job_id).defer(
                job_id=job_id)
            return True
        except AlreadyEnqueued:
            return False
        finally:
            if app is not self._deferrer:
                app.close()

    def seen(self) -> int:
        """Workers whose heartbeat is recent, in any process."""
        query = text("SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat >"
                     " now() - make_interval(secs => :seconds)")
        with self.database.engine.connect() as connection:
            return int(connection.scalar(query, {"seconds": self.settings.stalled_seconds}) or 0)

    async def _work(self) -> None:
        app = self.worker_app()
        async with app.open_async():
            s = self.settings
            self._worker = Worker(app, name="kehoach", concurrency=max(s.concurrency, 1),
                                  fetch_job_polling_interval=s.poll_seconds,
                                  update_heartbeat_interval=s.heartbeat_seconds,
                                  stalled_worker_timeout=s.stalled_seconds,
                                  install_signal_handlers=False)
            self._loop = asyncio.get_running_loop()
            self._loop.call_soon(self._started.set)
            try:
                await self._worker.run()  # type: ignore[no-untyped-call]
            finally:
                self._loop = self._worker = None

    def worker_app(self) -> App:
        """The worker's app: the batch task, the sweep and the expiry."""
        app = App(connector=_connector(self.database, self.settings.concurrency + 2))
        app.task(name=RUN_BATCH)(self._run_batch)
        sweep = app.task(name=SWEEP, queueing_lock=SWEEP, pass_context=True)(self._sweep)
        app.periodic(cron=f"* * * * * */{self.settings.sweep_seconds}", periodic_id=SWEEP)(sweep)
        expire = app.task(name=EXPIRE, queueing_lock=EXPIRE, pass_context=True)(self._expire)
        app.periodic(cron="17 * * * *", periodic_id=EXPIRE)(expire)
        return app

    def _run_batch(self, job_id: str) -> None:
        job = self.runner.store.take(job_id)
        if job is None:
            return  # done, failed or cancelled meanwhile
        log.info("batch job taken", extra={"fields": {"job": job_id, "pid": os.getpid(),
                                                      "recorded": job.finished}})
        state = self.runner.run(job, stop=self.stopping)
        if state is JobState.QUEUED:  # this process is stopping: another worker goes on
            self.defer(job_id)

    async def _sweep(self, context: JobContext, timestamp: int) -> None:
        """Hand the jobs of dead workers to live ones; defer the queued jobs without a task."""
        manager = context.app.job_manager
        for stalled in await manager.get_stalled_jobs(
                seconds_since_heartbeat=self.settings.stalled_seconds):
            log.warning("batch task %s of a silent worker runs again", stalled.id)
            await manager.retry_job(stalled)
        for job_id in await asyncio.to_thread(self.runner.store.queued):
            await asyncio.to_thread(self.defer, job_id)

    async def _expire(self, context: JobContext, timestamp: int) -> None:
        days = self.settings.retention_days
        await asyncio.to_thread(expire_jobs, self.runner.store, dt.timedelta(days=days))
        await context.app.job_manager.delete_old_jobs(
            nb_hours=days * 24, include_failed=True, include_cancelled=True,
            include_aborted=True)


def _connector(database: Database, size: int) -> PsycopgConnector:
    """procrastinate's connector on the service's database: the parts of its URL (the password
    unquoted, the query's options kept) as a libpq connection string."""
    url = make_url(database.url)
    parts = {"host": url.host, "port": url.port, "user": url.username, "password": url.password,
             "dbname": url.database, **url.query}
    conninfo = make_conninfo(**{k: str(v) for k, v in parts.items() if isinstance(v, str | int)})
    return PsycopgConnector(conninfo=conninfo, min_size=1, max_size=max(size, 1))
