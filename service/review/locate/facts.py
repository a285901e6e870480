"""What the content rules need to know about the plan itself, read from the document: the
issuing unit (header and place-and-date line), the plan's date (a range when the day or the month
is still blank) and the period it covers (from the title and trích yếu: "năm 2026",
"giai đoạn 2026 - 2030", "đến năm 2030")."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from service.review.locate.elements import HeaderElements
from service.review.locate.layout import Layout
from service.strings import nfc, squash

_DATE = re.compile(r"ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d{4})", re.IGNORECASE)
_LEVEL = re.compile(r"^(xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+(.+)$",
                    re.IGNORECASE)
_SPAN = re.compile(r"(20\d\d)\s*[-–—]\s*(20\d\d)")
_UNTIL = re.compile(r"đến năm (20\d\d)", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm (20\d\d)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Issuer:
    level: str  # "xã", "phường", "tỉnh", "huyện" … lower case
    name: str  # "Thượng Đức"


@dataclass(frozen=True)
class PlanFacts:
    issuer: Issuer | None
    first_day: dt.date | None  # earliest possible date of the plan
    last_day: dt.date | None  # latest possible date of the plan
    period: tuple[int, int] | None  # first and last year the plan covers

    @property
    def year(self) -> int | None:
        if self.first_day is not None:
            return self.first_day.year
        return self.period[0] if self.period else None


def read_facts(layout: Layout, head: HeaderElements) -> PlanFacts:
    """The plan's facts, from its header elements, title and trích yếu."""
    first, last = plan_dates(head)
    title = " ".join(p.text for p in (layout.title, *layout.trich_yeu) if p is not None)
    return PlanFacts(issuer(head), first, last, period(squash(nfc(title)), first))


def plan_dates(head: HeaderElements) -> tuple[dt.date | None, dt.date | None]:
    seg = head.date
    m = _DATE.search(squash(nfc(seg.text))) if seg is not None else None
    if m is None:
        return None, None
    year = int(m[3])
    month = int(m[2]) if m[2] and 1 <= int(m[2]) <= 12 else None
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = calendar.monthrange(year, month)[1]
    day = int(m[1]) if m[1] and 1 <= int(m[1]) <= days else None
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, days)
    return dt.date(year, month, day), dt.date(year, month, day)


def issuer(head: HeaderElements) -> Issuer | None:
    """The unit of the issuing body: its last header line with a level word ("XÃ THƯỢNG ĐỨC")."""
    for seg in reversed(head.agency):
        m = _LEVEL.match(squash(nfc(seg.text)))
        if m:
            return Issuer(m[1].lower(), _title_case(m[2]))
    return None


def _title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def period(title: str, first: dt.date | None) -> tuple[int, int] | None:
    if m := _SPAN.search(title):
        return int(m[1]), int(m[2])
    if m := _UNTIL.search(title):
        start = first.year if first is not None else int(m[1])
        return min(start, int(m[1])), int(m[1])
    if m := _YEAR.search(title):
        return int(m[1]), int(m[1])
    return None
