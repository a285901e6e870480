"""Batch jobs: start one (a province cascade, or one kind for every unit of a province), follow
its progress, download its ZIP when it is done, or cancel it.

The job runs in the service's background worker (`service.batch.jobs`); its state and every
finished unit are in the database, so a restart of the service resumes it where it stopped.
The page `/hang-loat` (`routes/pages.py`: template batches.html, static/js/pages/batches.js)
does the same in the browser.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import StreamingResponse

from service.api.auth import UserDep, may_start_job, seen_job
from service.api.bodies import BATCH_BODY, BatchSpecDep
from service.api.deps import BatchesDep, SettingsDep
from service.api.files import ZIP_RESPONSE
from service.api.schemas import (
    AUTH_ERRORS,
    ERRORS,
    JOB_CONFLICT,
    NOT_FOUND,
    QUOTA,
    BatchDetail,
    BatchOut,
    UnitFailure,
)

router = APIRouter(prefix="/batches", tags=["Tạo hàng loạt"],
                   responses={**ERRORS, 401: AUTH_ERRORS[401]})

JobId = Annotated[str, Path(max_length=36, description="Mã lô")]


@router.post("", summary="Tạo lô kế hoạch", status_code=202, response_model=BatchOut,
             openapi_extra=BATCH_BODY, responses=QUOTA)
def start_batch(user: UserDep, spec: BatchSpecDep, response: Response, batches: BatchesDep,
                settings: SettingsDep) -> BatchOut:
    """Kiểm tra yêu cầu rồi xếp lô vào hàng đợi; trả về mã lô và các địa chỉ theo dõi. Người
    dùng cấp tỉnh tạo lô của tỉnh mình, quản trị tạo lô của mọi tỉnh, trong hạn mức (429)."""
    may_start_job(user, spec, settings, batches.store)
    started = BatchOut.model_validate(batches.submit(spec, user))
    response.headers["Location"] = started.links.status
    return started


@router.get("", summary="Danh sách lô", response_model=list[BatchOut])
def list_batches(user: UserDep, batches: BatchesDep,
                 limit: Annotated[int, Query(ge=1, le=500)] = 100,
                 offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[BatchOut]:
    """Các lô người dùng được xem (của mình và của tỉnh mình; quản trị: mọi lô), mới tạo
    trước."""
    seen_by = None if user.role == "admin" else user
    return [BatchOut.model_validate(j) for j in batches.store.recent(limit, offset,
                                                                     seen_by=seen_by)]


@router.get("/{job_id}", summary="Tiến độ của lô", response_model=BatchDetail,
            responses=NOT_FOUND)
def read_batch(user: UserDep, batches: BatchesDep, job_id: JobId) -> BatchDetail:
    job = seen_job(user, batches.store.get(job_id))
    failures = [UnitFailure.model_validate(r)
                for r in batches.store.results(job.id, failed_only=True)]
    return BatchDetail(**BatchOut.model_validate(job).model_dump(), failures=failures)


@router.get("/{job_id}/zip", summary="Tải tệp ZIP của lô", response_class=StreamingResponse,
            responses={**ZIP_RESPONSE, **NOT_FOUND, **JOB_CONFLICT})
def batch_zip(user: UserDep, batches: BatchesDep, job_id: JobId) -> StreamingResponse:
    """Mỗi đơn vị một tệp .docx, kèm manifest.csv (và issues.csv nếu phân loại có vấn đề)."""
    job = seen_job(user, batches.store.get(job_id))
    name = f"ke-hoach-hang-loat-{job.id[:8]}.zip"
    return StreamingResponse(batches.zip(job), media_type="application/zip",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/{job_id}/cancel", summary="Hủy lô", response_model=BatchOut,
             responses={**NOT_FOUND, **JOB_CONFLICT})
def cancel_batch(user: UserDep, batches: BatchesDep, job_id: JobId) -> BatchOut:
    """Dừng lô đang chờ hoặc đang chạy; các văn bản đã dựng không được đóng gói."""
    return BatchOut.model_validate(batches.cancel(seen_job(user, batches.store.get(job_id))))
