"""Batch jobs through the API: start, follow, download; a restart resumes the job where it
stopped; every refusal is in Vietnamese with the field at fault.  The clients here are signed in
as an admin; who else may do what: `test_api_batches_access.py`."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from api_support import TestClient, make_settings
from fastapi import FastAPI
from reviews_support import sign_up

from service.api.app import create_app
from service.batch.cascade import ISSUES_FILE, cascade, issues_csv
from service.batch.items import cascade_items, kind_items
from service.batch.jobs import Batches
from service.batch.runner import MANIFEST, RenderedItem, run_batch
from service.deps import Deps
from service.spec import parse_request
from service.store import Job, JobSpec
from service.units import Tier

DISTRICTS = {"province": "Lai Châu", "kind": "district-drug-free", "year": 2024}
COMMUNES = {"province": "12", "kind": "keep-drug-free", "year": 2026}
PROVINCE_PLAN = {"kind": "province-drug-free", "unit": 12, "year": 2026}
CATEGORIES = ('unit,category,facts\nxã Bình Lư,keep\n'
              'xã Sin Suối Hồ,build,"{""village_count"": -3}"\nxã Không Có Thật,keep\n')


def _app(deps: Deps, folder: Path, **settings: Any) -> FastAPI:
    return create_app(deps, make_settings(folder, batch_poll_seconds=0.05,
                                          batch_jobs_per_user=50, **settings))


def _admin(app: FastAPI) -> dict[str, str]:
    """The headers of a new admin of the app's database."""
    services = app.state.services
    return sign_up(app, f"Quản trị {services.users.count() + 1}", "admin", 1, Tier.PROVINCE)


@pytest.fixture
def running(deps: Deps, tmp_path: Path) -> Iterator[TestClient]:
    """An app whose worker runs the jobs."""
    app = _app(deps, tmp_path)
    with TestClient(app, headers=_admin(app)) as client:
        yield client


@pytest.fixture
def idle(deps: Deps, tmp_path: Path) -> Iterator[TestClient]:
    """An app without worker threads: jobs wait in the queue."""
    app = _app(deps, tmp_path, batch_workers=0)
    with TestClient(app, headers=_admin(app)) as client:
        yield client


def _batches(client: TestClient) -> Batches:
    batches: Batches = client.app.state.batches  # type: ignore[attr-defined]
    return batches


def _wait(client: TestClient, job_id: str, *, until: Any = None,
          seconds: float = 120) -> dict[str, Any]:
    """Poll the job until `until(job)` (default: it is over)."""
    until = until or (lambda j: j["state"] not in ("queued", "running"))
    deadline = time.monotonic() + seconds
    while True:
        job = client.get(f"/api/batches/{job_id}").json()
        if until(job):
            return dict(job)
        assert time.monotonic() < deadline, job
        time.sleep(0.02)


def _entries(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rows = list(csv.DictReader(io.StringIO(z.read(MANIFEST).decode("utf-8-sig"))))
        return z.namelist(), rows


def _one_shot(items: Any, deps: Deps, folder: Path, *, review: bool,
              extra: dict[str, bytes] | None = None) -> bytes:
    out = folder / "one-shot.zip"
    run_batch(items, deps, out, review=review, extra=extra)
    return out.read_bytes()


# --- a job from start to ZIP --------------------------------------------------------------------

def test_a_kind_job_runs_to_a_zip_of_opening_documents(running: TestClient, deps: Deps,
                                                       tmp_path: Path) -> None:
    started = running.post("/api/batches", json=DISTRICTS)
    assert started.status_code == 202, started.text
    job = started.json()
    assert started.headers["location"] == job["links"]["status"] == f"/api/batches/{job['id']}"
    assert (job["source"], job["total"]) == ("kind", 8)
    done = _wait(running, job["id"])
    assert (done["state"], done["state_label"], done["done"], done["failed"]) == (
        "done", "xong", 8, 0)
    assert done["finished"] == done["total"] == 8
    assert done["failures"] == []
    answer = running.get(job["links"]["zip"])
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"].endswith('.zip"')
    names, rows = _entries(answer.content)
    assert names[-1] == MANIFEST
    assert sorted(r["level"] for r in rows) == ["huyện"] * 7 + ["thành phố"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as z:
        for row in rows:
            text = "\n".join(p.text for p in docx.Document(io.BytesIO(z.read(row["file"])))
                             .paragraphs)
            assert row["unit_name"].split(" ", 1)[1] in text
            assert int(row["findings"]) >= 0
    items = kind_items("Lai Châu", "district-drug-free", 2024, deps)
    assert answer.content == _one_shot(items, deps, tmp_path, review=True)


def test_a_cascade_with_a_categories_csv_lists_its_failing_unit(running: TestClient,
                                                                deps: Deps,
                                                                tmp_path: Path) -> None:
    started = running.post("/api/batches?review=false", files={
        "request": ("lai-chau.json", json.dumps(PROVINCE_PLAN).encode(), "application/json"),
        "categories": ("phan-loai.csv", CATEGORIES.encode("utf-8-sig"), "text/csv")})
    assert started.status_code == 202, started.text
    assert (started.json()["source"], started.json()["total"]) == ("cascade", 39)
    done = _wait(running, started.json()["id"])
    assert (done["state"], done["done"], done["failed"]) == ("done", 38, 1)
    [failure] = done["failures"]
    assert failure["unit_name"] == "xã Sin Suối Hồ"
    assert "village_count" in failure["error"]
    data = running.get(done["links"]["zip"]).content
    names, rows = _entries(data)
    assert names[0] == "000-tinh-lai-chau-province-drug-free.docx"
    assert names[-2:] == [ISSUES_FILE, MANIFEST]
    assert [(r["unit_name"], r["file"]) for r in rows if r["error"]] == [("xã Sin Suối Hồ", "")]
    assert {r["category"] for r in rows} == {"province", "keep", "build", "roadmap"}
    plan = cascade(parse_request(PROVINCE_PLAN), deps, CATEGORIES)
    assert data == _one_shot(cascade_items(plan), deps, tmp_path, review=False,
                             extra={ISSUES_FILE: issues_csv(plan.issues)})


# --- a restart ----------------------------------------------------------------------------------

def test_a_restarted_service_resumes_without_redoing_finished_units(deps: Deps,
                                                                    tmp_path: Path) -> None:
    first_app = _app(deps, tmp_path)
    worker = _batches_of(first_app).worker
    committed: list[int] = []
    held = threading.Event()

    def hold_until_shutdown(job: Job, rendered: RenderedItem) -> None:
        committed.append(rendered.index)
        held.set()
        worker.stopping.wait(60)  # the first commit is all this service will have done

    worker.runner.rendered = hold_until_shutdown
    with TestClient(first_app, headers=_admin(first_app)) as first:
        job = first.post("/api/batches?review=false", json=COMMUNES).json()
        assert held.wait(120)
    # the first service is shut down: its worker stopped after the unit in progress
    second_app = _app(deps, tmp_path)
    stopped = _batches_of(second_app).store.get(job["id"])
    assert stopped is not None
    assert stopped.state == "queued"
    assert stopped.finished == len(committed) < stopped.total == 38
    renders: list[int] = []

    def count(job: Job, rendered: RenderedItem) -> None:
        renders.append(rendered.index)

    _batches_of(second_app).worker.runner.rendered = count
    with TestClient(second_app, headers=_admin(second_app)) as second:
        done = _wait(second, job["id"])
        assert (done["state"], done["done"]) == ("done", 38)
        data = second.get(done["links"]["zip"]).content
    assert sorted(committed + renders) == list(range(1, 39))  # no unit rendered twice
    items = kind_items("12", "keep-drug-free", 2026, deps)
    assert data == _one_shot(items, deps, tmp_path, review=False)


def _batches_of(app: FastAPI) -> Batches:
    batches: Batches = app.state.batches
    return batches


# --- not ready, not found, cancelled ------------------------------------------------------------

def _queued(client: TestClient, body: dict[str, Any] = DISTRICTS) -> str:
    answer = client.post("/api/batches?review=false", json=body)
    assert answer.status_code == 202
    return str(answer.json()["id"])


def _to_running(client: TestClient, job_id: str) -> None:
    claimed = _batches(client).store.claim_next()
    assert claimed is not None
    assert claimed.id == job_id


def _to_cancelled(client: TestClient, job_id: str) -> None:
    answer = client.post(f"/api/batches/{job_id}/cancel")
    assert answer.status_code == 200
    assert answer.json()["state_label"] == "đã hủy"


@pytest.mark.parametrize(("move", "state", "message"), [
    (None, "queued", "Lô đang chờ đến lượt"),
    (_to_running, "running", "Lô đang chạy (0/8 đơn vị)"),
    (_to_cancelled, "cancelled", "Lô đã bị hủy"),
])
def test_the_zip_of_an_unfinished_job_is_409_in_vietnamese(idle: TestClient, move: Any,
                                                           state: str, message: str) -> None:
    job_id = _queued(idle)
    if move is not None:
        move(idle, job_id)
    assert idle.get(f"/api/batches/{job_id}").json()["state"] == state
    answer = idle.get(f"/api/batches/{job_id}/zip")
    assert answer.status_code == 409
    assert answer.json()["detail"][0]["message"].startswith(message)


def test_a_job_that_cannot_be_rebuilt_fails_and_says_why(idle: TestClient) -> None:
    batches = _batches(idle)
    job = batches.store.create(JobSpec("kind", "hỏng", {**DISTRICTS, "year": 2026}, 8))
    claimed = batches.store.claim_next()
    assert claimed is not None
    assert batches.worker.runner.run(claimed) == "failed"
    shown = idle.get(f"/api/batches/{job.id}").json()
    assert (shown["state"], shown["state_label"]) == ("failed", "lỗi")
    assert "01/7/2025" in shown["error"]
    answer = idle.get(f"/api/batches/{job.id}/zip")
    assert answer.status_code == 409
    assert answer.json()["detail"][0]["message"].startswith("Lô bị lỗi, không có tệp ZIP:")


def test_a_running_job_cancelled_stops_rendering(idle: TestClient) -> None:
    """Cancelled over the API while its runner renders it, a job stops at the runner's next
    commit (a runner that went on would render all 38 units)."""
    job_id = _queued(idle, COMMUNES)
    runner = _batches(idle).worker.runner
    renders: list[int] = []
    answers: list[Any] = []

    def cancel_once(job: Job, rendered: RenderedItem) -> None:
        renders.append(rendered.index)
        if not answers:
            answers.append(idle.post(f"/api/batches/{job_id}/cancel"))

    runner.rendered = cancel_once
    claimed = _batches(idle).store.claim_next()
    assert claimed is not None
    assert runner.run(claimed) == "cancelled"
    [answer] = answers
    assert answer.status_code == 200, answer.text
    assert (answer.json()["state"], answer.json()["state_label"]) == ("cancelled", "đã hủy")
    over = idle.get(f"/api/batches/{job_id}").json()
    assert (over["state"], over["finished"]) == ("cancelled", len(renders))
    assert len(renders) <= runner.commit_units  # the first commit, and nothing after it
    assert idle.get(f"/api/batches/{job_id}/zip").status_code == 409


def test_cancel_twice_is_409(idle: TestClient) -> None:
    job_id = _queued(idle)
    _to_cancelled(idle, job_id)
    again = idle.post(f"/api/batches/{job_id}/cancel")
    assert again.status_code == 409
    assert again.json()["detail"][0]["message"] == "Lô đã kết thúc (đã hủy), không hủy được."


@pytest.mark.parametrize(("method", "suffix"), [
    ("get", ""), ("get", "/zip"), ("post", "/cancel")])
def test_an_unknown_job_is_404(idle: TestClient, method: str, suffix: str) -> None:
    answer = idle.request(method, f"/api/batches/khong-co{suffix}")
    assert answer.status_code == 404
    assert answer.json()["detail"][0]["message"] == "Không có lô này."


def test_jobs_are_listed_newest_first(idle: TestClient) -> None:
    ids = [_queued(idle) for _ in range(3)]
    listed = idle.get("/api/batches").json()
    assert [j["id"] for j in listed] == ids[::-1]
    assert idle.get("/api/batches?limit=1").json()[0]["id"] == ids[-1]


# --- refusals -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "field", "words"), [
    ({"province": "Không Có", "kind": "keep-drug-free", "year": 2026}, "province",
     "không tìm thấy"),
    ({"province": "Lai Châu", "kind": "province-drug-free", "year": 2024}, "year", "01/7/2025"),
    ({"province": "Lai Châu", "kind": "khong-co", "year": 2026}, "kind", "không có"),
    ({"province": "Lai Châu", "kind": "keep-drug-free"}, "year", "bắt buộc"),
    ({"province": "Lai Châu", "kind": "keep-drug-free", "year": 2026, "x": 1}, "x", ""),
    ({"kind": "keep-drug-free", "unit": 18328, "year": 2026}, "kind", "province-drug-free"),
    ({**PROVINCE_PLAN, "year": "năm nay"}, "year", ""),
    ({**PROVINCE_PLAN, "unit": "Không Có Tỉnh Này"}, "unit", ""),
    ([1, 2], "", ""),
])
def test_bad_bodies_are_422_in_vietnamese_with_the_field(idle: TestClient, body: Any,
                                                         field: str, words: str) -> None:
    answer = idle.post("/api/batches", json=body)
    assert answer.status_code == 422, answer.text
    [first, *_] = answer.json()["detail"]
    assert first["field"] == field
    assert words.lower() in first["message"].lower()
    assert not first["message"].isascii()
    assert idle.get("/api/batches").json() == []  # nothing was queued


@pytest.mark.parametrize(("form", "files", "field"), [
    ({}, {"categories": ("c.csv", b"a,keep\n", "text/csv")}, "request"),
    ({"request": "{không phải json"}, {}, "request"),
    ({"request": json.dumps({**PROVINCE_PLAN, "year": 1})}, {}, "request.year"),
    ({"request": json.dumps(PROVINCE_PLAN)},
     {"categories": ("c.csv", "xã Bình Lư,keep".encode("utf-16"), "text/csv")}, "categories"),
    # issue 11: these were 500s
    ({"request": json.dumps(PROVINCE_PLAN)},
     {"categories": ("c.csv", b'x,keep,"' + b"a" * 140_000 + b'"\n', "text/csv")},
     "categories"),
    ({"request": '{"kind": ' + "[" * 50_000 + "]" * 50_000 + "}"}, {}, "request"),
    ({"request": '{"year": ' + "9" * 5_000 + "}"}, {}, "request"),
])
def test_bad_multipart_bodies_are_422_with_the_field(idle: TestClient, form: dict[str, str],
                                                     files: dict[str, Any], field: str) -> None:
    answer = idle.post("/api/batches", data=form, files=files or {"x": ("x", b"", "text/plain")})
    assert answer.status_code == 422, answer.text
    first = answer.json()["detail"][0]
    assert first["field"] == field
    assert not first["message"].isascii()


def test_non_json_bodies_are_refused_in_vietnamese(idle: TestClient) -> None:
    answer = idle.post("/api/batches", content=b"{", headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert "JSON" in answer.json()["detail"][0]["message"]


def test_the_schema_documents_the_batch_operations(idle: TestClient) -> None:
    schema = idle.get("/openapi.json").json()
    paths = schema["paths"]
    assert set(paths["/api/batches"]) == {"get", "post"}
    start = paths["/api/batches"]["post"]
    assert start["tags"] == ["Tạo hàng loạt"]
    assert set(start["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "202" in start["responses"]
    assert "409" in paths["/api/batches/{job_id}/zip"]["get"]["responses"]
    assert "application/zip" in paths["/api/batches/{job_id}/zip"]["get"]["responses"]["200"][
        "content"]
    assert any(t["name"] == "Tạo hàng loạt" for t in schema["tags"])


def test_the_batch_page_is_served_with_its_script(idle: TestClient) -> None:
    answer = idle.get("/hang-loat")
    assert answer.status_code == 200
    assert "<h1>Tạo kế hoạch hàng loạt</h1>" in answer.text
    assert '<script type="module" src="/static/js/pages/batches.js"></script>' in answer.text
    assert idle.get("/static/js/pages/batches.js").status_code == 200
