"""Health: `/healthz` (the process answers) and `/readyz` (it can serve: the database answers and
its schema is this code's; LibreOffice present or not and the batch workers seen, for the
operator)."""

from __future__ import annotations

import shutil

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.api.deps import BatchesDep, ServicesDep
from service.store import migrations

router = APIRouter(tags=["Tình trạng dịch vụ"])


class Alive(BaseModel):
    status: str = Field(description="ok: tiến trình đang trả lời")


class Ready(BaseModel):
    ready: bool = Field(description="Phục vụ được: cơ sở dữ liệu trả lời và đúng phiên bản")
    database: str = Field(description="ok, hoặc lỗi khi kết nối")
    schema_current: str | None = Field(description="Phiên bản của cơ sở dữ liệu")
    schema_head: str = Field(description="Phiên bản mới nhất mà phần mềm này biết")
    libreoffice: bool = Field(description="Có LibreOffice (tệp .pdf, kiểm tra dòng)")
    workers: int = Field(description="Số tiến trình chạy lô đang hoạt động (mọi máy, với"
                                     " PostgreSQL; các luồng của tiến trình này, với SQLite)")


@router.get("/healthz", summary="Tiến trình còn sống", response_model=Alive)
def healthz() -> Alive:
    return Alive(status="ok")


@router.get("/readyz", summary="Sẵn sàng phục vụ", response_model=Ready,
            responses={503: {"model": Ready, "description": "Chưa sẵn sàng"}})
def readyz(services: ServicesDep, batches: BatchesDep) -> JSONResponse:
    """200 when the database answers at the newest schema, 503 otherwise (with the reason)."""
    current, database = None, "ok"
    try:
        with services.database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = migrations.status(services.database).current
        workers = batches.worker.seen()
    except SQLAlchemyError as e:
        database, workers = f"lỗi: {type(e).__name__}", 0
    head = migrations.head()
    ready = Ready(ready=database == "ok" and current == head, database=database,
                  schema_current=current, schema_head=head,
                  libreoffice=shutil.which(services.settings.soffice) is not None,
                  workers=workers)
    return JSONResponse(ready.model_dump(), status_code=200 if ready.ready else 503)
