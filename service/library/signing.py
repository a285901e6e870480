"""The date a plan is judged at (`tables/signing-dates.yaml`).

A plan with a full date is judged at that date.  A plan whose day or month is left blank (filled
in by hand at signing) is judged at its kind's usual signing date in the plan's year: never at the
day the program runs, so that the same request always gives the same document.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.errors import LibraryError
from service.library.model import Source
from service.units import REFORM_DATE


class MonthDay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    source: tuple[Source, ...] = ()

    def on(self, year: int) -> dt.date:
        return dt.date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))


class UsualDate(MonthDay):
    """A kind's usual signing day, with the years whose first plans came at another time; `tier`
    and `title` (a pattern of its trích yếu) recognise a plan of the kind in a document."""

    years: dict[int, MonthDay] = {}
    tier: str = ""
    title: str = ""

    def for_year(self, year: int) -> MonthDay:
        return self.years.get(year, self)


@dataclass(frozen=True)
class JudgedAt:
    """The date a plan is judged at, and why that date."""

    date: dt.date
    reason: str
    """'plan' (its own date), 'month' (first day of its month), 'usual' (the kind's usual day)."""

    def describe(self) -> str:
        """In Vietnamese, for the form and the API."""
        day = f"{self.date.day:02d}/{self.date.month:02d}/{self.date.year}"
        return {
            "plan": f"ngày {day}: ngày ban hành của kế hoạch",
            "month": f"ngày {day}: đầu tháng ban hành (chưa ghi ngày)",
            "usual": f"ngày {day}: ngày ký thường lệ của loại kế hoạch (chưa ghi ngày, tháng)",
        }[self.reason]


def usual_dates(tables: Mapping[str, Any]) -> dict[str, UsualDate]:
    """The parsed table (empty when there is none); LibraryError when it is malformed."""
    raw = (tables.get("signing-dates") or {}).get("kinds") or {}
    try:
        return {str(k): UsualDate.model_validate(v) for k, v in raw.items()}
    except ValidationError as e:
        raise LibraryError(f"bảng ngày ký thường lệ không hợp lệ: {e}",
                           source="tables/signing-dates.yaml") from e


def judged_at(tables: Mapping[str, Any], kind_id: str, year: int, month: int | None = None,
              day: int | None = None, *, current_era: bool = True) -> JudgedAt:
    """The date a plan of `kind_id` and `year` is judged at, given what its date says."""
    if month and day:
        return JudgedAt(dt.date(year, month, day), "plan")
    if month:
        return JudgedAt(dt.date(year, month, 1), "month")
    usual = usual_dates(tables).get(kind_id)
    date = usual.for_year(year).on(year) if usual is not None else dt.date(year, 1, 1)
    if current_era and date < REFORM_DATE <= dt.date(year, 12, 31):
        date = REFORM_DATE  # the first year of the two-level government: not before it began
    return JudgedAt(date, "usual")


def kind_of_title(tables: Mapping[str, Any], tier: str, title: str) -> str | None:
    """The kind a document's trích yếu and issuing tier say it is, if one of the table's does."""
    for kind, entry in usual_dates(tables).items():
        if entry.tier == tier and entry.title and re.search(entry.title, title):
            return kind
    return None
