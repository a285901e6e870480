"""Request bodies, read raw and validated by the spec layer, as `Annotated` aliases for routes,
with their OpenAPI (FastAPI cannot see a body read raw).

Bodies are validated by `service.spec.parse_request` (and the API's own models), so that every
error carries the field path and the Vietnamese message of the spec layer, and no body can crash
the service: malformed JSON, wrong types, huge numbers and deep nesting all end in a 422.
Uploaded .docx files are refused in Vietnamese unless they are one (`read_upload`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from service.api.deps import EngineDep, Services, ServicesDep
from service.api.schemas import DraftIn, KindBatchIn
from service.batch.cascade import issued_citation
from service.batch.items import province_of
from service.batch.jobs import cascade_spec, kind_spec
from service.docx import ensure_docx
from service.errors import InvalidRequest, RequestError
from service.spec import PlanRequest, parse_request
from service.spec.messages import to_vietnamese
from service.store import JobSpec, scope_of


def plan_body(description: str) -> dict[str, Any]:
    """OpenAPI of a body read raw and validated by the spec layer: a PlanRequest."""
    return {"requestBody": {"required": True, "description": description, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/PlanRequest"}}}}}


DRAFT_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/DraftIn"}}}}}
MULTIPART = "multipart/form-data"
BATCH_BODY = {"requestBody": {"required": True, "description": (
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
"""The body of `POST /api/batches`: JSON, or multipart with a categories CSV (`read_batch`)."""


async def read_json(request: Request) -> Any:
    """The body as JSON, or a RequestError in Vietnamese (never anything else)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind and kind != "application/json" and not kind.endswith("+json"):
        raise RequestError("Nội dung yêu cầu phải là JSON (Content-Type: application/json).")
    body = await request.body()
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise RequestError("Nội dung yêu cầu phải là văn bản UTF-8.") from None
    except (ValueError, RecursionError) as e:
        raise RequestError(f"Nội dung không phải JSON hợp lệ: {_json_reason(e)}") from None


def _json_reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"lỗi cú pháp ở dòng {error.lineno}, cột {error.colno}."
    if isinstance(error, RecursionError):
        return "lồng nhau quá sâu."
    return "có số quá lớn."


def validated[M: BaseModel](model: type[M], data: Any) -> M:
    """`data` as `model`, or an InvalidRequest naming every field at fault in Vietnamese."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InvalidRequest(to_vietnamese(e)) from None


@contextmanager
def fields_under(prefix: str, beside: tuple[str, ...] = ()) -> Iterator[None]:
    """Errors of a request nested in a body ('request' of a draft) name their full path (but
    errors of the body's other fields, `beside`)."""
    try:
        yield
    except InvalidRequest as e:
        e.errors = [{**x, "field": _under(prefix, x["field"])} for x in e.errors]
        e.field = _under(prefix, e.field)
        raise
    except RequestError as e:
        if e.field not in beside:
            e.field = _under(prefix, e.field)
        raise


def _under(prefix: str, path: str | None) -> str:
    return f"{prefix}.{path}" if path else prefix


# --- plans and drafts --------------------------------------------------------------------------

async def read_plan_request(request: Request) -> PlanRequest:
    return parse_request(await read_json(request))


async def read_draft(request: Request) -> tuple[str, PlanRequest]:
    data = await read_json(request)
    if not isinstance(data, dict):
        raise RequestError("Bản nháp phải là một bảng JSON có trường request.")
    draft = validated(DraftIn, data)
    with fields_under("request"):
        return draft.title, parse_request(draft.request)


# --- batches -----------------------------------------------------------------------------------

async def read_batch(request: Request, engine: EngineDep, services: ServicesDep,
                     review: Annotated[bool, Query(description="Kiểm tra thể thức từng văn bản"
                                                   )] = True) -> JobSpec:
    """A new job: a province request (JSON, or multipart with its categories CSV), or
    `{province, kind, year}`; checked (its units found) before anything is queued."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == MULTIPART:
        data, categories = await _multipart(request)
        with fields_under("request", beside=("categories",)):
            return await run_in_threadpool(cascade_spec, data, engine, categories,
                                           review=review)
    data = await read_json(request)
    if isinstance(data, dict) and "province" in data:
        body = validated(KindBatchIn, data)
        cited = await run_in_threadpool(_issued_by, services, str(body.province), body.kind,
                                        body.year)
        return await run_in_threadpool(kind_spec, str(body.province), body.kind, body.year,
                                       engine, review=review, cited=cited)
    return await run_in_threadpool(cascade_spec, data, engine, None, review=review)


def _issued_by(services: Services, province: str, kind: str, year: int) -> list[dict[str, Any]]:
    """The plans the province issued for the year, as its communes' plans cite them."""
    unit = province_of(province, kind, year, services.engine)
    plans = services.register.province_plans(scope_of(unit).province, year)
    return [issued_citation(e) for e in plans]


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


# --- uploads -----------------------------------------------------------------------------------

async def read_upload(upload: UploadFile | str, field: str) -> bytes:
    """The uploaded bytes, refused in Vietnamese (naming `field`) unless they are a .docx
    (a form field sent as text instead of a file is refused here too, not by FastAPI)."""
    if isinstance(upload, str):
        raise RequestError("Phải gửi một tệp .docx (tải tệp lên), không phải chữ.", field=field)
    data = await upload.read()
    ensure_docx(data, field)
    return data


PlanRequestDep = Annotated[PlanRequest, Depends(read_plan_request)]
DraftBodyDep = Annotated[tuple[str, PlanRequest], Depends(read_draft)]
BatchSpecDep = Annotated[JobSpec, Depends(read_batch)]
