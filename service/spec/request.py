"""The plan request: what a user (form, API, YAML file, batch row) asks for.

The minimal request is `{kind, unit, year}`; everything else is optional.  Models here are the
edge of the engine: `extra="forbid"`, strict types, and every error message in Vietnamese (see
`service.spec.messages`).  User text is data: it is never parsed as a template.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from service.library.model import Trait
from service.strings import printable


def _clean(value: object) -> object:
    """Reject control characters; fold runs of whitespace (newlines included) to one space
    (`service.strings.printable`, the rule of every stored text too)."""
    return printable(value) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_clean), Field(max_length=2000)]
ShortText = Annotated[str, BeforeValidator(_clean), Field(max_length=300)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_chars(cls, v: object) -> object:
        return _clean(v)


class PlanDate(Model):
    """The signing date; day and month may be left blank for the office to fill in."""

    day: Annotated[int, Field(ge=1, le=31)] | None = None
    month: Annotated[int, Field(ge=1, le=12)] | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None

    @model_validator(mode="after")
    def _valid_calendar_day(self) -> PlanDate:
        if self.day is not None and self.month is None:
            raise ValueError("có ngày thì phải có tháng")
        if self.day and self.month and self.year:
            try:
                dt.date(self.year, self.month, self.day)
            except ValueError:
                day = f"{self.day}/{self.month}/{self.year}"
                raise ValueError(f"ngày {day} không có thật") from None
        return self

    def as_date(self) -> dt.date | None:
        if self.day and self.month and self.year:
            return dt.date(self.year, self.month, self.day)
        return None


class Signer(Model):
    """The signature block: 'TM.' (on behalf of the committee) or 'KT.' (a deputy signs)."""

    mode: Literal["TM", "KT", ""] = "TM"
    title: ShortText = ""
    """'CHỦ TỊCH' by default; 'PHÓ CHỦ TỊCH' with KT."""
    name: ShortText = ""


class LocalDoc(Model):
    """A document cited as a fact of the request (a province plan, a party resolution …)."""

    type: ShortText
    number: ShortText = ""
    date: dt.date | None = None
    issuer: ShortText = ""
    subject: Text = ""
    verb: Literal["Thực hiện", "Căn cứ"] = "Căn cứ"
    cite: bool = True
    """Cite it in the preamble (False: only used by clause text as `docs.<key>`)."""
    level: Literal["national", "province", "district", "commune"] = "province"
    text: Text = ""
    """A free citation, used verbatim instead of the parts above."""


class Village(Model):
    name: ShortText
    status: Literal["clean", "build", "keep", "hotspot", "other"] = "other"
    """clean: recognised drug-free; build: chosen to become drug-free this period;
    keep: keeping the status; hotspot: a complex spot; other: nothing known."""


ParamValue = ShortText | int | float | list[ShortText]


class Facts(Model):
    """Local facts that shape the plan."""

    neighbours: list[ShortText] = Field(default_factory=list, max_length=50)
    villages: list[Village] = Field(default_factory=list, max_length=500)
    village_count: Annotated[int, Field(ge=0, le=1000)] | None = None
    village_word: ShortText | None = None
    traits: list[Trait] = Field(default_factory=list)
    """Traits to add to those the tables give the place (border, coast, ethnic …)."""
    not_traits: list[Trait] = Field(default_factory=list)
    """Traits the tables give the place that do not hold for this unit (they are taken away)."""
    theme: ShortText | None = None
    campaign_start: dt.date | None = None
    campaign_end: dt.date | None = None
    docs: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], LocalDoc] = Field(
        default_factory=dict, max_length=50)
    params: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], ParamValue] = Field(
        default_factory=dict, max_length=100)


class ClauseSwitches(Model):
    include: list[ShortText] = Field(default_factory=list)
    exclude: list[ShortText] = Field(default_factory=list)


class PlanRequest(Model):
    """A request for one plan.  Only `kind`, `unit` and `year` are required."""

    kind: Annotated[str, Field(max_length=60)]
    unit: int | Annotated[str, Field(min_length=1, max_length=200)]
    """The unit's statistics-office code, or its name with its province ('Thượng Đức, Hà Tĩnh')."""
    year: Annotated[int, Field(ge=2000, le=2100)]
    end_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    number: Annotated[str, Field(max_length=20, pattern=r"^[0-9]*$")] = ""
    symbol: Annotated[str, Field(max_length=40,
                                 pattern=r"^[A-ZĐ0-9]+(-[A-ZĐ0-9()]+)*$")] = "KH-UBND"
    date: PlanDate | None = None
    signer: Signer | None = None
    """None: the kind's default signature block, with a blank name."""
    legal_bases: list[str | LocalDoc] = Field(default_factory=list, max_length=60)
    default_bases: bool = True
    """False: cite only `legal_bases` (not the registry's defaults for the kind and date)."""
    facts: Facts = Field(default_factory=Facts)
    targets: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")],
                  Annotated[float, Field(ge=0, le=1e9)]] = Field(default_factory=dict)
    offices: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], ShortText] = Field(
        default_factory=dict)
    """Override of an agency role's name for this unit ({'culture_society': 'Phòng Văn hóa …'})."""
    clauses: ClauseSwitches = Field(default_factory=ClauseSwitches)
    recipients: list[ShortText] = Field(default_factory=list, max_length=40)
    archive: ShortText | None = None
    tone: Literal["classic", "modern"] = "classic"
    """Tone-mark placement for the whole document: 'classic' (hòa, túy) or 'modern' (hoà, tuý)."""

    @field_validator("unit", mode="before")
    @classmethod
    def _unit_type(cls, v: object) -> object:
        if isinstance(v, bool) or not isinstance(v, int | str):
            raise ValueError("phải là mã số (số nguyên) hoặc tên đơn vị kèm tên tỉnh")
        return v

    @model_validator(mode="after")
    def _period(self) -> PlanRequest:
        if self.end_year is not None and self.end_year < self.year:
            raise ValueError("end_year: năm kết thúc không được trước năm bắt đầu")
        if self.date is not None and self.date.year is None:
            try:
                self.date = PlanDate(day=self.date.day, month=self.date.month, year=self.year)
            except ValidationError as e:
                raise ValueError(f"date: {e.errors()[0]['ctx']['error']}") from None
        return self

    @model_validator(mode="after")
    def _cited_documents(self) -> PlanRequest:
        """A cited document is not dated after the plan: its day, else the end of its month,
        else the end of its year (a document not yet issued cannot be cited)."""
        latest = self.latest_date
        for i, doc in enumerate(self.legal_bases):
            if isinstance(doc, LocalDoc) and not doc.text and doc.date and doc.date > latest:
                raise ValueError(
                    f"legal_bases.{i}.date: ngày ban hành {_short(doc.date)} sau ngày của kế "
                    f"hoạch ({_short(latest)}): không viện dẫn được văn bản chưa ban hành")
        return self

    def citation_gaps(self) -> list[tuple[str, str]]:
        """(field, message) of each part a cited document lacks (its date, issuer, subject): not
        a refusal (a source plan cites a decision by number and subject alone), but what the
        checker reports, told next to the row as it is typed."""
        gaps = []
        for i, doc in enumerate(self.legal_bases):
            if isinstance(doc, LocalDoc) and not doc.text:
                gaps += [(f"legal_bases.{i}.{part}", f"Văn bản được viện dẫn chưa có {name}.")
                         for part, name in _PARTS if not getattr(doc, part)]
        return gaps

    @property
    def plan_date(self) -> dt.date | None:
        return self.date.as_date() if self.date else None

    @property
    def latest_date(self) -> dt.date:
        """The last day the plan can be signed on: its date, else the end of its month (when
        given), else the end of its year."""
        if self.plan_date:
            return self.plan_date
        if self.date and self.date.month:
            return dt.date(self.year, self.date.month,
                           calendar.monthrange(self.year, self.date.month)[1])
        return dt.date(self.year, 12, 31)


_PARTS = (("date", "ngày ban hành"), ("issuer", "cơ quan ban hành"), ("subject", "trích yếu"))


def _short(day: dt.date) -> str:
    """03/6/2026: the day with two digits, the month without a leading zero (as plans write)."""
    return f"{day.day:02d}/{day.month}/{day.year}"
