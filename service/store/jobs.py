"""Batch jobs: what to render (the stored input), where the job is, and each unit's result.

A job row holds its input as JSON (enough to rebuild the items deterministically), its state
(queued → running → done | failed | cancelled) and its counters.  A result row holds one
finished unit: its manifest fields, its ZIP entry name and the document's bytes.

The documents live in the database (a deferred blob column), not in files: a unit's bytes and
its row are committed in one transaction, so an interruption can never leave a row without its
file or a file without its row; SQLite and PostgreSQL store them alike; several service
processes (or a moved data directory) see the same jobs; and a plan is small (~40 KB, about
130 MB for every commune of the country).  Blobs are read one at a time when the ZIP is made.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from service.store.db import Base, Database, UTCDateTime, utcnow

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
STATES = (QUEUED, RUNNING, DONE, FAILED, CANCELLED)
ACTIVE = (QUEUED, RUNNING)


class JobRow(Base):
    __tablename__ = "batch_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(300), default="")
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    review: Mapped[bool] = mapped_column(Boolean, default=True)
    extra: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), index=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class JobResultRow(Base):
    __tablename__ = "batch_results"

    job_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("batch_jobs.id", ondelete="CASCADE"), primary_key=True)
    index: Mapped[int] = mapped_column("item_index", Integer, primary_key=True)
    unit_code: Mapped[int] = mapped_column(Integer)
    unit_name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(20), default="")
    file: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    findings: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class JobSpec:
    """What a new job is: its source ('cascade' or 'kind'), input, and what it will make."""

    source: str
    label: str
    input: dict[str, Any]
    total: int
    review: bool = True
    extra: dict[str, str] | None = None


@dataclass(frozen=True)
class Job:
    """A job as the rest of the service sees it (no ORM object escapes the store)."""

    id: str
    source: str
    label: str
    input: dict[str, Any]
    review: bool
    extra: dict[str, str]
    state: str
    total: int
    done: int
    failed: int
    error: str
    created_at: dt.datetime
    updated_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @property
    def finished(self) -> int:
        return self.done + self.failed


@dataclass(frozen=True)
class UnitResult:
    """One finished unit: the fields of its manifest row and its ZIP entry (no bytes)."""

    index: int
    unit_code: int
    unit_name: str
    level: str
    kind: str
    category: str
    file: str
    sha256: str
    findings: int
    error: str


class JobStore:
    """Create, claim, advance and read jobs and their results; every call is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- jobs -----------------------------------------------------------------------------------

    def create(self, spec: JobSpec) -> Job:
        now = utcnow()
        row = JobRow(id=str(uuid.uuid4()), source=spec.source, label=spec.label[:300],
                     input=spec.input, review=spec.review, extra=dict(spec.extra or {}),
                     state=QUEUED, total=spec.total, done=0, failed=0, error="",
                     created_at=now, updated_at=now)
        with self._db.session() as session:
            session.add(row)
            session.flush()
            return _job(row)

    def get(self, job_id: str) -> Job | None:
        with self._db.session() as session:
            row = session.get(JobRow, job_id)
            return None if row is None else _job(row)

    def recent(self, limit: int = 100, offset: int = 0) -> list[Job]:
        query = select(JobRow).order_by(JobRow.created_at.desc(), JobRow.id)
        with self._db.session() as session:
            return [_job(r) for r in session.scalars(query.limit(limit).offset(offset))]

    def claim_next(self) -> Job | None:
        """The oldest queued job, now running; None when no job waits (or another took it)."""
        query = select(JobRow.id).where(JobRow.state == QUEUED).order_by(JobRow.created_at)
        with self._db.session() as session:
            ids = list(session.scalars(query.limit(5)))
        for job_id in ids:
            if self._move(job_id, (QUEUED,), RUNNING, started=True):
                return self.get(job_id)
        return None

    def requeue_running(self) -> int:
        """Jobs a previous process left running go back to the queue (at startup)."""
        return self._update(JobRow.state == RUNNING, state=QUEUED)

    def release(self, job_id: str) -> bool:
        """A running job stopped by a shutdown waits in the queue again."""
        return self._move(job_id, (RUNNING,), QUEUED)

    def cancel(self, job_id: str) -> bool:
        return self._move(job_id, ACTIVE, CANCELLED, finished=True)

    def finish(self, job_id: str, state: str, error: str = "") -> bool:
        """A running job ends: done, or failed with its error."""
        return self._move(job_id, (RUNNING,), state, finished=True, error=error)

    def state(self, job_id: str) -> str | None:
        with self._db.session() as session:
            return session.scalar(select(JobRow.state).where(JobRow.id == job_id))

    def _move(self, job_id: str, sources: tuple[str, ...], target: str, *,
              started: bool = False, finished: bool = False, error: str = "") -> bool:
        values: dict[str, Any] = {"state": target, "error": error}
        if started:
            values["started_at"] = utcnow()
        if finished:
            values["finished_at"] = utcnow()
        return self._update((JobRow.id == job_id) & JobRow.state.in_(sources), **values) == 1

    def _update(self, where: Any, **values: Any) -> int:
        with self._db.session() as session:
            result = session.execute(
                update(JobRow).where(where).values(updated_at=utcnow(), **values)
                .execution_options(synchronize_session=False))
            return int(getattr(result, "rowcount", 0) or 0)

    # --- results --------------------------------------------------------------------------------

    def record(self, job_id: str, units: list[tuple[UnitResult, bytes]]) -> None:
        """Finished units: their rows, their bytes and the job's counters in one transaction."""
        if not units:
            return
        failed = sum(1 for result, _ in units if result.error)
        now = utcnow()
        with self._db.session() as session:
            session.add_all(JobResultRow(job_id=job_id, **_fields(result), data=data,
                                         finished_at=now) for result, data in units)
            session.flush()
            session.execute(update(JobRow).where(JobRow.id == job_id).values(
                done=JobRow.done + len(units) - failed, failed=JobRow.failed + failed,
                updated_at=now).execution_options(synchronize_session=False))

    def recorded(self, job_id: str) -> dict[int, int]:
        """The indexes already finished, with their unit codes."""
        query = select(JobResultRow.index, JobResultRow.unit_code).where(
            JobResultRow.job_id == job_id)
        with self._db.session() as session:
            return {int(index): int(code) for index, code in session.execute(query)}

    def forget(self, job_id: str, indexes: list[int]) -> None:
        """Drop results (that no longer match the rebuilt items) and recount the job."""
        with self._db.session() as session:
            if indexes:
                session.execute(delete(JobResultRow).where(
                    (JobResultRow.job_id == job_id) & JobResultRow.index.in_(indexes)))
            failed = JobResultRow.error != ""
            counts = {bool(bad): int(n) for bad, n in session.execute(
                select(failed, func.count()).where(JobResultRow.job_id == job_id)
                .group_by(failed))}
            session.execute(update(JobRow).where(JobRow.id == job_id).values(
                done=counts.get(False, 0), failed=counts.get(True, 0), updated_at=utcnow()))

    def results(self, job_id: str, *, failed_only: bool = False) -> list[UnitResult]:
        query = select(JobResultRow).where(JobResultRow.job_id == job_id)
        if failed_only:
            query = query.where(JobResultRow.error != "")
        with self._db.session() as session:
            return [_result(r) for r in session.scalars(query.order_by(JobResultRow.index))]

    def documents(self, job_id: str) -> Iterator[tuple[UnitResult, bytes]]:
        """Every result in order with its bytes, read one blob at a time."""
        for result in self.results(job_id):
            yield result, self._data(job_id, result.index)

    def _data(self, job_id: str, index: int) -> bytes:
        query = select(JobResultRow.data).where(
            (JobResultRow.job_id == job_id) & (JobResultRow.index == index))
        with self._db.session() as session:
            return session.scalar(query) or b""


def _fields(result: UnitResult) -> dict[str, Any]:
    return {"index": result.index, "unit_code": result.unit_code, "unit_name": result.unit_name,
            "level": result.level, "kind": result.kind, "category": result.category,
            "file": result.file, "sha256": result.sha256, "findings": result.findings,
            "error": result.error}


def _result(row: JobResultRow) -> UnitResult:
    return UnitResult(row.index, row.unit_code, row.unit_name, row.level, row.kind, row.category,
                      row.file, row.sha256, row.findings, row.error)


def _job(row: JobRow) -> Job:
    return Job(row.id, row.source, row.label, dict(row.input), row.review, dict(row.extra or {}),
               row.state, row.total, row.done, row.failed, row.error, row.created_at,
               row.updated_at, row.started_at, row.finished_at)
