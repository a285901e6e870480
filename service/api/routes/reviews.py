"""The approval trail over the API: submit, approve, return a draft; its history; the review
queue; and who the signed-in user is.

Each move checks, in this order: the draft exists (404), the user's unit covers it (403), the
user's role makes this move (403), the draft's state allows it (409); then the stored document
is checked (`service.review.check_docx`) and the report is kept with the move.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query
from starlette.concurrency import run_in_threadpool

from service.api.auth import UserDep, open_draft, require_role
from service.api.deps import ChecksDep, DraftsDep, Services, ServicesDep
from service.api.issue_schemas import IssuedOut
from service.api.routes.drafts import DraftId, found
from service.api.schemas import (
    AUTH_ERRORS,
    CONFLICT,
    ERRORS,
    NOT_FOUND,
    ChangesOut,
    DiffOut,
    DraftSummary,
    EventOut,
    HistoryOut,
    MoveIn,
    QueueOut,
    UserOut,
)
from service.api.workers import compare_uploads
from service.deps import Deps
from service.errors import RequestError
from service.review import check_docx, to_json
from service.store import Draft, DraftFilter, User, allowed_moves
from service.store.drafts import EDITABLE
from service.store.reviews import TRANSITIONS, Move, check_move

router = APIRouter(tags=["Duyệt kế hoạch"], responses={**ERRORS, **AUTH_ERRORS})

QUEUE_STATES = ("submitted", "returned", "approved")
MOVE_RESPONSES = {**NOT_FOUND, **CONFLICT}
MoveBody = Annotated[MoveIn | None, Body(description="Ý kiến kèm theo")]


@router.get("/me", summary="Người dùng đang đăng nhập", response_model=UserOut)
def me(user: UserDep) -> UserOut:
    return UserOut.of(user)


@router.post("/drafts/{draft_id}/submit", summary="Gửi bản nháp để duyệt",
             response_model=DraftSummary, responses=MOVE_RESPONSES)
async def submit(services: ServicesDep, draft_id: DraftId, user: UserDep,
                 body: MoveBody = None) -> DraftSummary:
    """Người soạn của đơn vị gửi bản nháp (đang soạn hoặc bị trả lại) lên người duyệt; kèm kết
    quả kiểm tra thể thức lúc gửi."""
    return await _move(services, draft_id, "submit", user, body)


@router.post("/drafts/{draft_id}/approve", summary="Duyệt bản nháp",
             response_model=DraftSummary, responses=MOVE_RESPONSES)
async def approve(services: ServicesDep, draft_id: DraftId, user: UserDep,
                  body: MoveBody = None) -> DraftSummary:
    """Người duyệt của tỉnh (hoặc của đơn vị) duyệt bản nháp đang chờ duyệt."""
    return await _move(services, draft_id, "approve", user, body)


@router.post("/drafts/{draft_id}/return", summary="Trả lại bản nháp kèm ý kiến",
             response_model=DraftSummary, responses=MOVE_RESPONSES)
async def return_draft(services: ServicesDep, draft_id: DraftId, user: UserDep,
                       body: MoveBody = None) -> DraftSummary:
    """Người duyệt trả lại bản nháp đang chờ duyệt, với ý kiến (bắt buộc); người soạn sửa rồi
    gửi lại."""
    return await _move(services, draft_id, "return", user, body)


@router.get("/drafts/{draft_id}/history", summary="Lịch sử của bản nháp",
            response_model=HistoryOut, responses=NOT_FOUND)
def history(services: ServicesDep, draft_id: DraftId, user: UserDep) -> HistoryOut:
    """Mọi thay đổi của bản nháp: ai, lúc nào, ý kiến, kết quả kiểm tra ở mỗi lần gửi, duyệt,
    trả lại; và những việc người dùng này làm được lúc này."""
    draft = open_draft(user, found(services.drafts.get(draft_id)))
    events = [EventOut.of(e) for e in services.events.history(draft_id)]
    issued = services.register.of_draft(draft_id)
    return HistoryOut(draft=DraftSummary.of(draft), events=events,
                      moves=allowed_moves(draft.state, user.role) + _issue_move(draft, user),
                      editable=user.role == "drafter" and draft.state in EDITABLE,
                      issued=IssuedOut.of(issued) if issued else None)


@router.get("/drafts/{draft_id}/changes", summary="Thay đổi từ lần trả lại gần nhất",
            response_model=ChangesOut, responses=NOT_FOUND)
async def changes(services: ServicesDep, checks: ChecksDep, draft_id: DraftId,
                  user: UserDep) -> ChangesOut:
    """Bản nháp đã sửa những gì từ lần người duyệt trả lại gần nhất: các đoạn thêm, bớt, sửa
    (từng từ) giữa văn bản lúc trả lại và văn bản hiện tại, như trang “So sánh hai văn bản”."""
    draft = open_draft(user, found(services.drafts.get(draft_id)))
    last = services.events.last_returned(draft.id)
    if last is None:
        return ChangesOut(returned=None, kept=False, diff=None)
    event, returned = last
    now = services.drafts.document(draft.id)
    if returned is None or now is None:
        return ChangesOut(returned=EventOut.of(event), kept=False, diff=None)
    diff = await checks.run(compare_uploads, returned, now)
    return ChangesOut(returned=EventOut.of(event), kept=True, diff=DiffOut.model_validate(diff))


@router.get("/review-queue", summary="Hàng chờ duyệt", response_model=QueueOut)
def review_queue(
        drafts: DraftsDep, user: UserDep,
        state: Annotated[str | None, Query(
            pattern="^(submitted|returned|approved)$",
            description="submitted | returned | approved (để trống: cả ba)")] = None,
        province: Annotated[int | None, Query(ge=1, le=999, description="Mã tỉnh")] = None,
        unit: Annotated[int | None, Query(ge=1, le=99_999, description="Mã đơn vị")] = None,
        kind: Annotated[str | None, Query(max_length=60, description="Loại kế hoạch")] = None,
        year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> QueueOut:
    """Các bản nháp đã gửi, trong phạm vi người duyệt, lọc theo trạng thái, tỉnh, đơn vị, loại
    kế hoạch, năm; mới thay đổi gần nhất trước."""
    require_role(user, "reviewer", "xem hàng chờ duyệt")
    where = DraftFilter(scope_key=user.unit_key, states=(state,) if state else QUEUE_STATES,
                        province_keys=_province_keys(province), unit_code=unit,
                        kind=kind or None, year=year)
    items = [DraftSummary.of(d) for d in drafts.recent(limit, offset, where)]
    return QueueOut(total=drafts.count(where), limit=limit, offset=offset, items=items)


async def _move(services: Services, draft_id: str, move: Move, user: User,
                body: MoveIn | None) -> DraftSummary:
    comments = (body.comments if body else "").strip()
    draft = open_draft(user, found(services.drafts.get(draft_id)))
    require_role(user, TRANSITIONS[move].role, TRANSITIONS[move].verb)
    if move == "return" and not comments:
        raise RequestError("Hãy ghi ý kiến khi trả lại bản nháp.", field="comments")
    check_move(move, draft.state)
    report = await run_in_threadpool(_report, services.drafts.document(draft_id) or b"",
                                     services.engine)
    moved = services.reviews.move(draft_id, move, user, comments=comments, report=report,
                                  seen=draft.updated_at)
    return DraftSummary.of(found(moved))


def _issue_move(draft: Draft, user: User) -> list[str]:
    """For a clerk of the draft's own unit: “issue” once it is approved, “sign” (take back the
    signed PDF) once it is issued."""
    if user.role != "clerk" or user.unit_key != draft.scope.unit:
        return []
    return {"approved": ["issue"], "issued": ["sign"]}.get(draft.state, [])


def _report(docx: bytes, deps: Deps) -> list[dict[str, object]]:
    return to_json(check_docx(docx, deps))


def _province_keys(code: int | None) -> tuple[str, ...]:
    return () if code is None else (f"current:province:{code}", f"legacy:province:{code}")

