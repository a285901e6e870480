"""Issuance (ban hành): a clerk of the draft's own unit gives an approved draft the next number of
the unit's register for the year, and the document is re-made with that number and date; the
register lists what was issued; the communes of a province find the plan their province issued
for the year, to cite it.

Checks, in this order: the draft exists (404), the user's unit covers it (403), the user is a
clerk (403) of the draft's own unit (403), the draft is approved (409), the request names its
signer (422); then the number is taken in the same transaction as the new state.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from service.api.auth import UserDep, open_draft, require_role
from service.api.bodies import fields_under, read_json, validated
from service.api.deps import ServicesDep
from service.api.issue_schemas import (
    CitedPlanOut,
    IssuedOut,
    IssueIn,
    RegisterOut,
    SignatureOut,
)
from service.api.issued import check_signed, keep_signed, signatures
from service.api.routes.drafts import DraftId, found
from service.api.schemas import AUTH_ERRORS, CONFLICT, ERRORS, NOT_FOUND
from service.batch.cascade import issued_citation
from service.deps import Deps
from service.errors import RequestError, StateConflict, UnitNotFound
from service.pipeline import build_plan
from service.spec import parse_request
from service.spec.request import LocalDoc
from service.store import Composed, Draft, Issued, Scope, User, scope_of
from service.store.register import check_issuable
from service.text.params import cite_local
from service.units import Era, Tier, era_of

router = APIRouter(tags=["Ban hành"], responses={**ERRORS, **AUTH_ERRORS})

PROVINCE_PLAN = "province_plan"


async def read_issue(request: Request) -> IssueIn:
    """The issue body: `{"date": "YYYY-MM-DD"}`, or nothing (today); refused as 422 like every
    body of the service (not JSON, or another shape)."""
    if not (await request.body()).strip():
        return IssueIn()
    return validated(IssueIn, await read_json(request))


ISSUE_BODY = {"requestBody": {"required": False, "content": {
    "application/json": {"schema": IssueIn.model_json_schema()}}}}


@router.post("/drafts/{draft_id}/issue", summary="Ban hành: cấp số và ngày cho bản đã duyệt",
             response_model=IssuedOut, responses={**NOT_FOUND, **CONFLICT},
             openapi_extra=ISSUE_BODY)
async def issue(services: ServicesDep, draft_id: DraftId, user: UserDep,
                body: Annotated[IssueIn, Depends(read_issue)]) -> IssuedOut:
    """Văn thư của chính đơn vị ban hành lấy số tiếp theo trong sổ văn bản đi của đơn vị (số
    bắt đầu từ 01 ngày 01 tháng 01, liên tục, không trùng), ghi số và ngày vào văn bản."""
    draft = open_draft(user, found(services.drafts.get(draft_id)))
    require_clerk_of(user, draft)
    check_issuable(draft.state)
    _require_signer(draft)
    date = body.date or services.engine.today()
    engine = services.engine
    issued = await run_in_threadpool(
        services.register.issue, draft_id, user, date,
        lambda d, number, day: compose_issued(d, number, day, engine))
    if issued is None:
        raise HTTPException(404, "Không có bản nháp này.")
    return IssuedOut.of(issued[1])


@router.get("/register", summary="Sổ văn bản đi", response_model=RegisterOut)
def register(services: ServicesDep, user: UserDep,
             unit: Annotated[int, Query(ge=1, le=99_999, description="Mã đơn vị ban hành")],
             year: Annotated[int, Query(ge=2000, le=2100, description="Năm ban hành")]
             ) -> RegisterOut:
    """Các văn bản đơn vị đã ban hành trong năm, theo số thứ tự; trong phạm vi người dùng."""
    key = _unit_key_in_scope(services.engine, user, unit, year)
    items = [IssuedOut.of(e) for e in services.register.entries(key, year)]
    return RegisterOut(unit_key=key, year=year, items=items)


@router.get("/cited-plans", summary="Kế hoạch của tỉnh để xã, phường viện dẫn",
            response_model=list[CitedPlanOut])
def cited_plans(services: ServicesDep, user: UserDep,
                unit: Annotated[int, Query(ge=1, le=99_999, description="Mã xã, phường")],
                year: Annotated[int, Query(ge=2000, le=2100, description="Năm của kế hoạch")]
                ) -> list[CitedPlanOut]:
    """Kế hoạch tỉnh (thành phố) đã ban hành cho năm đó: biểu mẫu của xã, phường trong tỉnh
    đưa vào phần căn cứ (“Thực hiện Kế hoạch số … của Ủy ban nhân dân tỉnh …”); chỉ cho người
    dùng của chính xã, phường đó hoặc của tỉnh (như bản nháp)."""
    commune = services.engine.units.get(unit, Tier.COMMUNE, era_of(year))
    scope = scope_of(commune)
    if not scope.covers(user.unit_key):
        raise HTTPException(403, f"“{commune.label}” nằm ngoài phạm vi của bạn"
                                 f" ({user.unit_label}).")
    plans = services.register.province_plans(scope.province, year)
    return [_cited(e) for e in plans]


@router.post("/drafts/{draft_id}/signed", summary="Tải lên bản PDF đã ký số",
             response_model=list[SignatureOut], responses={**NOT_FOUND, **CONFLICT})
async def upload_signed(
        services: ServicesDep, draft_id: DraftId, user: UserDep,
        file: Annotated[UploadFile | str, File(description="Bản PDF đã ban hành, đã ký số")]
) -> list[SignatureOut]:
    """Nhận bản PDF đã ký số (ký ngoài, bằng thiết bị ký của người ký): chỉ nhận khi đúng là bản
    PDF đã ban hành cộng thêm chữ ký, mọi chữ ký còn nguyên vẹn và chứng thư số thuộc tổ chức
    chứng thực được tin cậy; từ đó bản này là văn bản của kế hoạch."""
    draft = open_draft(user, found(services.drafts.get(draft_id)))
    require_clerk_of(user, draft)
    if draft.state != "issued":
        raise StateConflict("Kế hoạch chưa được ban hành: chưa nhận bản ký số.")
    if isinstance(file, str):
        raise RequestError("Phải gửi tệp PDF đã ký (tải tệp lên), không phải chữ.", field="file")
    signed = await file.read()
    checks, refused = await run_in_threadpool(check_signed, services, draft, signed)
    if refused is not None:
        raise RequestError(refused, field="file")
    keep_signed(services, draft, signed, checks, user)
    return [SignatureOut.of(c) for c in checks]


@router.get("/drafts/{draft_id}/signatures", summary="Các chữ ký số của kế hoạch",
            response_model=list[SignatureOut], responses=NOT_FOUND)
async def draft_signatures(services: ServicesDep, draft_id: DraftId,
                           user: UserDep) -> list[SignatureOut]:
    """Các chữ ký số của bản đã ký (ô chữ ký, người ký, lúc ký, còn nguyên vẹn, được tin cậy);
    rỗng khi chưa nhận bản ký."""
    draft = open_draft(user, found(services.drafts.get(draft_id)))
    checks = await run_in_threadpool(signatures, services, draft)
    return [SignatureOut.of(c) for c in checks]


def require_clerk_of(user: User, draft: Draft) -> None:
    """Only a clerk of the draft's own issuing unit issues it (403 otherwise)."""
    require_role(user, "clerk", "ban hành văn bản")
    if user.unit_key != draft.scope.unit:
        raise HTTPException(403, f"Chỉ văn thư của chính {draft.unit_label} mới ban hành được"
                                 f" kế hoạch này; bạn là văn thư của {user.unit_label}.")


def compose_issued(draft: Draft, number: str, date: dt.date, deps: Deps) -> Composed:
    """The document of an approved draft with its number and date filled in."""
    stored = {**draft.request, "number": number,
              "date": {"day": date.day, "month": date.month, "year": date.year}}
    with fields_under("request"):
        result = build_plan(parse_request(stored), deps)
    ctx = result.plan.context
    return Composed(result.docx, stored, " ".join(ctx.trich_yeu),
                    f"Ủy ban nhân dân {result.plan.unit.full}")


def _require_signer(draft: Draft) -> None:
    signer = draft.request.get("signer") or {}
    if not str(signer.get("name") or "").strip():
        raise RequestError("Bản đã duyệt chưa ghi họ tên người ký: văn bản ban hành phải có;"
                           " hãy làm bản mới, ghi tên người ký và trình duyệt lại.",
                           field="request.signer.name")


def _unit_key_in_scope(engine: Deps, user: User, code: int, year: int) -> str:
    era = era_of(year)
    for tier in (Tier.COMMUNE, Tier.PROVINCE):
        scope = _scope(engine, code, tier, era)
        if scope is not None and scope.covers(user.unit_key):
            return scope.unit
    raise HTTPException(403, f"Đơn vị mã {code} nằm ngoài phạm vi của bạn ({user.unit_label}).")


def _scope(engine: Deps, code: int, tier: Tier, era: Era) -> Scope | None:
    try:
        return scope_of(engine.units.get(code, tier, era))
    except UnitNotFound:
        return None


def _cited(entry: Issued) -> CitedPlanOut:
    doc = issued_citation(entry)
    local = LocalDoc.model_validate(doc)
    return CitedPlanOut(draft_id=entry.draft_id, reference=entry.reference, date=entry.date,
                        issuer=entry.issuer, key=PROVINCE_PLAN, doc=doc,
                        text=f"{local.verb} {cite_local(local)}")
