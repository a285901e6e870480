"""Upload-and-check: POST /api/check, a .docx in, the checker's findings out (as `kehoach check
--json`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from service.api.deps import EngineDep
from service.api.schemas import ERRORS
from service.docx import ensure_docx
from service.errors import RequestError
from service.review import check_docx, to_json

router = APIRouter(tags=["Kiểm tra và so sánh"], responses=ERRORS)


class WhereOut(BaseModel):
    paragraph: int = Field(description="Số thứ tự đoạn (từ 0, kể cả đoạn trong bảng); -1: cả "
                                       "văn bản hoặc trang")
    part: str = Field(description="header | body | closing | page")
    excerpt: str = Field(description="Trích đoạn văn bản")


class FindingOut(BaseModel):
    rule: str = Field(description="Mã quy tắc")
    severity: Literal["error", "warning", "info"]
    where: WhereOut
    message: str = Field(description="Nội dung phát hiện, bằng tiếng Việt")
    source: str = Field(description="Căn cứ: Phụ lục và mục của Nghị định 30/2020/NĐ-CP")


async def read_upload(upload: UploadFile | str, field: str) -> bytes:
    """The uploaded bytes, refused in Vietnamese (naming `field`) unless they are a .docx
    (a form field sent as text instead of a file is refused here too, not by FastAPI)."""
    if isinstance(upload, str):
        raise RequestError("Phải gửi một tệp .docx (tải tệp lên), không phải chữ.", field=field)
    data = await upload.read()
    ensure_docx(data, field)
    return data


@router.post("/check", summary="Kiểm tra thể thức một tệp .docx",
             responses={200: {"model": list[FindingOut],
                              "description": "Các phát hiện, xếp theo đoạn"}})
async def check(engine: EngineDep,
                file: Annotated[UploadFile | str, File(description="Tệp .docx cần kiểm tra")],
                final: Annotated[bool, Form(description="Bản chính thức: số, ngày, tên người "
                                                        "ký phải đủ")] = False,
                render: Annotated[bool, Form(description="Dựng bằng LibreOffice để đo dòng "
                                                         "(chậm)")] = False) -> JSONResponse:
    """Mọi chỗ sai thể thức Nghị định 30/2020/NĐ-CP của một KẾ HOẠCH (tệp do phần mềm tạo ra
    hay soạn tay): mã quy tắc, mức độ, vị trí (đoạn và trích đoạn), lời giải thích và căn
    cứ; giống `kehoach check --json`."""
    data = await read_upload(file, "file")
    findings = await run_in_threadpool(check_docx, data, engine, final=final, render_check=render)
    return JSONResponse(to_json(findings))
