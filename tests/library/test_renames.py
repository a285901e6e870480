"""A plan names its units as they were named on its date (tables/unit-changes.yaml): the package
(vietnam-provinces 2026.9.0) lists Quảng Ninh, Bắc Ninh and Đồng Nai as centrally-run cities, which
they became during 2026."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from service.deps import Deps
from service.library.renames import as_of, changes
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import to_plain
from service.units import Era, Tier

D = dt.date

# province code, date → official name on that date (the resolutions' effective days)
PROVINCES = [
    (75, D(2026, 4, 29), "Tỉnh Đồng Nai"), (75, D(2026, 4, 30), "Thành phố Đồng Nai"),
    (22, D(2026, 8, 31), "Tỉnh Quảng Ninh"), (22, D(2026, 9, 1), "Thành phố Quảng Ninh"),
    (24, D(2026, 9, 19), "Tỉnh Bắc Ninh"), (24, D(2026, 9, 20), "Thành phố Bắc Ninh"),
    (79, D(2025, 7, 1), "Thành phố Hồ Chí Minh"), (33, D(2026, 12, 31), "Tỉnh Hưng Yên"),
]


@pytest.mark.parametrize(("code", "date", "official"), PROVINCES)
def test_province_names_at_a_date(deps: Deps, code: int, date: dt.date, official: str) -> None:
    unit = as_of(deps.library, deps.units.get(code, Tier.PROVINCE), date)
    assert unit.official == official
    assert unit.level == ("thành phố" if official.startswith("Thành phố") else "tỉnh")


def test_huế_was_a_province_before_2025(deps: Deps) -> None:
    legacy = deps.units.get(46, Tier.PROVINCE, Era.LEGACY)
    assert as_of(deps.library, legacy, D(2024, 6, 1)).official == "Tỉnh Thừa Thiên Huế"
    assert as_of(deps.library, legacy, D(2025, 3, 1)).official == "Thành phố Huế"


@pytest.mark.parametrize(("date", "level"), [(D(2026, 9, 19), "xã"), (D(2026, 9, 20), "phường")])
def test_the_twelve_bac_ninh_communes_became_wards(deps: Deps, date: dt.date, level: str) -> None:
    codes = [7294, 7375, 7399, 7444, 7840, 9193, 9292, 9313, 9319, 9454, 9475, 9496]
    for code in codes:
        unit = as_of(deps.library, deps.units.get(code, Tier.COMMUNE), date)
        assert unit.level == level, code
        assert unit.province is not None
        assert unit.province.official == ("Thành phố Bắc Ninh" if level == "phường"
                                           else "Tỉnh Bắc Ninh")


def test_every_change_has_its_act_and_source(deps: Deps) -> None:
    for change in changes(deps.library.tables):
        assert change.act, change.code
        assert change.source, change.code
        assert (change.start is None) != (change.until is None), change.code


def _text(deps: Deps, **raw: Any) -> str:
    return to_plain(compose_plan(parse_request(raw), deps).context)


@pytest.mark.parametrize(("date", "province_word"), [
    ({"day": 20, "month": 8}, "tỉnh"), ({"day": 2, "month": 9}, "thành phố"),
    (None, "tỉnh"),                    # blank: judged at the usual day, 15/5/2026
])
def test_a_quang_ninh_commune_reports_to_the_province_or_the_city(
        deps: Deps, date: dict[str, int] | None, province_word: str) -> None:
    commune = next(u for u in deps.units.children(deps.units.get(22, Tier.PROVINCE))
                   if u.level == "xã")
    text = _text(deps, kind="keep-drug-free", unit=commune.code, year=2026,
                 **({"date": date} if date else {}))
    assert f"- UBND {province_word} (để báo cáo);" in text
    assert f"Công an {province_word} (để báo cáo)" in text


def test_the_province_plan_of_dong_nai_names_the_province_in_january(deps: Deps) -> None:
    text = _text(deps, kind="province-drug-free", unit=75, year=2026)
    assert text.splitlines()[1] == "TỈNH ĐỒNG NAI"
    assert "Ủy ban nhân dân tỉnh Đồng Nai ban hành" in text
    later = _text(deps, kind="province-drug-free", unit=75, year=2026,
                  date={"day": 4, "month": 5})
    assert later.splitlines()[1] == "THÀNH PHỐ ĐỒNG NAI"
    assert "Ủy ban nhân dân thành phố Đồng Nai ban hành" in later
