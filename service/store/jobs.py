"""Batch jobs: what to render (the stored input), where the job is, and each unit's result.

A job (`Job`, its own row of `batch_jobs`) holds its input as JSON (enough to rebuild the items
deterministically), its state (`JobState`: queued → running → done | failed | cancelled) and its
counters.  A result row holds one finished unit (`UnitResult`: its manifest fields and ZIP entry
name, the same dataclass the one-shot batch writes its manifest from) and the document's bytes.

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
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
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
from sqlalchemy.orm import Mapped, MappedAsDataclass, Session, deferred, mapped_column

from service.store.db import Base, Database, UTCDateTime, utcnow
from service.store.text import stored


class JobState(StrEnum):
    """Where a job is: queued → running → done | failed | cancelled; a running job goes back to
    the queue when its service stops."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The state in Vietnamese, as the API and the page show it."""
        return STATE_LABELS[self]


STATE_LABELS = {JobState.QUEUED: "đang chờ", JobState.RUNNING: "đang chạy",
                JobState.DONE: "xong", JobState.FAILED: "lỗi", JobState.CANCELLED: "đã hủy"}
ACTIVE = (JobState.QUEUED, JobState.RUNNING)
_STATE_COLUMN = Enum(JobState, native_enum=False, length=12,
                     values_callable=lambda states: [s.value for s in states])
"""The state as its value ('queued'), in a VARCHAR(12), as before it was an enum."""


class Job(MappedAsDataclass, Base, kw_only=True):
    """A batch job: what it renders (its input) and where it is (state, counters, times).

    The one model of a job: its row of `batch_jobs` and the object the service passes around
    (the store hands it out detached: changing one changes nothing stored); the API shows it
    through `service.api.schemas.BatchOut`.
    """

    __tablename__ = "batch_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    """'cascade' (a province plan and its communes) or 'kind' (one kind for a province's units)"""
    label: Mapped[str] = mapped_column(String(300))
    input: Mapped[dict[str, Any]] = mapped_column(JSON, repr=False)
    review: Mapped[bool] = mapped_column(Boolean)
    extra: Mapped[dict[str, str]] = mapped_column(JSON, repr=False)
    """More files of the ZIP (`issues.csv`), by name"""
    state: Mapped[JobState] = mapped_column(_STATE_COLUMN, index=True)
    total: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                           default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True,
                                                            default=None)
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True,
                                                 default=None)
    """Who started the job (None: a job of a release before owners, seen by admins only)"""
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    province_key: Mapped[str] = mapped_column(String(40), default="", index=True)
    """The unit key of the province the job renders for (`service.store.users.unit_key`): its
    users see the job too"""

    @property
    def finished(self) -> int:
        """Units finished, done or failed."""
        return self.done + self.failed


@dataclass(frozen=True)
class JobSpec:
    """What a new job is: its source ('cascade' or 'kind'), input, and what it will make."""

    source: str
    label: str
    input: dict[str, Any]
    total: int
    review: bool = True
    extra: dict[str, str] | None = None
    province_key: str = ""


@dataclass(frozen=True)
class UnitResult:
    """One finished unit of a batch: its manifest row (every field but `index`, in order) and its
    ZIP entry (`file`; empty when the unit failed, with its `error`)."""

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

    def cells(self) -> list[str]:
        """The row of `manifest.csv`, under `MANIFEST_COLUMNS`."""
        return [str(getattr(self, name)) for name in MANIFEST_COLUMNS]


MANIFEST_COLUMNS = tuple(f.name for f in fields(UnitResult) if f.name != "index")


class JobResultRow(Base):
    """A `UnitResult` of a job, with the document's bytes."""

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

    def result(self) -> UnitResult:
        return UnitResult(**{f.name: getattr(self, f.name) for f in fields(UnitResult)})


class Owner(Protocol):
    """Who starts or reads jobs (a `service.store.users.User`)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def unit_key(self) -> str: ...


def _seen_by(user: Owner) -> Any:
    """Jobs the user started, or rendered for the province that is the user's unit."""
    return (Job.owner_id == user.id) | (Job.province_key == user.unit_key)


class JobStore:
    """Create, claim, advance and read jobs and their results; every call is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- jobs -----------------------------------------------------------------------------------

    def create(self, spec: JobSpec, owner: Owner | None = None) -> Job:
        now = utcnow()
        job = Job(id=str(uuid.uuid4()), source=spec.source, label=stored(spec.label, "label", 300),
                  input=spec.input, review=spec.review, extra=dict(spec.extra or {}),
                  state=JobState.QUEUED, total=spec.total, created_at=now, updated_at=now,
                  owner_id=owner.id if owner else None, owner_name=owner.name if owner else "",
                  province_key=spec.province_key)
        with self._db.session() as session:
            session.add(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._db.session() as session:
            return session.get(Job, job_id)

    def recent(self, limit: int = 100, offset: int = 0, *,
               seen_by: Owner | None = None) -> list[Job]:
        """The newest jobs; with `seen_by`, only theirs and their province's."""
        query = select(Job).order_by(Job.created_at.desc(), Job.id)
        if seen_by is not None:
            query = query.where(_seen_by(seen_by))
        with self._db.session() as session:
            return list(session.scalars(query.limit(limit).offset(offset)))

    def active_count(self, owner_id: int) -> int:
        """The jobs of that user still queued or running."""
        query = select(func.count()).select_from(Job).where(
            (Job.owner_id == owner_id) & Job.state.in_(ACTIVE))
        with self._db.session() as session:
            return int(session.scalar(query) or 0)

    def claim_next(self) -> Job | None:
        """The oldest queued job, now running; None when no job waits (or another took it)."""
        query = select(Job.id).where(Job.state == JobState.QUEUED).order_by(Job.created_at)
        with self._db.session() as session:
            ids = list(session.scalars(query.limit(5)))
        for job_id in ids:
            if self._move(job_id, (JobState.QUEUED,), JobState.RUNNING, started=True):
                return self.get(job_id)
        return None

    def take(self, job_id: str) -> Job | None:
        """The job, now running, for a queue worker that was handed it: queued, or running
        under a worker that stopped answering (its results so far are kept); None when it is
        over (done, failed, cancelled) or gone."""
        if self._move(job_id, ACTIVE, JobState.RUNNING, started=True):
            return self.get(job_id)
        return None

    def queued(self) -> list[str]:
        """The ids of the jobs waiting in the queue, oldest first."""
        query = select(Job.id).where(Job.state == JobState.QUEUED).order_by(Job.created_at)
        with self._db.session() as session:
            return list(session.scalars(query))

    def expire(self, before: dt.datetime) -> int:
        """Delete the jobs that ended before `before` (done, failed, cancelled) with their
        documents; how many."""
        ended = select(Job.id).where(Job.state.not_in(ACTIVE), Job.finished_at < before)
        with self._db.session() as session:
            ids = list(session.scalars(ended))
            session.execute(delete(JobResultRow).where(JobResultRow.job_id.in_(ids)))
            session.execute(delete(Job).where(Job.id.in_(ids)))
        return len(ids)

    def requeue_running(self) -> int:
        """Jobs a previous process left running go back to the queue (at startup)."""
        return self._update(Job.state == JobState.RUNNING, state=JobState.QUEUED)

    def release(self, job_id: str) -> bool:
        """A running job stopped by a shutdown waits in the queue again."""
        return self._move(job_id, (JobState.RUNNING,), JobState.QUEUED)

    def cancel(self, job_id: str) -> bool:
        return self._move(job_id, ACTIVE, JobState.CANCELLED, finished=True)

    def finish(self, job_id: str, state: JobState, error: str = "") -> bool:
        """A running job ends: done, or failed with its error."""
        return self._move(job_id, (JobState.RUNNING,), state, finished=True, error=error)

    def state(self, job_id: str) -> JobState | None:
        with self._db.session() as session:
            return session.scalar(select(Job.state).where(Job.id == job_id))

    def _move(self, job_id: str, sources: tuple[JobState, ...], target: JobState, *,
              started: bool = False, finished: bool = False, error: str = "") -> bool:
        values: dict[str, Any] = {"state": target, "error": error}
        if started:
            values["started_at"] = utcnow()
        if finished:
            values["finished_at"] = utcnow()
        return self._update((Job.id == job_id) & Job.state.in_(sources), **values) == 1

    def _update(self, where: Any, **values: Any) -> int:
        with self._db.session() as session:
            result = session.execute(
                update(Job).where(where).values(updated_at=utcnow(), **values)
                .execution_options(synchronize_session=False))
            return int(getattr(result, "rowcount", 0) or 0)

    # --- results --------------------------------------------------------------------------------

    def record(self, job_id: str, units: list[tuple[UnitResult, bytes]]) -> list[int]:
        """Finished units: their rows, their bytes and the job's counters in one transaction;
        the indexes of those skipped, being already recorded.

        A unit already recorded is left as it is: a worker given up for dead (cut off from the
        database, then back) may finish units its successor has recorded.  On PostgreSQL the
        job's row is locked first, so two such workers record one after the other."""
        if not units:
            return []
        now = utcnow()
        with self._db.session() as session:
            session.execute(select(Job.id).where(Job.id == job_id).with_for_update())
            units, skipped = self._fresh(session, job_id, units)
            if not units:
                return skipped
            failed = sum(1 for result, _ in units if result.error)
            session.add_all(JobResultRow(job_id=job_id, **asdict(result), data=data,
                                         finished_at=now) for result, data in units)
            session.flush()
            session.execute(update(Job).where(Job.id == job_id).values(
                done=Job.done + len(units) - failed, failed=Job.failed + failed,
                updated_at=now).execution_options(synchronize_session=False))
        return skipped

    @staticmethod
    def _fresh(session: Session, job_id: str, units: list[tuple[UnitResult, bytes]]
               ) -> tuple[list[tuple[UnitResult, bytes]], list[int]]:
        """The units not yet recorded, each once; the indexes of the others."""
        indexes = [result.index for result, _ in units]
        known = set(session.scalars(select(JobResultRow.index).where(
            (JobResultRow.job_id == job_id) & JobResultRow.index.in_(indexes))))
        fresh: dict[int, tuple[UnitResult, bytes]] = {}
        skipped: list[int] = []
        for result, data in units:
            if result.index in known or result.index in fresh:
                skipped.append(result.index)
            else:
                fresh[result.index] = (result, data)
        return list(fresh.values()), skipped

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
            session.execute(update(Job).where(Job.id == job_id).values(
                done=counts.get(False, 0), failed=counts.get(True, 0), updated_at=utcnow()))

    def results(self, job_id: str, *, failed_only: bool = False) -> list[UnitResult]:
        query = select(JobResultRow).where(JobResultRow.job_id == job_id)
        if failed_only:
            query = query.where(JobResultRow.error != "")
        with self._db.session() as session:
            return [r.result() for r in session.scalars(query.order_by(JobResultRow.index))]

    def documents(self, job_id: str) -> Iterator[tuple[UnitResult, bytes]]:
        """Every result in order with its bytes, read one blob at a time."""
        for result in self.results(job_id):
            yield result, self._data(job_id, result.index)

    def _data(self, job_id: str, index: int) -> bytes:
        query = select(JobResultRow.data).where(
            (JobResultRow.job_id == job_id) & (JobResultRow.index == index))
        with self._db.session() as session:
            return session.scalar(query) or b""

