"""Compare: POST /api/compare, two .docx in (`a`, `b`), their paragraph-level differences out
(as `kehoach diff --json`), read and compared in a worker process (`service.api.workers`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from service.api.bodies import read_upload
from service.api.deps import ChecksDep
from service.api.schemas import ERRORS, DiffOut
from service.api.workers import compare_uploads

router = APIRouter(tags=["Kiểm tra và so sánh"], responses=ERRORS)


@router.post("/compare", summary="So sánh hai tệp .docx", response_model=DiffOut)
async def compare(checks: ChecksDep,
                  a: Annotated[UploadFile | str, File(description="Tệp .docx gốc (A)")],
                  b: Annotated[UploadFile | str, File(description="Tệp .docx so sánh (B)")]
                  ) -> dict[str, object]:
    """Các đoạn giống, thêm, bớt, sửa của B so với A (thân văn bản và các bảng, theo thứ tự
    đọc), với từng từ thêm, bớt trong đoạn sửa; giống `kehoach diff --json`."""
    data_a = await read_upload(a, "a")
    data_b = await read_upload(b, "b")
    return await checks.run(compare_uploads, data_a, data_b)
