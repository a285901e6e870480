"""Compare: POST /api/compare, two .docx in (`a`, `b`), their paragraph-level differences out
(as `kehoach diff --json`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from starlette.concurrency import run_in_threadpool

from service.api.bodies import read_upload
from service.api.schemas import ERRORS, DiffOut
from service.compare.diff import Diff, diff_docx

router = APIRouter(tags=["Kiểm tra và so sánh"], responses=ERRORS)


@router.post("/compare", summary="So sánh hai tệp .docx", response_model=DiffOut)
async def compare(a: Annotated[UploadFile | str, File(description="Tệp .docx gốc (A)")],
                  b: Annotated[UploadFile | str, File(description="Tệp .docx so sánh (B)")]
                  ) -> dict[str, object]:
    """Các đoạn giống, thêm, bớt, sửa của B so với A (thân văn bản và các bảng, theo thứ tự
    đọc), với từng từ thêm, bớt trong đoạn sửa; giống `kehoach diff --json`."""
    data_a = await read_upload(a, "a")
    data_b = await read_upload(b, "b")
    result: Diff = await run_in_threadpool(diff_docx, data_a, data_b)
    return result.to_json()
