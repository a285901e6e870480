"""Plans: the preview (HTML) and the document (.docx, or PDF through LibreOffice)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.bodies import PlanRequestDep, plan_body
from service.api.deps import EngineDep, PdfDep, WebDep
from service.api.files import (
    DOCUMENT_RESPONSES,
    REVIEW_RESPONSES,
    Format,
    document_response,
    file_name,
    review_copy_response,
)
from service.api.schemas import ERRORS, PlanFactsOut, PreviewOut
from service.deps import Deps
from service.pipeline import Plan, build_plan, compose_plan
from service.web import WebTemplates

router = APIRouter(tags=["Kế hoạch"], responses=ERRORS)


@router.post("/preview", summary="Xem trước kế hoạch (HTML; JSON kèm kết quả kiểm tra)",
             response_class=HTMLResponse, responses={200: {"content": {
                 "application/json": {"schema": PreviewOut.model_json_schema()}}}},
             openapi_extra=plan_body("Yêu cầu lập kế hoạch, như cho `kehoach render`"))
def preview(engine: EngineDep, web: WebDep, request: PlanRequestDep, http: Request,
            provenance: Annotated[bool, Query(description="Hiện nguồn của từng đoạn: mã điều "
                                              "khoản và phiên bản thư viện, hay nội dung địa "
                                              "phương lấy từ yêu cầu")] = False,
            findings: Annotated[bool, Query(description="Với JSON: kèm kết quả kiểm tra "
                                            "(false: chỉ bản xem trước, nhanh hơn)")] = True,
            ) -> Response:
    """Kế hoạch như khi in ra: phần đầu, tên loại, trích yếu, các đoạn đã đánh số, nơi nhận và
    chữ ký; mọi chữ người dùng nhập được hiển thị đúng nguyên văn. `?provenance=1`: mỗi đoạn
    có `data-clause`, `data-origin` (library, registry, request, structure), `data-local` và
    dòng giải thích nguồn. Với `Accept: application/json`: `{html, findings, fields}` — kết quả
    kiểm tra (như `kehoach check --json`) của văn bản mà yêu cầu tạo ra, mỗi kết quả kèm trường
    của biểu mẫu mà nó nói tới (`field`, nếu có), và các phần còn thiếu của văn bản được viện
    dẫn theo từng trường."""
    if "application/json" in http.headers.get("accept", ""):
        if findings:
            result = build_plan(request, engine, review=True)
            plan, found = result.plan, result.findings
        else:
            plan, found = compose_plan(request, engine), []
        html = _preview_html(plan, engine, web, provenance)
        return JSONResponse(PreviewOut.of(html, found, request, web.catalog)
                            .model_dump(mode="json"))
    return HTMLResponse(_preview_html(compose_plan(request, engine), engine, web, provenance))


def _preview_html(plan: Plan, engine: Deps, web: WebTemplates, provenance: bool) -> str:
    if provenance:
        return web.provenance_preview(plan.context, plan.selection.dropped)
    labels = web.catalog.labels("traits")
    notes = PlanFactsOut.of(plan, engine.library, labels).notes(labels)
    return web.preview(plan.context, plan.selection.dropped, notes=notes)


@router.post("/plan-facts", summary="Ngày xét căn cứ và đặc điểm địa bàn của kế hoạch",
             response_model=PlanFactsOut,
             openapi_extra=plan_body("Yêu cầu lập kế hoạch, như cho `/api/preview`"))
def plan_facts(engine: EngineDep, web: WebDep, request: PlanRequestDep) -> PlanFactsOut:
    """Ngày mà căn cứ pháp lý, chỉ tiêu, tên đơn vị và thời hạn của kế hoạch được xét (ngày của
    kế hoạch; khi chưa ghi ngày, tháng: ngày ký thường lệ của loại kế hoạch, không phụ thuộc ngày
    chạy chương trình), tên đơn vị tại ngày đó, đặc điểm địa bàn theo bảng dữ liệu (có nguồn) và
    cách gọi thôn, tổ dân phố mặc định — để biểu mẫu hiện và cho người soạn sửa."""
    plan = compose_plan(request, engine)
    return PlanFactsOut.of(plan, engine.library, web.catalog.labels("traits"))


@router.post("/generate", summary="Tạo tệp kế hoạch (.docx hoặc .pdf)", response_class=Response,
             responses=DOCUMENT_RESPONSES,
             openapi_extra=plan_body("Yêu cầu lập kế hoạch, như cho `kehoach render`; dạng tối "
                                     "thiểu là {kind, unit, year}"))
async def generate(engine: EngineDep, pdf: PdfDep, request: PlanRequestDep,
                   format: Annotated[Format, Query(description="docx (mặc định) hoặc pdf")
                                     ] = Format.docx) -> Response:
    """Tệp .docx theo Nghị định 30/2020/NĐ-CP; `?format=pdf`: tệp PDF qua LibreOffice."""
    result = await run_in_threadpool(build_plan, request, engine)
    name = file_name(request, result.plan.unit.code)
    return await document_response(result.docx, name, format, pdf)


@router.post("/review-copy", summary="Bản .docx để duyệt: mỗi đoạn có ghi chú nguồn",
             response_class=Response, responses=REVIEW_RESPONSES,
             openapi_extra=plan_body("Yêu cầu lập kế hoạch, như cho `/api/generate`"))
async def generate_review_copy(engine: EngineDep, request: PlanRequestDep) -> Response:
    """Tệp .docx như `/api/generate`, thêm một ghi chú (comment của Word) ở mỗi đoạn thân bài và
    mỗi dòng nơi nhận: “Điều khoản <mã> · thư viện <phiên bản>”, hoặc “Nội dung địa phương (từ
    yêu cầu: <trường>)” cho phần lấy từ yêu cầu, để người duyệt phân biệt văn bản chuẩn với phần
    địa phương thêm vào."""
    return await review_copy_response(request, engine)

