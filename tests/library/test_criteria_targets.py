"""Default targets come from the criteria in force at the plan date (clauses/tables/targets.yaml);
a request's own target wins; a kind with no such figure prints none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from service.deps import Deps
from service.library.targets import criteria_targets
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import to_plain

HORIZON = {"horizon_share": 50, "horizon_year": 2030}


@pytest.mark.parametrize(("kind", "at", "year", "expected"), [
    # before Kết luận số 132-KL/TW (18/3/2025): no criterion
    ("province-drug-free", dt.date(2025, 3, 17), 2025, {}),
    # KL 132 only (QĐ 7619/QĐ-BCA is of 08/9/2025)
    ("province-drug-free", dt.date(2025, 7, 15), 2025, HORIZON),
    # QĐ 7619: 20% of communes drug-free in 2025 …
    ("province-drug-free", dt.date(2025, 9, 8), 2025, {**HORIZON, "this_year_share": 20}),
    # … which a 2026 plan measures last year's result against
    ("province-drug-free", dt.date(2026, 6, 15), 2026, {**HORIZON, "last_year_share": 20}),
    ("province-drug-free", dt.date(2027, 2, 1), 2027, HORIZON),
    # the horizon ends with 2030
    ("province-drug-free", dt.date(2031, 1, 1), 2031, {}),
    # commune kinds: no criterion sets their figures
    ("build-drug-free", dt.date(2026, 6, 15), 2026, {}),
    ("transform-area", dt.date(2026, 6, 15), 2026, {}),
    ("keep-drug-free", dt.date(2026, 6, 15), 2026, {}),
])
def test_criteria_in_force_by_plan_date(deps: Deps, kind: str, at: dt.date, year: int,
                                        expected: dict[str, int]) -> None:
    assert criteria_targets(deps.library.tables, kind, at, year) == expected


def _text(deps: Deps, **extra: Any) -> str:
    request = {"year": 2026, "date": {"day": 15, "month": 6}, **extra}
    return " ".join(to_plain(compose_plan(parse_request(request), deps).context).split())


def test_province_prints_the_criteria_figures_and_no_invented_yearly_share(deps: Deps) -> None:
    text = _text(deps, kind="province-drug-free", unit="Gia Lai")
    assert "hết năm 2030 có ít nhất 50% địa bàn hành chính cấp xã không ma túy" in text
    assert "cấp xã không ma túy trong năm 2026" not in text
    assert ", đảm bảo hết năm 2030" in text
    assert "ít nhất 30%" not in text


def test_a_requested_target_wins_over_the_criteria(deps: Deps) -> None:
    text = _text(deps, kind="province-drug-free", unit="Gia Lai",
                 targets={"this_year_share": 35, "horizon_share": 60})
    assert ("đảm bảo mục tiêu xây dựng được ít nhất 35% đơn vị hành chính cấp xã không ma túy"
            " trong năm 2026, hướng đến hết năm 2030 có ít nhất 60%") in text


@pytest.mark.parametrize("kind", ["build-drug-free", "transform-area"])
def test_commune_figures_only_when_requested(deps: Deps, kind: str) -> None:
    bare = _text(deps, kind=kind, unit="Hòa Bình, Phú Thọ")
    assert "không để phát sinh quá" not in bare
    assert "kéo giảm ít nhất" not in bare
    given = _text(deps, kind=kind, unit="Hòa Bình, Phú Thọ",
                  targets={"max_new_addicts": 1, "max_new_users": 3, "min_villages_reduced": 2})
    assert "không để phát sinh quá 01 người nghiện" in given
    assert "không để người sử dụng trái phép chất ma túy phát sinh quá 03 người" in given
    assert "kéo giảm ít nhất 02 đơn vị" in given
