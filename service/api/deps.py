"""What routes receive, as `Annotated` aliases: the engine, the settings, the stores, the request.

Request bodies are read raw and validated by `service.spec.parse_request`, so that every error
carries the field path and the Vietnamese message of the spec layer (and no body can crash the
service: malformed JSON, wrong types, huge numbers and deep nesting all end in a 422).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import ValidationError

from service.batch.jobs import Batches
from service.config import Settings
from service.deps import Deps
from service.errors import InvalidRequest, RequestError
from service.spec import PlanRequest, parse_request
from service.spec.messages import to_vietnamese
from service.store import Database, DraftRepository, EventLog, ReviewRepository, UserRepository
from service.web import WebTemplates

from .schemas import DraftIn


@dataclass(frozen=True)
class Services:
    """Everything the routes use, built once by `create_app` (tests build their own)."""

    engine: Deps
    settings: Settings
    database: Database
    drafts: DraftRepository
    web: WebTemplates

    @property
    def users(self) -> UserRepository:
        return UserRepository(self.database)

    @property
    def reviews(self) -> ReviewRepository:
        return ReviewRepository(self.database)

    @property
    def events(self) -> EventLog:
        return EventLog(self.database)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_batches(request: Request) -> Batches:
    """The batch jobs of the app (store and worker), set by `create_app`."""
    batches: Batches = request.app.state.batches
    return batches


def get_engine(request: Request) -> Deps:
    return get_services(request).engine


def get_settings(request: Request) -> Settings:
    return get_services(request).settings


def get_drafts(request: Request) -> DraftRepository:
    return get_services(request).drafts


def get_web(request: Request) -> WebTemplates:
    return get_services(request).web


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


async def read_plan_request(request: Request) -> PlanRequest:
    return parse_request(await read_json(request))


async def read_draft(request: Request) -> tuple[str, PlanRequest]:
    data = await read_json(request)
    if not isinstance(data, dict):
        raise RequestError("Bản nháp phải là một bảng JSON có trường request.")
    try:
        draft = DraftIn.model_validate(data)
    except ValidationError as e:
        raise InvalidRequest(to_vietnamese(e)) from None
    with fields_under("request"):
        return draft.title, parse_request(draft.request)


@contextmanager
def fields_under(prefix: str) -> Iterator[None]:
    """Errors of a request nested in a body ('request' of a draft) name their full path."""
    try:
        yield
    except InvalidRequest as e:
        e.errors = [{**x, "field": _under(prefix, x["field"])} for x in e.errors]
        e.field = _under(prefix, e.field)
        raise
    except RequestError as e:
        e.field = _under(prefix, e.field)
        raise


def _under(prefix: str, path: str | None) -> str:
    return f"{prefix}.{path}" if path else prefix


ServicesDep = Annotated[Services, Depends(get_services)]
EngineDep = Annotated[Deps, Depends(get_engine)]
BatchesDep = Annotated[Batches, Depends(get_batches)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DraftsDep = Annotated[DraftRepository, Depends(get_drafts)]
WebDep = Annotated[WebTemplates, Depends(get_web)]
PlanRequestDep = Annotated[PlanRequest, Depends(read_plan_request)]
DraftBodyDep = Annotated[tuple[str, PlanRequest], Depends(read_draft)]
