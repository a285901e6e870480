"""The shapes the API answers with (and the draft body it accepts), documented in OpenAPI."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from service.library.model import Kind
from service.units import Unit


class ErrorItem(BaseModel):
    field: str = Field(description="Đường dẫn của trường bị lỗi, ví dụ facts.villages.0.name")
    message: str = Field(description="Lỗi, bằng tiếng Việt")
    label: str = ""
    candidates: list[str] = Field(default_factory=list)


class ErrorOut(BaseModel):
    detail: list[ErrorItem]


def error_doc(description: str) -> dict[str, Any]:
    """An error answer in OpenAPI: always JSON, whatever the route's own media type."""
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/ErrorOut"}}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    413: error_doc("Yêu cầu quá lớn"),
    422: error_doc("Yêu cầu không hợp lệ: đường dẫn trường và lỗi, bằng tiếng Việt"),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: error_doc("Không tìm thấy")}


class UnitOut(BaseModel):
    code: int = Field(description="Mã số đơn vị hành chính (Tổng cục Thống kê)")
    name: str = Field(description="Tên chính thức: “Xã Thượng Đức”")
    level: str = Field(description="Cấp: xã, phường, đặc khu, tỉnh, thành phố, huyện …")
    tier: str = Field(description="province | district | commune")
    era: str = Field(description="current (từ 01/7/2025) | legacy (trước 01/7/2025)")
    label: str = Field(description="Tên kèm đơn vị cấp trên: “Xã Thượng Đức, Tỉnh Hà Tĩnh”")
    province_code: int
    province: str

    @classmethod
    def of(cls, unit: Unit) -> UnitOut:
        prov = unit.province_unit
        return cls(code=unit.code, name=unit.official, level=unit.level, tier=unit.tier.value,
                   era=unit.era.value, label=unit.label, province_code=prov.code,
                   province=prov.official)


class KindOut(BaseModel):
    id: str
    title: str = Field(description="Tên loại kế hoạch")
    description: str
    tier: str = Field(description="Cấp ban hành: province | district | commune")
    levels: list[str] = Field(description="Các cấp đơn vị được dùng loại kế hoạch này")
    eras: list[str]
    period: str = Field(description="year: một năm; range: nhiều năm (từ year đến end_year)")
    source: str

    @classmethod
    def of(cls, kind: Kind) -> KindOut:
        return cls(id=kind.id, title=kind.title, description=kind.description, tier=kind.tier,
                   levels=list(kind.levels), eras=list(kind.eras), period=kind.period,
                   source=kind.source)


class DraftIn(BaseModel):
    """A draft to save: a title (optional) and the request, as for preview and generate."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Field(max_length=300)] = ""
    request: dict[str, Any] = Field(description="Yêu cầu lập kế hoạch (PlanRequest)")


AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: error_doc("Chưa đăng nhập, hoặc mã truy cập không đúng"),
    403: error_doc("Ngoài phạm vi đơn vị hoặc vai trò của người dùng"),
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: error_doc("Trạng thái của bản nháp không cho phép việc này")}


class DraftSummary(BaseModel):
    id: str
    title: str
    kind: str
    unit_code: int
    unit_label: str
    year: int
    state: str = Field(description="draft (đang soạn) | submitted (chờ duyệt) | approved (đã"
                                   " duyệt) | returned (bị trả lại)")
    state_label: str = Field(description="Trạng thái, bằng tiếng Việt")
    owner_name: str = Field(description="Người tạo bản nháp")
    created_at: dt.datetime
    updated_at: dt.datetime


class DraftOut(DraftSummary):
    request: dict[str, Any]
    unit: UnitOut | None = Field(description="Đơn vị của kế hoạch (nếu còn xác định được)")
    docx_size: int = Field(description="Cỡ tệp .docx đã lưu, tính bằng byte")


class UserOut(BaseModel):
    id: int
    name: str
    role: str = Field(description="drafter (người soạn) | reviewer (người duyệt)")
    role_label: str
    unit_key: str = Field(description="Đơn vị của người dùng: thời kỳ:cấp:mã số")
    unit_label: str


class MoveIn(BaseModel):
    """A move of the approval trail: the comments that go with it."""

    model_config = ConfigDict(extra="forbid")

    comments: Annotated[str, Field(max_length=5000, description="Ý kiến (bắt buộc khi trả lại)")
                        ] = ""


class EventOut(BaseModel):
    action: str = Field(description="create | update | submit | approve | return | delete")
    action_label: str
    state: str = Field(description="Trạng thái của bản nháp sau việc này")
    state_label: str
    user_name: str
    user_role: str
    at: dt.datetime
    comments: str
    report: list[dict[str, Any]] | None = Field(
        description="Kết quả kiểm tra thể thức lúc gửi, duyệt hoặc trả lại: rule, severity,"
                    " where, message, source")


class HistoryOut(BaseModel):
    draft: DraftSummary
    events: list[EventOut]
    moves: list[str] = Field(description="Các việc người dùng này làm được lúc này: submit,"
                                         " approve, return")
    editable: bool = Field(description="Người dùng này sửa được bản nháp lúc này")


class QueueOut(BaseModel):
    total: int = Field(description="Số bản nháp khớp bộ lọc")
    limit: int
    offset: int
    items: list[DraftSummary]
