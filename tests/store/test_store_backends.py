"""The drafts store behaves the same on SQLite and on PostgreSQL (each test runs on both).

CRUD and paging, timestamps (aware UTC in, the same instant out, whatever the zone given or the
server's own), Vietnamese text kept code point for code point, large documents kept byte for byte,
and concurrent sessions (parallel writers, uncommitted rows unseen, failed transactions undone).
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError
from store_support import ACTOR, content

from service.store import Database, DraftRepository, DraftRow, EventLog
from service.store.db import UTCDateTime

ICT = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def repo(db: Database) -> DraftRepository:
    return DraftRepository(db)


def test_backend_is_the_one_asked_for(db: Database, database_url: str) -> None:
    expected = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    assert db.engine.dialect.name == expected
    assert db.engine.dialect.driver == ("pysqlite" if expected == "sqlite" else "psycopg")


# --- create, read, update, delete ----------------------------------------------------------------

def test_crud(repo: DraftRepository) -> None:
    made = repo.create(content("một", docx=b"PK-1"), ACTOR)
    assert repo.get(made.id) == made
    assert repo.document(made.id) == b"PK-1"
    assert (made.title, made.unit_code, made.unit_label, made.kind, made.docx_size) == (
        "một", 1, "Xã A", "k", 4)

    changed = repo.update(made.id, content("hai", docx=b"PK-22", request={"kind": "k2"}), ACTOR)
    assert changed is not None
    assert (changed.id, changed.title, changed.request, changed.docx_size) == (
        made.id, "hai", {"kind": "k2"}, 5)
    assert repo.get(made.id) == changed
    assert repo.document(made.id) == b"PK-22"

    assert repo.delete(made.id, ACTOR)
    assert (repo.get(made.id), repo.document(made.id), repo.recent()) == (None, None, [])
    assert not repo.delete(made.id, ACTOR)


def test_missing_drafts(repo: DraftRepository) -> None:
    assert repo.get("no-such") is None
    assert repo.document("no-such") is None
    assert repo.update("no-such", content(), ACTOR) is None
    assert not repo.delete("no-such", ACTOR)


def test_recent_is_latest_change_first_and_pages(repo: DraftRepository) -> None:
    made = [repo.create(content(f"bản {i}"), ACTOR) for i in range(5)]
    repo.update(made[1].id, content("bản 1 (sửa)"), ACTOR)
    expected = [made[1].id, made[4].id, made[3].id, made[2].id, made[0].id]
    assert [d.id for d in repo.recent()] == expected
    assert [d.id for d in repo.recent(limit=2, offset=1)] == expected[1:3]
    assert repo.recent(limit=3, offset=5) == []
    assert {d.docx_size for d in repo.recent()} == {0}  # the list never loads the documents


# --- timestamps ---------------------------------------------------------------------------------

def test_timestamps_are_aware_utc_and_bounded_by_the_clock(repo: DraftRepository) -> None:
    before = dt.datetime.now(dt.UTC)
    made = repo.create(content(), ACTOR)
    after = dt.datetime.now(dt.UTC)
    assert made.created_at.tzinfo is dt.UTC
    assert before <= made.created_at == made.updated_at <= after
    read = repo.get(made.id)
    assert read is not None
    assert (read.created_at, read.updated_at) == (made.created_at, made.updated_at)
    assert read.created_at.tzinfo is dt.UTC

    changed = repo.update(made.id, content("sau"), ACTOR)
    assert changed is not None
    assert changed.created_at == made.created_at
    assert made.updated_at <= changed.updated_at <= dt.datetime.now(dt.UTC)


STAMPS = Table("stamps", MetaData(), Column("id", Integer, primary_key=True),
               Column("at", UTCDateTime))
"""A table of its own metadata (not `Base`'s): only for the timestamp type."""


@pytest.mark.parametrize("moment", [
    dt.datetime(2026, 6, 26, 23, 30, 0, 123456, tzinfo=ICT),  # the day before, in UTC
    dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC),
    dt.datetime(2025, 7, 1, 12, 0, 59, 1, tzinfo=dt.timezone(dt.timedelta(hours=-9, minutes=-30))),
    dt.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
])
def test_any_aware_timestamp_comes_back_as_the_same_instant_in_utc(db: Database,
                                                                   moment: dt.datetime) -> None:
    STAMPS.create(db.engine)
    with db.session() as session:
        session.execute(insert(STAMPS).values(id=1, at=moment))
    with db.session() as session:
        back = session.scalar(select(STAMPS.c.at))
    assert back == moment
    assert back is not None
    assert back.tzinfo is dt.UTC
    assert back.utcoffset() == dt.timedelta(0)


def test_a_naive_timestamp_is_refused(db: Database) -> None:
    STAMPS.create(db.engine)
    with pytest.raises(StatementError, match="naive datetime"), db.session() as session:
        session.execute(insert(STAMPS).values(id=1, at=dt.datetime(2026, 1, 1)))


# --- Vietnamese text ----------------------------------------------------------------------------

TEXTS = [
    "KẾ HOẠCH Phòng, chống và kiểm soát ma túy năm 2026",
    unicodedata.normalize("NFD", "Ủy ban nhân dân xã Thượng Đức"),  # combining marks, kept so
    "Tháng hành động phòng, chống ma túy “26/6” – Ngày Quốc tế ‘phòng, chống’ ma túy",
    "ệ" * 300,  # the longest title, 300 characters of two UTF-8 bytes
    "Đắk Lắk · Kon Tum · Bà Rịa - Vũng Tàu 🇻🇳",
    "{{ 7*7 }} {% raw %} <script>alert('x')</script> & ' \" \\ %s ?",
]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_vietnamese_text_is_kept_code_point_for_code_point(repo: DraftRepository,
                                                           text: str) -> None:
    request = {"kind": "k", "title": text, "signer": {"name": "Nguyễn Thị Ánh"},
               "villages": [{"name": text[:60], "status": "sạch"}]}
    made = repo.create(content(text, unit_label=text[:300], request=request), ACTOR)
    read = repo.get(made.id)
    assert read is not None
    assert (read.title, read.unit_label, read.request) == (text, text[:300], request)
    assert [list(map(ord, d.title)) for d in repo.recent()] == [list(map(ord, text))]


# --- large documents ----------------------------------------------------------------------------

SIZES = {"empty": 0, "one byte": 1, "every byte value": 256, "64 KiB": 65_536,
         "4 MiB": 4 * 1024 * 1024}


def payload(size: int) -> bytes:
    if size == 256:
        return bytes(range(256))  # NUL and every other byte value
    return random.Random(size).randbytes(size)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_documents_are_kept_byte_for_byte(repo: DraftRepository, size: int) -> None:
    data = payload(size)
    made = repo.create(content(docx=data), ACTOR)
    assert made.docx_size == size
    assert repo.document(made.id) == data
    replaced = repo.update(made.id, content(docx=data[::-1]), ACTOR)
    assert replaced is not None
    assert replaced.docx_size == size
    assert repo.document(made.id) == data[::-1]


# --- concurrent sessions ------------------------------------------------------------------------

def test_parallel_writers_lose_nothing(repo: DraftRepository) -> None:
    def write(worker: int) -> list[str]:
        made = [repo.create(content(f"luồng {worker} bản {i}"), ACTOR) for i in range(5)]
        for draft in made[:2]:
            repo.update(draft.id, content(f"luồng {worker} bản sửa"), ACTOR)
        repo.delete(made[4].id, ACTOR)
        return [d.id for d in made[:4]]

    with ThreadPoolExecutor(max_workers=6) as pool:
        kept = [i for ids in pool.map(write, range(6)) for i in ids]
    listed = repo.recent(limit=1000)
    assert sorted(d.id for d in listed) == sorted(kept)
    assert len(kept) == len(set(kept)) == 24
    assert sum(d.title.endswith("bản sửa") for d in listed) == 12


def test_parallel_updates_of_one_draft_are_one_after_another(db: Database,
                                                              repo: DraftRepository) -> None:
    made = repo.create(content("chung"), ACTOR)
    titles = [f"luồng {w} lần {i}" for w in range(4) for i in range(4)]

    def write(worker: int) -> None:
        for title in titles[worker * 4:(worker + 1) * 4]:
            assert repo.update(made.id, content(title, docx=title.encode()), ACTOR) is not None

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))
    final = repo.get(made.id)
    assert final is not None
    assert final.title in titles
    assert repo.document(made.id) == final.title.encode()  # title and document from one update
    actions = [e.action for e in EventLog(db).history(made.id)]
    assert actions == ["create"] + ["update"] * len(titles)


def test_an_uncommitted_change_is_seen_only_after_its_commit(db: Database,
                                                            repo: DraftRepository) -> None:
    made = repo.create(content("trước"), ACTOR)
    written = threading.Event()
    seen: list[str] = []

    def reader() -> None:
        if written.wait(10):
            seen.append(title_of(repo, made.id))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        with db.session() as session:
            row = session.get(DraftRow, made.id, with_for_update=True)
            assert row is not None
            row.title = "sau"
            session.flush()  # written inside the open transaction, not yet committed
            written.set()
            thread.join(10)
    finally:
        written.set()
        thread.join(10)
    assert seen == ["trước"]
    assert title_of(repo, made.id) == "sau"


def test_a_failed_transaction_leaves_nothing_behind(db: Database, repo: DraftRepository) -> None:
    kept, other = repo.create(content("còn"), ACTOR), repo.create(content("khác"), ACTOR)

    def change_then_fail() -> None:
        with db.session() as session:
            row = session.get(DraftRow, kept.id)
            assert row is not None
            row.title = "đổi rồi hỏng"
            session.delete(session.get(DraftRow, other.id))
            session.flush()
            raise RuntimeError("hỏng")

    with pytest.raises(RuntimeError, match="hỏng"):
        change_then_fail()
    assert repo.get(kept.id) == kept
    assert repo.get(other.id) == other


def title_of(repo: DraftRepository, draft_id: str) -> str:
    draft = repo.get(draft_id)
    assert draft is not None
    return draft.title
