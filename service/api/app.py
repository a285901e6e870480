"""The app factory: `create_app(deps, settings)` (uvicorn: `service.api.app:create_app --factory`).

A thin door onto the pipeline: routes per resource (`routes/`, nothing but routes), what they
answer (`schemas`), read (`bodies`) and send as files (`files`), who asks (`auth`), one error
handler (`errors`), a request-size bound (`limits`), the store (`service.store`), the batch jobs
(`service.batch.jobs`) and the web form (`service.web`, its assets served from the package).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from service.api.deps import Services
from service.api.errors import install_error_handler
from service.api.headers import SecurityHeaders
from service.api.limits import BodyLimit
from service.api.logs import RequestLog
from service.api.pdf import PdfConverter
from service.api.routes import api_router, health_router, page_router
from service.api.schemas import DraftIn, ErrorOut
from service.api.workers import CheckPool
from service.batch.jobs import Batches, JobRunner
from service.batch.queue import job_queue
from service.config import Settings
from service.deps import Deps, default_deps
from service.errors import SchemaError
from service.spec import PlanRequest
from service.store import Database, DraftRepository, JobStore
from service.store.migrations import ensure_current
from service.web import STATIC_DIR, WebTemplates

DESCRIPTION = """Soạn kế hoạch phòng, chống ma túy theo Nghị định số 30/2020/NĐ-CP.

Tìm đơn vị hành chính, chọn loại kế hoạch, xem biểu mẫu của loại kế hoạch, xem trước kế hoạch,
tạo tệp .docx (hoặc .pdf) và lưu bản nháp.  Mọi lỗi trả về mã 422 với đường dẫn trường và lời
giải thích bằng tiếng Việt: `{"detail": [{"field": "...", "message": "..."}]}`."""

TAGS = [
    {"name": "Đơn vị hành chính", "description": "Tìm xã, phường, tỉnh (và đơn vị cũ trước 2025)"},
    {"name": "Loại kế hoạch", "description": "Các loại kế hoạch và biểu mẫu của từng loại"},
    {"name": "Kế hoạch", "description": "Xem trước và tạo tệp kế hoạch"},
    {"name": "Kiểm tra và so sánh", "description": "Kiểm tra thể thức một tệp .docx tải lên; so"
                                                  " sánh hai tệp .docx (không cần đăng nhập)"},
    {"name": "Bản nháp", "description": "Lưu, mở, sửa, xóa bản nháp (cần đăng nhập)"},
    {"name": "Duyệt kế hoạch", "description": "Gửi duyệt, duyệt, trả lại; lịch sử bản nháp;"
                                             " hàng chờ duyệt; người dùng đang đăng nhập"},
    {"name": "Tạo hàng loạt", "description": "Lô kế hoạch của tỉnh và mọi xã, phường: tạo,"
                                            " theo dõi tiến độ, tải tệp ZIP"},
    {"name": "Tình trạng dịch vụ", "description": "Còn sống (/healthz), sẵn sàng (/readyz)"},
]


def create_app(deps: Deps | None = None, settings: Settings | None = None) -> FastAPI:
    engine = deps or (Deps.build(settings) if settings is not None else default_deps())
    settings = settings or engine.settings
    database = Database(settings.database_url)
    try:
        ensure_current(database, upgrade_on_start=settings.upgrade_on_start)
    except SchemaError:
        database.dispose()  # the service does not start
        raise
    services = Services(engine, settings, database, DraftRepository(database), WebTemplates(),
                        PdfConverter(settings),
                        CheckPool(settings))
    batches = _batches(engine, settings, database)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # again: an in-memory database is gone after a dispose
        ensure_current(database, upgrade_on_start=settings.upgrade_on_start)
        batches.worker.start()  # SQLite: resumes the jobs a previous process left unfinished
        try:
            yield
        finally:
            await run_in_threadpool(batches.worker.stop)  # after the unit in progress
            await run_in_threadpool(services.pdf.close)  # no LibreOffice left behind
            await run_in_threadpool(services.checks.close)
            database.dispose()

    app = FastAPI(title="Soạn kế hoạch phòng, chống ma túy", description=DESCRIPTION,
                  version=f"0.1.0 (thư viện {engine.library.version})", openapi_tags=TAGS,
                  lifespan=lifespan, docs_url=None, redoc_url=None)  # their pages load a CDN
    app.state.services = services
    app.state.batches = batches
    install_error_handler(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLog)  # outermost: every request, refused ones too
    app.include_router(health_router)
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _document_bodies(app)
    return app


def _batches(engine: Deps, settings: Settings, database: Database) -> Batches:
    """The batch jobs: their store and the queue that runs them (`service.batch.queue`)."""
    store = JobStore(database)
    return Batches(store, job_queue(JobRunner(store, engine), database, settings))


def _document_bodies(app: FastAPI) -> None:
    """Bodies read raw by the spec layer still appear in the schema, with their models."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes,
                                 tags=app.openapi_tags)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (PlanRequest, DraftIn, ErrorOut):
                body = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(body.pop("$defs", {}))
                components[model.__name__] = body
            components["DraftIn"]["properties"]["request"] = {
                "$ref": "#/components/schemas/PlanRequest"}  # validated by the spec layer
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
