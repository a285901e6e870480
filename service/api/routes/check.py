"""Upload-and-check: POST /api/check, a .docx in, the checker's findings out (as `kehoach check
--json`), read and checked in a worker process (`service.api.workers`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse

from service.api.bodies import read_upload
from service.api.deps import ChecksDep
from service.api.schemas import ERRORS, FindingOut
from service.api.workers import check_upload

router = APIRouter(tags=["Kiểm tra và so sánh"], responses=ERRORS)


@router.post("/check", summary="Kiểm tra thể thức một tệp .docx",
             responses={200: {"model": list[FindingOut],
                              "description": "Các phát hiện, xếp theo đoạn"}})
async def check(checks: ChecksDep,
                file: Annotated[UploadFile | str, File(description="Tệp .docx cần kiểm tra")],
                final: Annotated[bool, Form(description="Bản chính thức: số, ngày, tên người "
                                                        "ký phải đủ")] = False,
                render: Annotated[bool, Form(description="Dựng bằng LibreOffice để đo dòng "
                                                         "(chậm)")] = False) -> JSONResponse:
    """Mọi chỗ sai thể thức Nghị định 30/2020/NĐ-CP của một KẾ HOẠCH (tệp do phần mềm tạo ra
    hay soạn tay): mã quy tắc, mức độ, vị trí (đoạn và trích đoạn), lời giải thích và căn
    cứ; giống `kehoach check --json`."""
    data = await read_upload(file, "file")
    return JSONResponse(await checks.run(check_upload, data, final, render))
