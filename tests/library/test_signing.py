"""A plan is judged at its own date, or at its kind's usual signing date when the day or month is
blank (tables/signing-dates.yaml): never at the day the program runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from service.deps import Deps
from service.library.signing import judged_at, usual_dates
from service.pipeline import build_plan, compose_plan
from service.spec import parse_request
from service.text.plain import to_plain

D = dt.date

# kind, year, (month, day) of the request → the date the plan is judged at, and why
JUDGED = [
    ("action-month", 2026, (None, None), D(2026, 5, 28), "usual"),
    ("action-month", 2024, (None, None), D(2024, 5, 28), "usual"),
    ("province-drug-free", 2026, (None, None), D(2026, 1, 31), "usual"),
    ("province-drug-free", 2025, (None, None), D(2025, 8, 20), "usual"),
    ("keep-drug-free", 2026, (None, None), D(2026, 5, 15), "usual"),
    ("keep-drug-free", 2025, (None, None), D(2025, 9, 30), "usual"),
    ("build-drug-free", 2026, (None, None), D(2026, 5, 15), "usual"),
    ("transform-area", 2026, (None, None), D(2026, 5, 15), "usual"),
    ("whole-people-model", 2026, (None, None), D(2026, 4, 30), "usual"),
    ("district-drug-free", 2024, (None, None), D(2024, 4, 25), "usual"),
    ("keep-drug-free", 2026, (6, None), D(2026, 6, 1), "month"),
    ("keep-drug-free", 2026, (6, 20), D(2026, 6, 20), "plan"),
]


@pytest.mark.parametrize(("kind", "year", "month_day", "expected", "reason"), JUDGED)
def test_judged_at(deps: Deps, kind: str, year: int, month_day: tuple[int | None, int | None],
                   expected: dt.date, reason: str) -> None:
    month, day = month_day
    found = judged_at(deps.library.tables, kind, year, month, day)
    assert (found.date, found.reason) == (expected, reason)


def test_every_kind_has_a_sourced_usual_date(deps: Deps) -> None:
    table = usual_dates(deps.library.tables)
    assert set(table) == set(deps.library.kinds)
    for kind, entry in table.items():
        assert entry.source, kind
        assert all(y.source for y in entry.years.values()), kind


def test_a_first_year_plan_of_the_two_level_government_is_not_judged_before_it(
        deps: Deps) -> None:
    """2025 with no entry for the year: the usual day falls before 01/7/2025, the plan is of the
    current era, so it is judged on the first day of the reform."""
    assert judged_at({"signing-dates": {"kinds": {"x": {"month": 5, "day": 1}}}}, "x", 2025,
                     current_era=True).date == D(2025, 7, 1)
    assert judged_at({"signing-dates": {"kinds": {"x": {"month": 5, "day": 1}}}}, "x", 2025,
                     current_era=False).date == D(2025, 5, 1)


def _deps_on(deps: Deps, today: dt.date) -> Deps:
    return dataclasses.replace(deps, today=lambda: today)


REQUESTS: list[dict[str, Any]] = [
    {"kind": "province-drug-free", "unit": "Hưng Yên", "year": 2026},
    {"kind": "action-month", "unit": 26743, "year": 2026},                    # phường Bến Thành
    {"kind": "keep-drug-free", "unit": 3158, "year": 2026, "date": {"month": 9}},
    {"kind": "keep-drug-free", "unit": "Bản Bo, Lai Châu", "year": 2024},
]


@pytest.mark.parametrize("raw", REQUESTS, ids=lambda r: f"{r['kind']}-{r['unit']}")
def test_the_same_request_gives_the_same_bytes_on_any_day(deps: Deps, raw: dict[str, Any]) -> None:
    days = [D(2025, 3, 1), D(2026, 6, 20), D(2026, 12, 3), D(2031, 1, 1)]
    documents = {build_plan(parse_request(raw), _deps_on(deps, day)).docx for day in days}
    assert len(documents) == 1


def _text(deps: Deps, **raw: Any) -> str:
    return to_plain(compose_plan(parse_request(raw), deps).context)


def test_a_june_action_month_plan_cites_the_law_in_force_in_june(deps: Deps) -> None:
    """Luật Phòng, chống ma túy 2025 (120/2025/QH15) is in force from 01/7/2026: a June 2026
    plan cites the 2021 law, whether its date is written or blank, on any day it is made."""
    for today in (D(2026, 5, 1), D(2026, 12, 3)):
        for date in (None, {"month": 6}, {"day": 5, "month": 6}):
            text = _text(_deps_on(deps, today), kind="action-month", unit=26743, year=2026,
                         **({"date": date} if date else {}))
            assert "Luật Phòng, chống ma túy năm 2021" in text, (today, date)
            assert "Luật Phòng, chống ma túy năm 2025" not in text, (today, date)


@pytest.mark.parametrize(("date", "deadline"), [
    (None, "trước ngày 27/02/2026"),                                   # judged at 31/01/2026
    ({"day": 20, "month": 6}, "trong thời hạn 15 ngày kể từ ngày ban hành Kế hoạch này"),
    ({"day": 27, "month": 2}, "trước ngày 27/02/2026"),                # the deadline day itself
    ({"month": 3}, "trong thời hạn 15 ngày kể từ ngày ban hành Kế hoạch này"),
])
def test_no_deadline_falls_before_the_plan_date(deps: Deps, date: dict[str, int] | None,
                                                deadline: str) -> None:
    text = _text(deps, kind="province-drug-free", unit="Hưng Yên", year=2026,
                 **({"date": date} if date else {}))
    line = next(line for line in text.splitlines() if "Kế hoạch gửi về" in line)
    assert deadline in line
