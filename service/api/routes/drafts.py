"""Saved drafts: a request with the document rendered from it, and its timestamps.

Signed-in users only (`service.api.auth`): a drafter creates, edits and deletes the drafts of
the units their own unit covers; anyone sees the drafts their unit covers.  A draft sent for
review (or approved) is locked: 409.  Bodies are read before the token is (a malformed body is a
422 whoever sends it; nothing is rendered or stored before the user is known).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response
from starlette.concurrency import run_in_threadpool

from service.api.auth import UserDep, open_draft, require_editor, require_role, require_scope
from service.api.bodies import DRAFT_BODY, DraftBodyDep, fields_under
from service.api.deps import DraftsDep, EngineDep, ServicesDep
from service.api.files import (
    DOCUMENT_RESPONSES,
    PDF,
    REVIEW_RESPONSES,
    Format,
    attachment,
    document_response,
    review_copy_response,
)
from service.api.issued import issued_pdf
from service.api.schemas import (
    AUTH_ERRORS,
    CONFLICT,
    ERRORS,
    NOT_FOUND,
    DraftOut,
    DraftSummary,
)
from service.deps import Deps
from service.errors import PlanError
from service.pipeline import build_plan, resolve_kind, resolve_unit
from service.spec import PlanRequest, parse_request
from service.store import (
    Draft,
    DraftContent,
    DraftFilter,
    scope_of,
)
from service.units import Unit

router = APIRouter(prefix="/drafts", tags=["Bản nháp"], responses={**ERRORS, **AUTH_ERRORS})

DraftId = Annotated[str, Path(max_length=36, description="Mã bản nháp")]


@router.post("", summary="Lưu bản nháp mới", status_code=201, response_model=DraftOut,
             openapi_extra=DRAFT_BODY)
async def create_draft(engine: EngineDep, drafts: DraftsDep, body: DraftBodyDep,
                       user: UserDep) -> DraftOut:
    """Dựng kế hoạch từ yêu cầu và lưu cả yêu cầu lẫn tệp .docx; yêu cầu sai thì không lưu.
    Chỉ người soạn, cho đơn vị thuộc phạm vi của mình."""
    require_role(user, "drafter", "lưu bản nháp")
    content = await run_in_threadpool(_content, engine, *body)
    require_scope(user, content.scope, content.unit_label)
    return _out(engine, drafts.create(content, user))


@router.get("", summary="Danh sách bản nháp", response_model=list[DraftSummary])
def list_drafts(drafts: DraftsDep, user: UserDep,
                limit: Annotated[int, Query(ge=1, le=500)] = 100,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[DraftSummary]:
    """Các bản nháp của các đơn vị thuộc phạm vi người dùng, mới sửa gần nhất trước."""
    return [DraftSummary.of(d) for d in drafts.recent(limit, offset, DraftFilter(user.unit_key))]


@router.get("/{draft_id}", summary="Mở một bản nháp", response_model=DraftOut,
            responses=NOT_FOUND)
def read_draft(engine: EngineDep, drafts: DraftsDep, draft_id: DraftId,
               user: UserDep) -> DraftOut:
    return _out(engine, open_draft(user, found(drafts.get(draft_id))))


@router.put("/{draft_id}", summary="Sửa bản nháp", response_model=DraftOut,
            responses={**NOT_FOUND, **CONFLICT}, openapi_extra=DRAFT_BODY)
async def update_draft(engine: EngineDep, drafts: DraftsDep, draft_id: DraftId,
                       body: DraftBodyDep, user: UserDep) -> DraftOut:
    """Thay yêu cầu và tệp .docx của bản nháp; yêu cầu sai thì bản đã lưu giữ nguyên.
    Không sửa được khi bản nháp đang chờ duyệt hoặc đã duyệt (409)."""
    require_editor(user, found(drafts.get(draft_id)))
    content = await run_in_threadpool(_content, engine, *body)
    require_scope(user, content.scope, content.unit_label)
    return _out(engine, found(drafts.update(draft_id, content, user)))


@router.delete("/{draft_id}", summary="Xóa bản nháp", status_code=204,
               responses={**NOT_FOUND, **CONFLICT})
def delete_draft(drafts: DraftsDep, draft_id: DraftId, user: UserDep) -> Response:
    require_editor(user, found(drafts.get(draft_id)))
    if not drafts.delete(draft_id, user):
        raise HTTPException(404, "Không có bản nháp này.")
    return Response(status_code=204)


@router.get("/{draft_id}/document", summary="Tải tệp đã lưu của bản nháp",
            response_class=Response, responses={**DOCUMENT_RESPONSES, **NOT_FOUND})
async def draft_document(services: ServicesDep, draft_id: DraftId, user: UserDep,
                         format: Annotated[Format, Query(description="docx hoặc pdf")
                                           ] = Format.docx) -> Response:
    """Tệp .docx đã dựng khi lưu (hoặc bản PDF của nó); với kế hoạch đã ban hành, bản PDF có hai
    ô chữ ký số trống (người ký, cơ quan), hay bản đã ký số khi đã nhận."""
    draft = open_draft(user, found(services.drafts.get(draft_id)))
    name = f"ke-hoach-{draft.kind}-{draft.unit_code}-{draft.request.get('year', '')}"
    if draft.state == "issued" and format is Format.pdf:
        return attachment(await issued_pdf(services, draft), PDF, f"{name}.pdf")
    data = services.drafts.document(draft_id) or b""
    return await document_response(data, name, format, services.pdf)


@router.get("/{draft_id}/review-copy", summary="Bản .docx có ghi chú nguồn của bản nháp",
            response_class=Response, responses={**REVIEW_RESPONSES, **NOT_FOUND})
async def draft_review_copy(engine: EngineDep, drafts: DraftsDep, draft_id: DraftId,
                            user: UserDep) -> Response:
    """Dựng lại kế hoạch từ yêu cầu đã lưu của bản nháp, như `POST /api/review-copy`: mỗi đoạn
    thân bài và mỗi dòng nơi nhận có một ghi chú (comment của Word) nói rõ nguồn — điều khoản và
    phiên bản thư viện, hay nội dung địa phương lấy từ yêu cầu."""
    draft = open_draft(user, found(drafts.get(draft_id)))
    with fields_under("request"):
        request = parse_request(draft.request)
    return await review_copy_response(request, engine)


def _content(engine: Deps, title: str, request: PlanRequest) -> DraftContent:
    with fields_under("request"):
        result = build_plan(request, engine)
    unit, ctx = result.plan.unit, result.plan.context
    default_title = f"{' '.join(ctx.trich_yeu)} — {unit.label}"
    return DraftContent(title=title or default_title[:300], unit_code=unit.code,
                        unit_label=unit.label, kind=result.plan.kind.id, year=request.year,
                        scope=scope_of(unit),
                        request=request.model_dump(mode="json", exclude_unset=True),
                        docx=result.docx)


def found(draft: Draft | None) -> Draft:
    if draft is None:
        raise HTTPException(404, "Không có bản nháp này.")
    return draft



def _out(engine: Deps, d: Draft) -> DraftOut:
    return DraftOut.with_unit(d, _unit(engine, d))

def _unit(engine: Deps, d: Draft) -> Unit | None:
    """The draft's unit as the engine resolves it today (None if the library moved on)."""
    try:
        request = parse_request(d.request)
        return resolve_unit(request, resolve_kind(request, engine), engine)
    except PlanError:
        return None
