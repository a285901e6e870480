"""Answers that are files: the plan's .docx (or its PDF through LibreOffice), its review copy,
as attachments, with their OpenAPI (the ZIP of a batch is streamed by its route)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from service.api.pdf import PdfConverter
from service.api.schemas import error_doc
from service.deps import Deps
from service.document.review_copy import review_copy
from service.pipeline import build_plan
from service.spec import PlanRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


class Format(StrEnum):
    docx = "docx"
    pdf = "pdf"


DOCUMENT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Tệp kế hoạch", "content": {
        DOCX: {"schema": {"type": "string", "format": "binary"}},
        PDF: {"schema": {"type": "string", "format": "binary"}}}},
    503: error_doc("Máy chủ chưa xuất được PDF (chưa cài LibreOffice)"),
}
REVIEW_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Bản .docx để duyệt, có ghi chú nguồn ở từng đoạn", "content": {
        DOCX: {"schema": {"type": "string", "format": "binary"}}}},
}
ZIP_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"description": "Tệp ZIP của lô", "content": {
    "application/zip": {"schema": {"type": "string", "format": "binary"}}}}}


async def document_response(docx: bytes, name: str, format: Format,
                            converter: PdfConverter) -> Response:
    """The .docx as `name`.docx, or its PDF as `name`.pdf (PdfUnavailable without LibreOffice)."""
    if format is Format.pdf:
        pdf = await run_in_threadpool(converter.convert, docx)
        return attachment(pdf, PDF, f"{name}.pdf")
    return attachment(docx, DOCX, f"{name}.docx")


async def review_copy_response(request: PlanRequest, engine: Deps) -> Response:
    """The review copy of the plan of a request: the .docx with a comment on each paragraph."""
    result = await run_in_threadpool(build_plan, request, engine)
    data = await run_in_threadpool(review_copy, result.plan.context, result.docx)
    name = file_name(request, result.plan.unit.code)
    return attachment(data, DOCX, f"{name}-ban-duyet.docx")


def file_name(request: PlanRequest, unit_code: int) -> str:
    return f"ke-hoach-{request.kind}-{unit_code}-{request.year}"


def attachment(data: bytes, media_type: str, filename: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
