"""The schema's history (`service.store.migrations`), on SQLite and PostgreSQL: the baseline is
release 8035fd1's schema, the models are the newest revision, `kehoach db upgrade` keeps every row
of the revision before (and of release 8035fd1, which had none) readable through the API with the
old tokens, and a database newer than the code, or of no known release, is refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pg_support import Cluster
from release_db import FACTS, insert_release_rows, restore_release, rows
from sqlalchemy import Engine, MetaData, inspect, text
from store_support import TestClient

from service.api.app import create_app
from service.cli import main
from service.cli.serve import prepare_database
from service.config import Settings
from service.deps import Deps
from service.errors import SchemaError
from service.store import (
    Base,
    Database,
    DraftRepository,
    EventLog,
    Scope,
    UserRepository,
    migrations,
)
from service.units import Era, Tier, Unit

# --- each revision from the one before ---------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A revision's upgrade test: `seed` writes rows into a database at the revision before (None:
    release 8035fd1, without a revision), `check` reads them after `kehoach db upgrade`."""

    revision: str
    seed: Callable[[Database], None]
    check: Callable[[TestClient, Database], None]


def seed_release_8035fd1(db: Database) -> None:
    restore_release(db)


def check_release_8035fd1(client: TestClient, db: Database) -> None:
    """Every user, draft, event and job of release 8035fd1, through the API with its tokens."""
    tokens = FACTS["tokens"]
    for name, token in tokens.items():
        answer = client.get("/api/me", headers=_bearer(token or "thu-hoi"))
        assert (answer.status_code, answer.json().get("name")) == (
            (200, name) if token else (401, None))
    drafter = _bearer(tokens["Nguyễn Văn Soạn"])
    reviewer = _bearer(tokens["Trần Thị Duyệt"])
    kept = {r["id"]: r for r in rows("drafts")}
    assert set(kept) == {i for s, i in FACTS["drafts"].items() if s != "deleted"}
    listed = client.get("/api/drafts", headers=reviewer).json()
    assert {d["id"]: d["state"] for d in listed} == {i: r["state"] for i, r in kept.items()}
    for draft_id, row in kept.items():
        draft = client.get(f"/api/drafts/{draft_id}", headers=drafter).json()
        assert (draft["title"], draft["state"], draft["request"], draft["owner_name"]) == (
            row["title"], row["state"], row["request"], row["owner_name"])
        document = client.get(f"/api/drafts/{draft_id}/document", headers=drafter)
        assert document.content == row["docx"]
        history = client.get(f"/api/drafts/{draft_id}/history", headers=reviewer).json()
        assert [(e["action"], e["state"], e["user_name"], e["comments"], e["report"])
                for e in history["events"]] == _events(draft_id)
    deleted = FACTS["drafts"]["deleted"]
    assert client.get(f"/api/drafts/{deleted}", headers=drafter).status_code == 404
    assert [e.action for e in EventLog(db).history(deleted)] == ["create", "delete"]
    admin = _admin(client, db)
    job = client.get(f"/api/batches/{FACTS['job']}", headers=admin).json()
    assert (job["state"], job["done"], job["failed"], job["total"]) == ("done", 2, 1, 3)
    archive = client.get(f"/api/batches/{FACTS['job']}/zip", headers=admin).content
    assert hashlib.sha256(archive).hexdigest() == FACTS["zip_sha256"]


def check_jobs_without_owner(client: TestClient, db: Database) -> None:
    """The release's job is kept, with no owner and no province: only admins see it (its
    province cannot be resolved in a migration); the province's own users get 404."""
    job_id = FACTS["job"]
    admin = _admin(client, db)
    job = client.get(f"/api/batches/{job_id}", headers=admin).json()
    assert (job["state"], job["total"], job["owner_name"]) == ("done", 3, "")
    assert [j["id"] for j in client.get("/api/batches", headers=admin).json()] == [job_id]
    archive = client.get(f"/api/batches/{job_id}/zip", headers=admin).content
    assert hashlib.sha256(archive).hexdigest() == FACTS["zip_sha256"]
    units = client.app.state.services.engine.units  # type: ignore[attr-defined]
    for code in {u.province_unit.code for u in units.units(Tier.PROVINCE, Era.CURRENT)}:
        _, token = UserRepository(db).add(f"Người soạn tỉnh {code}", "drafter",
                                          units.get(code, Tier.PROVINCE))
        assert client.get(f"/api/batches/{job_id}", headers=_bearer(token)).status_code == 404
        assert client.get("/api/batches", headers=_bearer(token)).json() == []


def _admin(client: TestClient, db: Database) -> dict[str, str]:
    """The headers of an admin added after the upgrade (once per test)."""
    users = UserRepository(db)
    units = client.app.state.services.engine.units  # type: ignore[attr-defined]
    province = units.get(1, Tier.PROVINCE)
    found = next((u for u in users.all() if u.name == "Quản trị"), None)
    if found is None:
        return _bearer(users.add("Quản trị", "admin", province)[1])
    return _bearer(users.rotate("Quản trị")[1])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _events(draft_id: str) -> list[tuple[Any, ...]]:
    return [(e["action"], e["state"], e["user_name"], e["comments"], e["report"])
            for e in rows("draft_events") if e["draft_id"] == draft_id]


def check_task_queue(client: TestClient, db: Database) -> None:
    """0002: the rows of before, and procrastinate's tables on PostgreSQL (none on SQLite)."""
    check_release_8035fd1(client, db)
    queue_tables = {t for t in inspect(db.engine).get_table_names()
                    if t.startswith("procrastinate_")}
    assert queue_tables == ({"procrastinate_jobs", "procrastinate_events", "procrastinate_workers",
                             "procrastinate_periodic_defers"}
                            if db.engine.dialect.name == "postgresql" else set())


LAI_CHAU = Scope("current:province:12", None, "current:province:12")
APPROVED = {"kind": "province-drug-free", "unit": 12, "year": 2027,
            "signer": {"mode": "KT", "title": "PHÓ CHỦ TỊCH", "name": "Tống Thanh Hải"}}


def seed_before_the_register(db: Database) -> None:
    """At 0002: a province's drafter and reviewer, and a draft they approved (its rows written
    as that revision's tables hold them: the models have moved on since)."""
    users = UserRepository(db)
    drafter, _ = users.add("Người soạn Lai Châu", "drafter", _province(12))
    reviewer, _ = users.add("Người duyệt Lai Châu", "reviewer", _province(12))
    now = dt.datetime.now(dt.UTC)
    draft = {"id": str(uuid.uuid4()), "title": "Kế hoạch đã duyệt", "unit_code": 12,
             "unit_label": "Tỉnh Lai Châu", "kind": "province-drug-free", "year": 2027,
             "request": APPROVED, "docx": b"PK-approved", "state": "approved",
             "owner_id": drafter.id, "owner_name": drafter.name, "unit_key": LAI_CHAU.unit,
             "district_key": None, "province_key": LAI_CHAU.province, "created_at": now,
             "updated_at": now}
    steps = [("create", "draft", drafter), ("submit", "submitted", drafter),
             ("approve", "approved", reviewer)]
    events = [{"draft_id": draft["id"], "action": action, "state": state, "user_id": who.id,
               "user_name": who.name, "user_role": who.role, "at": now, "comments": "",
               "report": [] if action != "create" else None} for action, state, who in steps]
    with db.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        connection.execute(tables.tables["drafts"].insert(), [draft])
        connection.execute(tables.tables["draft_events"].insert(), events)


def check_the_register(client: TestClient, db: Database) -> None:
    """The draft approved before the register is issued with number 01 by a new clerk."""
    _, token = UserRepository(db).add("Văn thư Lai Châu", "clerk", _province(12))
    (draft,) = DraftRepository(db).recent()
    assert draft.state == "approved"
    issued = client.post(f"/api/drafts/{draft.id}/issue", json={"date": "2027-01-12"},
                         headers=_bearer(token))
    assert (issued.status_code, issued.json()["number"]) == (200, "01"), issued.text
    assert [e.action for e in EventLog(db).history(draft.id)] == [
        "create", "submit", "approve", "issue"]


def check_returns_before_documents(client: TestClient, db: Database) -> None:
    """0005: the rows of before; a return made before returns kept their document says so
    (`kept` false, no differences) instead of failing (new returns: test_api_reviews.py)."""
    check_release_8035fd1(client, db)
    draft_id = FACTS["drafts"]["returned"]
    (comment,) = [e[3] for e in _events(draft_id) if e[0] == "return"]
    for name in ("Nguyễn Văn Soạn", "Trần Thị Duyệt"):
        answer = client.get(f"/api/drafts/{draft_id}/changes",
                            headers=_bearer(FACTS["tokens"][name])).json()
        assert (answer["returned"]["comments"], answer["kept"], answer["diff"]) == (
            comment, False, None)
    assert len(EventLog(db).history(draft_id)) == len(_events(draft_id))


def _province(code: int) -> Unit:
    return Deps.build().units.get(code, Tier.PROVINCE)


REVISIONS = [
    Step("0001", seed_release_8035fd1, check_release_8035fd1),
    Step("0002", insert_release_rows, check_task_queue),
    Step("0003", seed_before_the_register, check_the_register),
    Step("0004", insert_release_rows, check_jobs_without_owner),
    Step("0005", insert_release_rows, check_returns_before_documents),
]
"""One row per revision, oldest first (a test keeps it so): the next revision adds its own."""


def test_every_revision_has_its_upgrade_test() -> None:
    assert [step.revision for step in REVISIONS] == migrations.revisions()


@pytest.mark.parametrize("step", REVISIONS, ids=[s.revision for s in REVISIONS])
def test_upgrade_keeps_the_rows_of_the_revision_before(
        step: Step, database_url: str, deps: Deps, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(database_url)
    before = _down_revision(step.revision)
    if before is not None:
        migrations.upgrade(db, before)
    step.seed(db)
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.strip() == migrations.head()
    settings = Settings(database_url=database_url, batch_workers=0, upgrade_on_start=False)
    with TestClient(create_app(deps, settings)) as client:
        step.check(client, db)
    unit = min(deps.units.units(Tier.COMMUNE, Era.CURRENT), key=lambda u: u.code)
    before = max(u.id for u in UserRepository(db).all())
    added, _ = UserRepository(db).add("Người dùng mới", "drafter", unit)  # ids go on
    assert added.id > before
    db.dispose()


def _down_revision(revision: str) -> str | None:
    found = migrations.revisions()
    position = found.index(revision)
    return found[position - 1] if position else None


# --- the baseline and the models ---------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty databases of one backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'a.sqlite'}", f"sqlite:///{tmp_path / 'b.sqlite'}"
        return
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    names = [cluster.create_database(), cluster.create_database()]
    yield cluster.url(names[0]), cluster.url(names[1])
    for name in names:
        cluster.drop_database(name)


def test_the_baseline_is_release_8035fd1s_schema(two_databases: tuple[str, str]) -> None:
    baseline, release = Database(two_databases[0]), Database(two_databases[1])
    migrations.upgrade(baseline, migrations.BASELINE)
    restore_release(release)
    assert _schema(baseline.engine) == _schema(release.engine)
    assert migrations.status(release).legacy
    baseline.dispose()
    release.dispose()


def _schema(engine: Engine) -> dict[str, Any]:
    """Tables, columns (type, null), keys, foreign keys and indexes, as the database has them."""
    found = inspect(engine)
    out: dict[str, Any] = {}
    for table in sorted(set(found.get_table_names()) - {migrations.VERSION_TABLE}):
        out[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"])
                        for c in found.get_columns(table)],
            "primary": found.get_pk_constraint(table)["constrained_columns"],
            "foreign": [(f["constrained_columns"], f["referred_table"], f["options"])
                        for f in found.get_foreign_keys(table)],
            "indexes": sorted((i["name"] or "", tuple(i["column_names"]), i["unique"])
                              for i in found.get_indexes(table)),
            "unique": sorted(tuple(u["column_names"])
                             for u in found.get_unique_constraints(table)),
        }
    return out


def test_the_models_are_the_newest_revision(database_url: str) -> None:
    db = Database(database_url)
    db.create_schema()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": migrations.include_object})
        assert compare_metadata(context, Base.metadata) == []
    db.dispose()


# --- refusals ----------------------------------------------------------------------------------


def test_a_database_newer_than_the_code_is_refused(
        database_url: str, deps: Deps, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(database_url)
    db.create_schema()
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    for command in (["db", "current"], ["db", "upgrade"], ["serve", "--port", "1"]):
        assert main(command) == 2
        assert "phiên bản 9999, mới hơn phần mềm này" in capsys.readouterr().err
    with pytest.raises(SchemaError, match="mới hơn phần mềm này"):
        create_app(deps, Settings(database_url=database_url))
    db.dispose()


def test_a_database_behind_is_refused_when_upgrades_on_start_are_off(
        database_url: str, deps: Deps, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(database_url)
    restore_release(db)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("KEHOACH_UPGRADE_ON_START", "false")
    assert main(["db", "current"]) == 1
    assert capsys.readouterr().err.startswith("bảng của bản 8035fd1, chưa có số phiên bản")
    assert main(["serve", "--port", "1"]) == 2
    assert "hãy sao lưu rồi chạy `kehoach db upgrade`" in capsys.readouterr().err
    with pytest.raises(SchemaError, match="KEHOACH_UPGRADE_ON_START=false"):
        create_app(deps, Settings(database_url=database_url, upgrade_on_start=False))
    assert migrations.status(db).legacy  # nothing was changed
    db.dispose()


def test_serve_upgrades_a_database_of_release_8035fd1_on_start_and_says_so(
        database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = Database(database_url)
    restore_release(db)
    prepare_database(Settings(database_url=database_url))
    assert capsys.readouterr().err == (f"Đã nâng cấp cơ sở dữ liệu: 8035fd1 → {migrations.head()}"
                                       " (mới nhất).\n")
    prepare_database(Settings(database_url=database_url))
    assert capsys.readouterr().err == (f"Cơ sở dữ liệu: phiên bản {migrations.head()}, mới"
                                       " nhất.\n")
    assert migrations.status(db).up_to_date
    db.dispose()


def test_tables_of_no_known_release_are_refused(database_url: str,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A database of the releases before users (drafts without an owner) is not upgraded."""
    db = Database(database_url)
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE drafts (id VARCHAR(36) PRIMARY KEY, title"
                                " VARCHAR(300) NOT NULL)"))
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["db", "upgrade"]) == 2
    assert "không thuộc bản kehoach nào đã biết và không có số phiên bản (drafts)" in (
        capsys.readouterr().err)
    assert inspect(db.engine).get_table_names() == ["drafts"]
    db.dispose()


def test_an_empty_database_is_created_and_upgrading_again_changes_nothing(
        database_url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["db", "current"]) == 1
    assert capsys.readouterr() == ("", "cơ sở dữ liệu trống; nâng cấp sẽ tạo mọi bảng.\n")
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().err == f"Đã nâng cấp cơ sở dữ liệu: trống → {migrations.head()}" \
                                      " (mới nhất).\n"
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().err == ("Cơ sở dữ liệu đã ở phiên bản mới nhất"
                                       f" ({migrations.head()}).\n")
    db = Database(database_url)
    tables = {t for t in inspect(db.engine).get_table_names() if not t.startswith("procrastinate")}
    db.dispose()
    assert tables == {*Base.metadata.tables, migrations.VERSION_TABLE}


def test_the_queues_schema_files_are_all_applied() -> None:
    """The installed procrastinate ships no schema file newer than those revision 0002 applies
    (a newer procrastinate needs a revision of its own: see 0002's docstring)."""
    script = ScriptDirectory.from_config(migrations.config()).get_revision("0002")
    assert script is not None
    task_queue = script.module
    shipped = task_queue.procrastinate_migrations(after=None, upto=version("procrastinate"))
    assert shipped == task_queue.procrastinate_migrations(after=None, upto=task_queue.UPTO)
    assert len(shipped) > 30
