"""Compare: POST /api/compare, two .docx in (`a`, `b`), their paragraph-level differences out
(as `kehoach diff --json`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from service.api.routes.check import read_upload
from service.api.schemas import ERRORS
from service.compare.diff import Diff, diff_docx

router = APIRouter(tags=["Kiểm tra và so sánh"], responses=ERRORS)


class WordOut(BaseModel):
    op: Literal["equal", "insert", "delete"]
    text: str


class ChangeOut(BaseModel):
    op: Literal["equal", "added", "removed", "changed"] = Field(
        description="equal: giống; added: thêm ở B; removed: bớt khỏi A; changed: sửa")
    a: int | None = Field(description="Số thứ tự đoạn trong A (từ 0); null nếu A không có")
    b: int | None = Field(description="Số thứ tự đoạn trong B (từ 0); null nếu B không có")
    old: str | None = Field(description="Nội dung đoạn trong A")
    new: str | None = Field(description="Nội dung đoạn trong B")
    ratio: float = Field(description="Độ giống nhau của hai đoạn (0–1)")
    words: list[WordOut] = Field(description="Thay đổi từng từ (chỉ với đoạn sửa)")
    moved: bool = Field(description="Đoạn thêm hoặc bớt có nguyên văn ở chỗ khác (chuyển chỗ)")


class SummaryOut(BaseModel):
    equal: int
    added: int
    removed: int
    changed: int


class DiffOut(BaseModel):
    identical: bool = Field(description="Hai văn bản có cùng các đoạn")
    summary: SummaryOut
    paragraphs: list[ChangeOut]


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
