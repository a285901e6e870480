"""Every table of the service, on SQLite and on PostgreSQL: `create_schema()` creates them all (and
may run again; the revisions: `test_migrations.py`), and each takes a row and gives it back
through its own repository."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect

from service.deps import Deps
from service.errors import RequestError
from service.store import (
    Base,
    Database,
    DraftContent,
    DraftRepository,
    EventLog,
    JobSpec,
    JobStore,
    ReviewRepository,
    UnitResult,
    User,
    UserRepository,
    scope_of,
)
from service.store.reviews import Move
from service.units import Tier, Unit


@pytest.fixture
def commune(deps: Deps) -> Unit:
    return min(deps.units.units(Tier.COMMUNE), key=lambda u: u.code)


def test_every_table_is_created_and_creating_again_is_harmless(db: Database) -> None:
    db.create_schema()
    tables = {t for t in inspect(db.engine).get_table_names() if not t.startswith("procrastinate")}
    assert tables == {*Base.metadata.tables, "alembic_version"}
    assert {"drafts", "users", "draft_events", "batch_jobs", "batch_results"} <= set(
        Base.metadata.tables)


def test_users(db: Database, commune: Unit) -> None:
    users = UserRepository(db)
    user, token = users.add("Hoàng Thị Ánh Tuyết", "reviewer", commune)
    assert users.by_token(token) == user
    assert user.created_at.tzinfo is dt.UTC
    with pytest.raises(RequestError, match="Đã có người dùng"):
        users.add("Hoàng Thị Ánh Tuyết", "drafter", commune)  # the unique name, in any database
    assert (users.all(), users.count()) == ([user], 1)


def test_drafts_moves_and_their_events(db: Database, commune: Unit) -> None:
    users = UserRepository(db)
    drafter, _ = users.add("Người soạn", "drafter", commune)
    reviewer, _ = users.add("Người duyệt", "reviewer", commune)
    content = DraftContent(title="Kế hoạch", unit_code=commune.code, unit_label=commune.label,
                           kind="action-month", year=2026, scope=scope_of(commune),
                           request={"kind": "action-month", "unit": commune.code, "year": 2026},
                           docx=b"PK")
    draft = DraftRepository(db).create(content, drafter)
    reviews = ReviewRepository(db)
    assert moved_state(reviews, draft.id, "submit", drafter) == "submitted"
    assert moved_state(reviews, draft.id, "return", reviewer) == "returned"
    assert moved_state(reviews, draft.id, "submit", drafter) == "submitted"
    assert moved_state(reviews, draft.id, "approve", reviewer) == "approved"
    history = EventLog(db).history(draft.id)
    assert [(e.action, e.state, e.user_name) for e in history] == [
        ("create", "draft", "Người soạn"), ("submit", "submitted", "Người soạn"),
        ("return", "returned", "Người duyệt"), ("submit", "submitted", "Người soạn"),
        ("approve", "approved", "Người duyệt")]
    assert all(e.at.tzinfo is dt.UTC for e in history)
    assert [e.at for e in history] == sorted(e.at for e in history)


def moved_state(reviews: ReviewRepository, draft_id: str, move: Move, actor: User) -> str:
    moved = reviews.move(draft_id, move, actor, comments=f"{move}: ý kiến")
    assert moved is not None
    return moved.state


def test_batch_jobs_and_their_results(db: Database) -> None:
    jobs = JobStore(db)
    job = jobs.create(JobSpec(source="kind", label="Lô Lai Châu", input={"tỉnh": "Lai Châu"},
                              total=2))
    claimed = jobs.claim_next()
    assert claimed is not None
    assert (claimed.id, claimed.state) == (job.id, "running")
    done = UnitResult(0, 1, "Xã Ạ", "xã", "k", "", "001.docx", "0" * 64, 0, "")
    failed = UnitResult(1, 2, "Phường Ế", "phường", "k", "", "", "", 0, "lỗi: thiếu dữ liệu")
    jobs.record(job.id, [(done, bytes(range(256))), (failed, b"")])
    assert jobs.recorded(job.id) == {0: 1, 1: 2}
    assert [(r, d) for r, d in jobs.documents(job.id)] == [(done, bytes(range(256))),
                                                          (failed, b"")]
    jobs.forget(job.id, [1])
    assert jobs.finish(job.id, "done")
    finished = jobs.get(job.id)
    assert finished is not None
    assert (finished.state, finished.done, finished.failed) == ("done", 1, 0)
    assert finished.finished_at is not None
    assert finished.finished_at.tzinfo is dt.UTC
