"""The shapes the API answers with (and the draft body it accepts), documented in OpenAPI."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, computed_field

from service.api.issue_schemas import IssuedOut
from service.library.loader import Library
from service.library.model import Kind
from service.library.renames import change_of
from service.pipeline import Plan
from service.review.findings import Finding
from service.spec.request import PlanRequest
from service.store import ACTION_VI, ROLE_VI, STATE_VI, Draft, Event, JobState, User
from service.strings import printable
from service.units import Unit
from service.web.form import FormCatalog


def one_line(value: object) -> object:
    """A typed one-line text as it is stored (`service.strings.printable`)."""
    return printable(value) if isinstance(value, str) else value


def with_lines(value: object) -> object:
    """A typed text of several lines as it is stored."""
    return printable(value, lines=True) if isinstance(value, str) else value


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
    def of(cls, kind: Kind, levels: list[str] | None = None) -> KindOut:
        """The kind as listed; `levels`: those of one era (default: all the kind's levels)."""
        return cls(id=kind.id, title=kind.title, description=kind.description, tier=kind.tier,
                   levels=list(kind.levels) if levels is None else levels,
                   eras=list(kind.eras), period=kind.period, source=kind.source)


class DraftIn(BaseModel):
    """A draft to save: a title (optional) and the request, as for preview and generate."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, BeforeValidator(one_line), Field(max_length=300)] = ""
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
                                   " duyệt) | returned (bị trả lại) | issued (đã ban hành)")
    state_label: str = Field(description="Trạng thái, bằng tiếng Việt")
    owner_name: str = Field(description="Người tạo bản nháp")
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, d: Draft) -> DraftSummary:
        return DraftSummary(id=d.id, title=d.title, kind=d.kind, unit_code=d.unit_code,
                            unit_label=d.unit_label, year=d.year, state=d.state,
                            state_label=STATE_VI[d.state], owner_name=d.owner_name,
                            created_at=d.created_at, updated_at=d.updated_at)


class DraftOut(DraftSummary):
    request: dict[str, Any]
    unit: UnitOut | None = Field(description="Đơn vị của kế hoạch (nếu còn xác định được)")
    docx_size: int = Field(description="Cỡ tệp .docx đã lưu, tính bằng byte")

    @classmethod
    def with_unit(cls, d: Draft, unit: Unit | None) -> DraftOut:
        """The draft, with its unit as the engine resolves it today (None if it no longer can)."""
        return cls(**DraftSummary.of(d).model_dump(), request=d.request,
                   unit=None if unit is None else UnitOut.of(unit), docx_size=d.docx_size)


class UserOut(BaseModel):
    id: int
    name: str
    role: str = Field(description="drafter (người soạn) | reviewer (người duyệt) | clerk (văn"
                                  " thư)")
    role_label: str
    unit_key: str = Field(description="Đơn vị của người dùng: thời kỳ:cấp:mã số")
    unit_label: str

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(id=user.id, name=user.name, role=user.role, role_label=ROLE_VI[user.role],
                   unit_key=user.unit_key, unit_label=user.unit_label)


class MoveIn(BaseModel):
    """A move of the approval trail: the comments that go with it."""

    model_config = ConfigDict(extra="forbid")

    comments: Annotated[str, BeforeValidator(with_lines),
                        Field(max_length=5000, description="Ý kiến (bắt buộc khi trả lại)")] = ""


class EventOut(BaseModel):
    action: str = Field(description="create | update | submit | approve | return | delete |"
                                    " issue")
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

    @classmethod
    def of(cls, e: Event) -> EventOut:
        return cls(action=e.action, action_label=ACTION_VI[e.action], state=e.state,
                   state_label=STATE_VI.get(e.state, e.state), user_name=e.user_name,
                   user_role=e.user_role, at=e.at, comments=e.comments, report=e.report)


class HistoryOut(BaseModel):
    draft: DraftSummary
    events: list[EventOut]
    moves: list[str] = Field(description="Các việc người dùng này làm được lúc này: submit,"
                                         " approve, return, issue, sign")
    editable: bool = Field(description="Người dùng này sửa được bản nháp lúc này")
    issued: IssuedOut | None = Field(default=None,
                                     description="Số, ký hiệu và ngày ban hành (khi đã ban hành)")


class ChangesOut(BaseModel):
    """What changed in a draft since it was last returned: the return, and the differences from
    the document returned to the draft's document now (as `POST /api/compare` gives them)."""

    returned: EventOut | None = Field(
        description="Lần trả lại gần nhất: người duyệt, lúc nào, ý kiến (null: chưa bị trả lại)")
    kept: bool = Field(description="Văn bản lúc trả lại được lưu (không có với lần trả lại làm"
                                   " trước khi dịch vụ lưu văn bản trả lại)")
    diff: DiffOut | None = Field(
        description="Các đoạn giống, thêm, bớt, sửa từ bản bị trả lại đến bản hiện tại, từng từ"
                    " thêm, bớt trong đoạn sửa (null khi không có bản để so sánh)")


class QueueOut(BaseModel):
    total: int = Field(description="Số bản nháp khớp bộ lọc")
    limit: int
    offset: int
    items: list[DraftSummary]


# --- batch jobs --------------------------------------------------------------------------------

class KindBatchIn(BaseModel):
    """One kind of plan for every unit of a province that the kind fits."""

    model_config = ConfigDict(extra="forbid")

    province: Annotated[str | int, Field(description="Tên hoặc mã số tỉnh, thành phố")]
    kind: Annotated[str, Field(max_length=60, description="Loại kế hoạch")]
    year: Annotated[int, Field(ge=1900, le=2200, description="Năm kế hoạch")]


JOB_CONFLICT: dict[int | str, dict[str, Any]] = {409: error_doc("Lô chưa xong, lỗi hoặc đã hủy")}
QUOTA: dict[int | str, dict[str, Any]] = {
    403: error_doc("Tỉnh của lô nằm ngoài phạm vi của người dùng"),
    429: error_doc("Quá hạn mức: số đơn vị một lô, hoặc số lô đang chờ, đang chạy")}


class UnitFailure(BaseModel):
    """A unit of a job that failed: the fields of its `UnitResult` the API shows."""

    model_config = ConfigDict(from_attributes=True)

    index: int = Field(description="Số thứ tự trong lô (000: kế hoạch tỉnh)")
    unit_code: int
    unit_name: str
    kind: str
    error: str = Field(description="Lỗi, bằng tiếng Việt")


class BatchLinks(BaseModel):
    status: str = Field(description="Địa chỉ xem tiến độ")
    zip: str = Field(description="Địa chỉ tải tệp ZIP (khi lô xong)")
    cancel: str = Field(description="Địa chỉ hủy lô")


class BatchOut(BaseModel):
    """A job as the API shows it, read from `service.store.Job` (`BatchOut.model_validate(job)`):
    its fields but the stored input, its state in Vietnamese, and its addresses."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    source: str = Field(description="cascade: kế hoạch tỉnh và các xã; kind: một loại kế hoạch"
                                    " cho mọi đơn vị của tỉnh")
    label: str
    state: JobState
    total: int = Field(description="Số văn bản của lô")
    done: int = Field(description="Số văn bản đã dựng xong")
    failed: int = Field(description="Số đơn vị bị lỗi")
    finished: int = Field(description="Số đơn vị đã xử lý (xong hoặc lỗi), trên tổng total")
    error: str = Field(description="Lỗi của cả lô (khi state là failed)")
    owner_name: str = Field(description="Người tạo lô (trống: lô tạo trước khi có người tạo)")
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @computed_field(description="Trạng thái, bằng tiếng Việt")  # type: ignore[prop-decorator]
    @property
    def state_label(self) -> str:
        return self.state.label

    @computed_field  # type: ignore[prop-decorator]
    @property
    def links(self) -> BatchLinks:
        base = f"/api/batches/{self.id}"
        return BatchLinks(status=base, zip=f"{base}/zip", cancel=f"{base}/cancel")


class BatchDetail(BatchOut):
    failures: list[UnitFailure] = Field(description="Các đơn vị bị lỗi, kèm lỗi")


# --- check and compare -------------------------------------------------------------------------

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


# --- what a plan was judged on -----------------------------------------------------------------

class TraitOut(BaseModel):
    value: str = Field(description="Mã đặc điểm: border, coast, island, ethnic, mountain, urban …")
    label: str
    source: str = Field(description="Theo bảng dữ liệu (và nguồn), hoặc “theo yêu cầu”")


class JudgedOut(BaseModel):
    date: dt.date = Field(description="Ngày xét hiệu lực căn cứ, chỉ tiêu, tên đơn vị, thời hạn")
    reason: str = Field(description="plan (ngày của kế hoạch), month (đầu tháng đã ghi), usual "
                        "(ngày ký thường lệ của loại kế hoạch, khi chưa ghi ngày, tháng)")
    text: str = Field(description="Giải thích bằng tiếng Việt")


class PlanFactsOut(BaseModel):
    """What a plan was decided on besides the request: the date its legal bases were judged at,
    the unit's name on that date and its place as the data knows it."""

    judged_at: JudgedOut
    unit: str = Field(description="Tên đơn vị tại ngày xét: “Tỉnh Quảng Ninh” trước 01/9/2026")
    unit_change: str = Field("", description="Văn bản đổi tên, loại đơn vị áp dụng tại ngày xét")
    traits: list[TraitOut] = Field(description="Đặc điểm của địa bàn dùng cho kế hoạch")
    place_traits: list[str] = Field(description="Đặc điểm theo bảng dữ liệu (trước yêu cầu)")
    province_traits: list[str] = Field(description="Đặc điểm của tỉnh, thành phố (gợi ý khi dữ "
                                       "liệu của xã chưa có: biểu mẫu hỏi người soạn)")
    border_with: list[str] = Field(description="Nước có chung đường biên giới (nếu biết)")
    region: str
    village_word: str = Field(description="Cách gọi thôn, tổ dân phố mặc định của địa bàn")
    village_word_source: str
    village_word_used: str = Field(description="Cách gọi dùng trong kế hoạch (mặc định hoặc "
                                   "facts.village_word)")

    @classmethod
    def of(cls, plan: Plan, library: Library, labels: dict[str, str]) -> PlanFactsOut:
        facts = plan.facts
        assert facts is not None
        place, judged = facts.place, facts.judged
        given = set(plan.request.facts.traits)
        change = change_of(library, plan.unit, judged.date)
        return cls(
            judged_at=JudgedOut(date=judged.date, reason=judged.reason, text=judged.describe()),
            unit=plan.unit.official, unit_change=change.act if change else "",
            traits=[TraitOut(value=t, label=labels.get(t, t),
                             source=place.sources.get(t, "") if t in place.traits
                             and t not in given else "theo yêu cầu")
                    for t in sorted(facts.traits)],
            place_traits=sorted(place.traits), province_traits=sorted(place.province_traits),
            border_with=list(place.border_with), region=place.region,
            village_word=place.words, village_word_source=place.sources.get("words", ""),
            village_word_used=facts.village_words)

    def notes(self, labels: dict[str, str]) -> list[tuple[str, str]]:
        """The lines the form shows under the preview: what the plan was judged on."""
        traits = "; ".join(t.label for t in self.traits) or "không có"
        lines = [("Căn cứ pháp lý, chỉ tiêu, thời hạn được xét tại", self.judged_at.text),
                 ("Tên đơn vị tại ngày đó", self.unit + (f" ({self.unit_change})"
                                                        if self.unit_change else "")),
                 ("Đặc điểm địa bàn", traits)]
        hint = [labels.get(t, t) for t in self.province_traits
                if t in ("coast", "border") and t not in {x.value for x in self.traits}]
        if hint:
            lines.append(("Tỉnh, thành phố có", "; ".join(hint) + " — nếu địa bàn cũng có, chọn "
                          "ở “Đặc điểm địa bàn”"))
        lines.append(("Cách gọi thôn, tổ dân phố", self.village_word_used))
        return lines


# --- the preview with its findings ---------------------------------------------------------------

class FieldNote(BaseModel):
    field: str = Field(description="Đường dẫn trường trong yêu cầu: legal_bases.0.date …")
    message: str


class PreviewFinding(BaseModel):
    """A finding of `kehoach check --json`, with the field of the form it is about."""

    rule: str
    severity: str
    where: dict[str, Any]
    message: str
    source: str
    field: str | None = Field(None, description="Trường của biểu mẫu mà kết quả nói tới")


class PreviewOut(BaseModel):
    """`POST /api/preview` with `Accept: application/json`."""

    html: str = Field(description="Bản xem trước (đoạn HTML), như khi không hỏi JSON")
    findings: list[PreviewFinding] = Field(description="Kết quả kiểm tra văn bản tạo ra")
    fields: list[FieldNote] = Field(description="Phần còn thiếu của văn bản được viện dẫn")

    @classmethod
    def of(cls, html: str, findings: list[Finding], request: PlanRequest,
           catalog: FormCatalog) -> PreviewOut:
        return cls(html=html, findings=[
            PreviewFinding.model_validate({**f.to_json(), "field": catalog.field_of(
                f.rule, f.message, request)}) for f in findings],
            fields=[FieldNote(field=k, message=m) for k, m in request.citation_gaps()])
