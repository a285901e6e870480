"""Batch jobs: start one (a province cascade, or one kind for every unit of a province), follow
its progress, download its ZIP when it is done, or cancel it.

The job runs in the service's background worker (`service.batch.jobs`); its state and every
finished unit are in the database, so a restart of the service resumes it where it stopped.
The page `/hang-loat` (template batches.html, static/js/pages/batches.js) does the same in the
browser.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from service.api.deps import BatchesDep, EngineDep, SettingsDep, WebDep, fields_under, read_json
from service.api.schemas import ERRORS, NOT_FOUND, error_doc
from service.batch.jobs import Batches, cascade_spec, kind_spec, zip_chunks
from service.deps import Deps
from service.errors import InvalidRequest, RequestError
from service.spec.messages import to_vietnamese
from service.store.jobs import ACTIVE, CANCELLED, DONE, FAILED, QUEUED, RUNNING, Job, JobSpec

router = APIRouter(prefix="/batches", tags=["Tạo hàng loạt"], responses=ERRORS)
page_router = APIRouter(include_in_schema=False)

JobId = Annotated[str, Path(max_length=36, description="Mã lô")]
STATE_VI = {QUEUED: "đang chờ", RUNNING: "đang chạy", DONE: "xong", FAILED: "lỗi",
            CANCELLED: "đã hủy"}
CONFLICT: dict[int | str, dict[str, Any]] = {409: error_doc("Lô chưa xong, lỗi hoặc đã hủy")}
MULTIPART = "multipart/form-data"


class KindBatchIn(BaseModel):
    """One kind of plan for every unit of a province that the kind fits."""

    model_config = ConfigDict(extra="forbid")

    province: Annotated[str | int, Field(description="Tên hoặc mã số tỉnh, thành phố")]
    kind: Annotated[str, Field(max_length=60, description="Loại kế hoạch")]
    year: Annotated[int, Field(ge=1900, le=2200, description="Năm kế hoạch")]


class UnitFailure(BaseModel):
    index: int = Field(description="Số thứ tự trong lô (000: kế hoạch tỉnh)")
    unit_code: int
    unit_name: str
    kind: str
    error: str = Field(description="Lỗi, bằng tiếng Việt")


class BatchLinks(BaseModel):
    status: str = Field(description="Địa chỉ xem tiến độ")
    zip: str = Field(description="Địa chỉ tải tệp ZIP (khi lô xong)")
    cancel: str = Field(description="Địa chỉ hủy lô")


class BatchOut(BaseModel):
    id: str
    source: str = Field(description="cascade: kế hoạch tỉnh và các xã; kind: một loại kế hoạch"
                                    " cho mọi đơn vị của tỉnh")
    label: str
    state: str = Field(description="queued | running | done | failed | cancelled")
    state_label: str = Field(description="Trạng thái, bằng tiếng Việt")
    total: int = Field(description="Số văn bản của lô")
    done: int = Field(description="Số văn bản đã dựng xong")
    failed: int = Field(description="Số đơn vị bị lỗi")
    finished: int = Field(description="Số đơn vị đã xử lý (xong hoặc lỗi), trên tổng total")
    error: str = Field(description="Lỗi của cả lô (khi state là failed)")
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    links: BatchLinks


class BatchDetail(BatchOut):
    failures: list[UnitFailure] = Field(description="Các đơn vị bị lỗi, kèm lỗi")


START_BODY = {"requestBody": {"required": True, "description": (
    "Yêu cầu kế hoạch tỉnh loại province-drug-free (phân loại xã trong facts.params), hoặc"
    " {province, kind, year}; hoặc multipart với trường request (JSON) và categories (CSV)."),
    "content": {
        "application/json": {"schema": {"oneOf": [
            {"$ref": "#/components/schemas/PlanRequest"}, KindBatchIn.model_json_schema()]}},
        MULTIPART: {"schema": {"type": "object", "required": ["request"], "properties": {
            "request": {"type": "string", "description": "Yêu cầu kế hoạch tỉnh (JSON)"},
            "categories": {"type": "string", "format": "binary",
                           "description": "CSV: mã hoặc tên xã, phân loại[, thông tin riêng]"},
        }}}}}}
ZIP_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"description": "Tệp ZIP của lô", "content": {
    "application/zip": {"schema": {"type": "string", "format": "binary"}}}}}


@router.post("", summary="Tạo lô kế hoạch", status_code=202, response_model=BatchOut,
             openapi_extra=START_BODY)
async def start_batch(request: Request, response: Response, engine: EngineDep,
                      batches: BatchesDep,
                      review: Annotated[bool, Query(description="Kiểm tra thể thức từng văn bản"
                                                    )] = True) -> BatchOut:
    """Kiểm tra yêu cầu rồi xếp lô vào hàng đợi; trả về mã lô và các địa chỉ theo dõi."""
    spec = await _spec(request, engine, review)
    job = batches.submit(spec)
    response.headers["Location"] = _links(job.id).status
    return _out(job)


@router.get("", summary="Danh sách lô", response_model=list[BatchOut])
def list_batches(batches: BatchesDep, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                 offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[BatchOut]:
    """Các lô, mới tạo trước."""
    return [_out(j) for j in batches.store.recent(limit, offset)]


@router.get("/{job_id}", summary="Tiến độ của lô", response_model=BatchDetail,
            responses=NOT_FOUND)
def read_batch(batches: BatchesDep, job_id: JobId) -> BatchDetail:
    job = _found(batches.store.get(job_id))
    failures = [UnitFailure(index=r.index, unit_code=r.unit_code, unit_name=r.unit_name,
                            kind=r.kind, error=r.error)
                for r in batches.store.results(job.id, failed_only=True)]
    return BatchDetail(**_out(job).model_dump(), failures=failures)


@router.get("/{job_id}/zip", summary="Tải tệp ZIP của lô", response_class=StreamingResponse,
            responses={**ZIP_RESPONSE, **NOT_FOUND, **CONFLICT})
def batch_zip(batches: BatchesDep, job_id: JobId) -> StreamingResponse:
    """Mỗi đơn vị một tệp .docx, kèm manifest.csv (và issues.csv nếu phân loại có vấn đề)."""
    job = _found(batches.store.get(job_id))
    if job.state != DONE:
        raise HTTPException(409, _not_ready(job))
    name = f"ke-hoach-hang-loat-{job.id[:8]}.zip"
    return StreamingResponse(zip_chunks(batches.store, job), media_type="application/zip",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/{job_id}/cancel", summary="Hủy lô", response_model=BatchOut,
             responses={**NOT_FOUND, **CONFLICT})
def cancel_batch(batches: BatchesDep, job_id: JobId) -> BatchOut:
    """Dừng lô đang chờ hoặc đang chạy; các văn bản đã dựng không được đóng gói."""
    job = _found(batches.store.get(job_id))
    if job.state not in ACTIVE or not batches.store.cancel(job.id):
        raise HTTPException(409, f"Lô đã kết thúc ({STATE_VI[_current(batches, job)]}),"
                                 " không hủy được.")
    return _out(_found(batches.store.get(job.id)))


@page_router.get("/hang-loat", response_class=HTMLResponse)
def batches_page(engine: EngineDep, settings: SettingsDep, web: WebDep) -> HTMLResponse:
    """The web page of the batches: start one, follow them, download the ZIP."""
    return HTMLResponse(web.render("batches.html", year=engine.today().year,
                                   library_version=engine.library.version,
                                   max_bytes=settings.max_request_bytes, current="/hang-loat"))


# --- reading the body --------------------------------------------------------------------------

async def _spec(request: Request, engine: Deps, review: bool) -> JobSpec:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == MULTIPART:
        data, categories = await _multipart(request)
        with fields_under("request"):
            return await run_in_threadpool(cascade_spec, data, engine, categories,
                                           review=review)
    data = await read_json(request)
    if isinstance(data, dict) and "province" in data:
        body = _kind_body(data)
        return await run_in_threadpool(kind_spec, str(body.province), body.kind, body.year,
                                       engine, review=review)
    return await run_in_threadpool(cascade_spec, data, engine, None, review=review)


def _kind_body(data: dict[str, Any]) -> KindBatchIn:
    try:
        return KindBatchIn.model_validate(data)
    except ValidationError as e:
        raise InvalidRequest(to_vietnamese(e)) from None


async def _multipart(request: Request) -> tuple[Any, str | None]:
    """The `request` field as JSON and the `categories` CSV (text or an uploaded file)."""
    async with request.form() as form:
        raw = await _text(form.get("request"), "request")
        categories = await _text(form.get("categories"), "categories")
    if raw is None:
        raise RequestError("Thiếu trường request: yêu cầu kế hoạch tỉnh (JSON).", field="request")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise RequestError("Trường request không phải JSON hợp lệ.", field="request") from None
    return data, categories


async def _text(value: UploadFile | str | None, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    try:
        return (await value.read()).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RequestError(f"Tệp {name} phải là văn bản UTF-8.", field=name) from None


# --- answers -----------------------------------------------------------------------------------

def _links(job_id: str) -> BatchLinks:
    base = f"/api/batches/{job_id}"
    return BatchLinks(status=base, zip=f"{base}/zip", cancel=f"{base}/cancel")


def _out(job: Job) -> BatchOut:
    return BatchOut(id=job.id, source=job.source, label=job.label, state=job.state,
                    state_label=STATE_VI.get(job.state, job.state), total=job.total,
                    done=job.done, failed=job.failed, finished=job.finished, error=job.error,
                    created_at=job.created_at, started_at=job.started_at,
                    finished_at=job.finished_at, links=_links(job.id))


def _found(job: Job | None) -> Job:
    if job is None:
        raise HTTPException(404, "Không có lô này.")
    return job


def _current(batches: Batches, job: Job) -> str:
    return batches.store.state(job.id) or job.state


def _not_ready(job: Job) -> str:
    if job.state == QUEUED:
        return "Lô đang chờ đến lượt; tệp ZIP có khi lô xong."
    if job.state == RUNNING:
        return (f"Lô đang chạy ({job.done + job.failed}/{job.total} đơn vị); tệp ZIP có khi lô"
                " xong.")
    if job.state == CANCELLED:
        return "Lô đã bị hủy; không có tệp ZIP."
    return f"Lô bị lỗi, không có tệp ZIP: {job.error}"
