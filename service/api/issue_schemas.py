"""The shapes of issuance over the API: the issue body, a register entry, a plan to cite."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from service.pdf import SignatureCheck
from service.store import Issued


class IssueIn(BaseModel):
    """The issue date (default: today, the service's date)."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date | None = Field(default=None, description="Ngày ban hành, YYYY-MM-DD")


class IssuedOut(BaseModel):
    number: str = Field(description="Số trong sổ văn bản đi của đơn vị và năm: 01, 02 …")
    symbol: str = Field(description="Ký hiệu: KH-UBND")
    date: dt.date
    state: str = "issued"
    draft_id: str
    kind: str
    title: str
    unit_code: int
    unit_label: str
    issuer: str = Field(description="Cơ quan ban hành như văn bản ghi: Ủy ban nhân dân tỉnh …")
    user_name: str = Field(description="Văn thư đã cấp số")

    @classmethod
    def of(cls, e: Issued) -> IssuedOut:
        return cls(number=e.number, symbol=e.symbol, date=e.date, draft_id=e.draft_id,
                   kind=e.kind, title=e.title, unit_code=e.unit_code, unit_label=e.unit_label,
                   issuer=e.issuer, user_name=e.user_name)


class RegisterOut(BaseModel):
    unit_key: str
    year: int
    items: list[IssuedOut]


class SignatureOut(BaseModel):
    field: str = Field(description="Tên ô chữ ký: ChuKyNguoiKy (người ký), ChuKyCoQuan (cơ"
                                   " quan)")
    signer: str = Field(description="Chủ thể của chứng thư số")
    signed_at: dt.datetime | None = Field(description="Thời điểm ký, theo phần mềm ký")
    intact: bool = Field(description="Nội dung được ký còn nguyên vẹn")
    trusted: bool = Field(description="Chứng thư số thuộc tổ chức chứng thực được tin cậy")
    problem: str = Field(default="", description="Vì sao chữ ký không đạt (nếu có)")

    @classmethod
    def of(cls, c: SignatureCheck) -> SignatureOut:
        return cls(field=c.field, signer=c.signer, signed_at=c.signed_at, intact=c.intact,
                   trusted=c.trusted and c.changes_allowed, problem=c.problem)


class CitedPlanOut(BaseModel):
    """A province plan issued for the year, as a commune's plan cites it."""

    draft_id: str
    reference: str = Field(description="01/KH-UBND")
    date: dt.date
    issuer: str
    text: str = Field(description="Thực hiện Kế hoạch số 01/KH-UBND ngày 12/01/2027 của …")
    key: str = Field(description="Khóa trong facts.docs của yêu cầu: province_plan")
    doc: dict[str, Any] = Field(description="Văn bản viện dẫn, như facts.docs.<khóa> của yêu cầu")
