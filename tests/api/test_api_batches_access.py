"""Who may start, list, follow, download and cancel batch jobs (issue 11): a province's users
for their province, an admin for any; everyone else gets 401 (no token), 403 (starting a job
outside their province) or 404 (any other job: whether it exists is not said). Quotas: jobs
queued or running per user, units per job by role, answered 429 in Vietnamese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import TestClient, make_settings
from fastapi import FastAPI
from reviews_support import sign_up

from service.api.app import create_app
from service.batch.jobs import Batches
from service.deps import Deps
from service.units import Era, Tier

LAI_CHAU, HA_NOI = 12, 1
COMMUNES = {"province": str(LAI_CHAU), "kind": "keep-drug-free", "year": 2026}  # 38 units
OTHER = {"province": str(HA_NOI), "kind": "keep-drug-free", "year": 2026}
WHO = ("admin", "drafter", "reviewer", "other", "commune", "anonymous")
"""admin: of Hà Nội; drafter, reviewer: of Lai Châu; other: Hà Nội's drafter; commune: a
drafter of a commune of Lai Châu; anonymous: no token."""


def _app(deps: Deps, folder: Path, **settings: Any) -> FastAPI:
    return create_app(deps, make_settings(folder, batch_workers=0, **settings))


def _users(app: FastAPI, deps: Deps) -> dict[str, dict[str, str]]:
    commune = next(u for u in deps.units.units(Tier.COMMUNE, Era.CURRENT)
                   if u.province_unit.code == LAI_CHAU)
    return {"admin": sign_up(app, "Quản trị", "admin", HA_NOI, Tier.PROVINCE),
            "drafter": sign_up(app, "Soạn Lai Châu", "drafter", LAI_CHAU, Tier.PROVINCE),
            "reviewer": sign_up(app, "Duyệt Lai Châu", "reviewer", LAI_CHAU, Tier.PROVINCE),
            "other": sign_up(app, "Soạn Hà Nội", "drafter", HA_NOI, Tier.PROVINCE),
            "commune": sign_up(app, "Soạn xã", "drafter", commune.code),
            "anonymous": {}}


@pytest.fixture
def served(deps: Deps, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    app = _app(deps, tmp_path, batch_jobs_per_user=50)
    users = _users(app, deps)
    with TestClient(app) as client:
        yield client, users


def _start(client: TestClient, headers: dict[str, str], body: Any = COMMUNES) -> Any:
    return client.post("/api/batches?review=false", json=body, headers=headers)


@pytest.mark.parametrize(("who", "status"), list(zip(WHO, (202, 202, 202, 403, 403, 401),
                                                        strict=True)))
def test_a_job_is_started_by_its_provinces_users_or_an_admin(
        served: tuple[TestClient, dict[str, dict[str, str]]], who: str, status: int) -> None:
    client, users = served
    answer = _start(client, users[who])
    assert answer.status_code == status, answer.text
    if status == 202:
        assert answer.json()["owner_name"] in ("Quản trị", "Soạn Lai Châu", "Duyệt Lai Châu")
    if status == 403:
        assert "nằm ngoài phạm vi của bạn" in answer.json()["detail"][0]["message"]


def test_an_admin_starts_a_job_of_any_province(
        served: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    client, users = served
    assert _start(client, users["admin"], OTHER).status_code == 202
    assert _start(client, users["drafter"], OTHER).status_code == 403


READS = [("GET", ""), ("GET", "/zip"), ("POST", "/cancel")]
SEEN = {"admin": (200, 409, 200), "drafter": (200, 409, 200), "reviewer": (200, 409, 200),
        "other": (404, 404, 404), "commune": (404, 404, 404), "anonymous": (401, 401, 401)}
"""A queued job of Lai Châu's drafter: its detail, its ZIP (409: not done yet), its cancel."""


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("index", "call"), list(enumerate(READS)),
                         ids=["detail", "zip", "cancel"])
def test_a_job_is_followed_only_within_its_scope(
        served: tuple[TestClient, dict[str, dict[str, str]]], who: str, index: int,
        call: tuple[str, str]) -> None:
    client, users = served
    job_id = _start(client, users["drafter"]).json()["id"]
    method, suffix = call
    answer = client.request(method, f"/api/batches/{job_id}{suffix}", headers=users[who])
    assert answer.status_code == SEEN[who][index], answer.text
    if answer.status_code == 404:
        assert answer.json()["detail"][0]["message"] == "Không có lô này."
    unknown = client.request(method, f"/api/batches/no-such-job{suffix}", headers=users[who])
    assert unknown.status_code == (401 if who == "anonymous" else 404)


@pytest.mark.parametrize(("who", "listed"), [
    ("admin", {"lai-chau", "ha-noi"}), ("drafter", {"lai-chau"}), ("reviewer", {"lai-chau"}),
    ("other", {"ha-noi"}), ("commune", set())])
def test_the_list_holds_only_the_jobs_in_scope(
        served: tuple[TestClient, dict[str, dict[str, str]]], who: str,
        listed: set[str]) -> None:
    """Hà Nội's job, started by the admin, is seen by Hà Nội's drafter too."""
    client, users = served
    ids = {"lai-chau": _start(client, users["drafter"]).json()["id"],
           "ha-noi": _start(client, users["admin"], OTHER).json()["id"]}
    found = {j["id"] for j in client.get("/api/batches", headers=users[who]).json()}
    assert found == {ids[name] for name in listed}
    assert client.get("/api/batches").status_code == 401


def test_jobs_at_once_per_user_are_a_quota(deps: Deps, tmp_path: Path) -> None:
    app = _app(deps, tmp_path, batch_jobs_per_user=2)
    users = _users(app, deps)
    with TestClient(app) as client:
        first, _ = (_start(client, users["drafter"]).json()["id"] for _ in range(2))
        refused = _start(client, users["drafter"])
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "60"
        assert refused.json()["detail"][0]["message"] == (
            "Bạn đang có 2 lô chờ hoặc đang chạy (tối đa 2); hãy đợi một lô xong hoặc hủy bớt.")
        assert _start(client, users["reviewer"]).status_code == 202  # a quota of each user
        client.post(f"/api/batches/{first}/cancel", headers=users["drafter"])
        assert _start(client, users["drafter"]).status_code == 202


@pytest.mark.parametrize(("who", "settings", "status"), [
    ("drafter", {"batch_units_per_job": 37}, 429),
    ("drafter", {"batch_units_per_job": 38}, 202),
    ("reviewer", {"batch_units_per_job": 37}, 429),
    ("admin", {"batch_units_per_job": 37}, 202),
    ("admin", {"batch_units_per_job_admin": 37}, 429),
])
def test_units_per_job_are_a_quota_by_role(deps: Deps, tmp_path: Path, who: str,
                                           settings: dict[str, int], status: int) -> None:
    app = _app(deps, tmp_path, **settings)
    users = _users(app, deps)
    with TestClient(app) as client:
        answer = _start(client, users[who])
        assert answer.status_code == status, answer.text
        if status == 429:
            assert answer.json()["detail"][0]["message"].startswith(
                "Lô có 38 đơn vị, quá mức 37 đơn vị một lô của")
            assert client.get("/api/batches", headers=users["admin"]).json() == []


def test_an_ended_job_is_kept_for_the_retention_days_then_gone(
        served: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    """KEHOACH_BATCH_RETENTION_DAYS (30): the service's hourly expiry deletes a job that ended
    more than that ago, with its documents; its owner then gets 404 like anyone, and a job that
    ended today stays."""
    import datetime as dt

    from sqlalchemy import update

    from service.batch.jobs import expire_jobs
    from service.store.jobs import Job

    client, users = served
    batches: Batches = client.app.state.batches  # type: ignore[attr-defined]
    old, recent = (_start(client, users["drafter"]).json()["id"] for _ in range(2))
    for job_id in (old, recent):
        assert client.post(f"/api/batches/{job_id}/cancel",
                           headers=users["drafter"]).status_code == 200
    ended = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    with batches.store._db.session() as session:
        session.execute(update(Job).where(Job.id == old).values(finished_at=ended))
    assert expire_jobs(batches.store, dt.timedelta(days=30)) == 1
    assert client.get(f"/api/batches/{old}", headers=users["drafter"]).status_code == 404
    assert client.get(f"/api/batches/{old}", headers=users["admin"]).status_code == 404
    assert client.get(f"/api/batches/{recent}", headers=users["drafter"]).status_code == 200
    listed = {j["id"] for j in client.get("/api/batches", headers=users["drafter"]).json()}
    assert listed == {recent}
