"""Every unit of each class gets the place right from a minimal request (issue 10, items 3–6):
centrally-run cities' wording, village words of its region, the traits' clauses, urban and rural
phrases.  One kind per class runs always; every kind runs in the slow sweep.

Expectations are the geography and the law written here (which cities are centrally run, which
words belong to the South, to wards), not the tables under test."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from service.deps import Deps
from service.errors import PlanError
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import to_plain
from service.units import Era, Tier, Unit

CITIES = {1: "Hà Nội", 31: "Hải Phòng", 46: "Huế", 48: "Đà Nẵng", 79: "Hồ Chí Minh",
          92: "Cần Thơ"}          # centrally run since 01/7/2025 (and Huế since 01/01/2025)
SOUTH = {79, 75, 80, 82, 86, 91, 92, 96}
COMMUNE_KINDS = ("keep-drug-free", "build-drug-free", "transform-area", "whole-people-model",
                 "action-month")

PROVINCE_WORDS = re.compile(r"(?<!\w)(của tỉnh|Công an tỉnh|UBND tỉnh|Ủy ban nhân dân tỉnh"
                            r"|Tỉnh ủy|trong và ngoài tỉnh|trên địa bàn tỉnh)(?!\w)")
THON = re.compile(r"(?<!\w)(?<!nông )thôn(?!\w)")
RURAL = re.compile(r"nương rẫy|Chương trình mục tiêu quốc gia xây dựng nông thôn mới"
                   r"|vùng sâu, vùng xa|con giống|trồng cây có chứa chất ma túy")


def body(text: str) -> str:
    return text.split("KẾ HOẠCH", 1)[1].split("Nơi nhận:")[0]


def texts(deps: Deps, units: list[Unit], kinds: tuple[str, ...],
          year: int = 2026) -> Iterator[tuple[Unit, str, str]]:
    for unit in units:
        for kind in kinds:
            try:
                plan = compose_plan(parse_request({"kind": kind, "unit": unit.code,
                                                   "year": year}), deps)
            except PlanError:
                continue   # a kind that does not fit the unit's level
            yield unit, kind, to_plain(plan.context)


def bare_city_name(name: str) -> re.Pattern[str]:
    """The city named as a place without its level word ('trong và ngoài Hồ Chí Minh', 'của Hà
    Nội'); a body's name ('Báo và Phát thanh, Truyền hình Hà Nội') is not a place."""
    return re.compile(rf"(?<!\w)(?:trong và ngoài|ngoài|của|tại|trên địa bàn|địa bàn|toàn|về)"
                      rf" {re.escape(name)}(?!\w)")


def city_problems(unit: Unit, text: str) -> list[str]:
    found = [m.group(0) for m in PROVINCE_WORDS.finditer(body(text))]
    name = CITIES[unit.province_unit.code]
    found += [m.group(0) for m in bare_city_name(name).finditer(body(text))]
    return found


def _city_units(deps: Deps) -> list[Unit]:
    return [u for code in CITIES for u in deps.units.children(deps.units.get(code, Tier.PROVINCE))]


@pytest.mark.parametrize("kinds", [
    ("action-month",), pytest.param(COMMUNE_KINDS, marks=pytest.mark.slow)])
def test_every_unit_of_the_centrally_run_cities(deps: Deps, kinds: tuple[str, ...]) -> None:
    units = _city_units(deps)
    assert len(units) > 600
    problems = [f"{u.label} / {k}: {city_problems(u, t)}" for u, k, t in texts(deps, units, kinds)
                if city_problems(u, t)]
    assert not problems, f"{len(problems)}: " + "\n".join(problems[:20])


def test_the_centrally_run_cities_own_plans(deps: Deps) -> None:
    for code, name in CITIES.items():
        unit = deps.units.get(code, Tier.PROVINCE)
        (_, _, text), = texts(deps, [unit], ("province-drug-free",))
        assert city_problems(unit, text) == [], name
        expected = "Thành phố Hồ Chí Minh" if code == 79 else f"thành phố {name}"
        assert f"Ủy ban nhân dân {expected} ban hành" in text, name


def _southern(deps: Deps) -> list[Unit]:
    return [u for code in sorted(SOUTH)
            for u in deps.units.children(deps.units.get(code, Tier.PROVINCE))]


@pytest.mark.parametrize("kinds", [
    ("keep-drug-free",), pytest.param(COMMUNE_KINDS, marks=pytest.mark.slow)])
def test_every_southern_ward_and_commune_has_its_own_words(deps: Deps,
                                                           kinds: tuple[str, ...]) -> None:
    problems = []
    for unit, kind, text in texts(deps, _southern(deps), kinds):
        if THON.search(body(text)):
            problems.append(f"{unit.label} / {kind}: thôn")
        # every commune kind but the action month names the villages
        if unit.level == "xã" and kind != "action-month" and "ấp" not in body(text).split():
            problems.append(f"{unit.label} / {kind}: no ấp")
    assert not problems, f"{len(problems)}: " + "\n".join(problems[:20])


@pytest.mark.parametrize("kinds", [
    ("keep-drug-free",), pytest.param(COMMUNE_KINDS, marks=pytest.mark.slow)])
def test_no_ward_anywhere_has_thon_or_rural_phrases(deps: Deps, kinds: tuple[str, ...]) -> None:
    wards = [u for u in deps.units.units(Tier.COMMUNE) if u.level == "phường"]
    assert len(wards) > 680
    problems = []
    for unit, kind, text in texts(deps, wards, kinds):
        found = [m.group(0) for m in (*THON.finditer(body(text)), *RURAL.finditer(body(text)))]
        if found:
            problems.append(f"{unit.label} / {kind}: {found}")
    assert not problems, f"{len(problems)}: " + "\n".join(problems[:20])


@pytest.mark.parametrize("kinds", [
    ("keep-drug-free", "action-month"), pytest.param(COMMUNE_KINDS, marks=pytest.mark.slow)])
def test_every_special_zone_has_its_sea_tasks(deps: Deps, kinds: tuple[str, ...]) -> None:
    zones = [u for u in deps.units.units(Tier.COMMUNE) if u.level == "đặc khu"]
    assert len(zones) == 13
    for unit, kind, text in texts(deps, zones, kinds):
        assert "tàu thuyền, phương tiện hoạt động trên biển" in text, (unit.label, kind)
        assert "Đồn Biên phòng trên địa bàn đặc khu" in text, (unit.label, kind)


BORDER_PROVINCES = {4, 8, 11, 12, 14, 15, 20, 22, 38, 40, 42, 44, 46, 48, 51, 52, 66, 68, 75, 80,
                    82, 91}
COASTAL_PROVINCES = {22, 31, 33, 37, 38, 40, 42, 44, 46, 48, 51, 52, 56, 66, 68, 79, 82, 86, 91,
                     92, 96}


def test_every_province_plan_has_its_border_and_sea_tasks(deps: Deps) -> None:
    provinces = list(deps.units.units(Tier.PROVINCE))
    for unit, _, text in texts(deps, provinces, ("province-drug-free",)):
        military = next(line for line in text.splitlines()
                        if line.split(". ", 1)[-1].startswith("Đề nghị Bộ Chỉ huy Quân sự"))
        assert ("Bộ Tư lệnh Vùng Cảnh sát biển" in military) is (
            unit.code in COASTAL_PROVINCES), unit.official
        assert ("ngăn chặn ma túy vận chuyển qua biên giới" in text
                or "vận chuyển qua biên giới và trên biển" in text) is (
            unit.code in BORDER_PROVINCES), unit.official
        assert ("trên biển" in text) is (unit.code in COASTAL_PROVINCES), unit.official


@pytest.mark.slow
def test_every_legacy_urban_district_has_no_thon_and_no_rural_programme(deps: Deps) -> None:
    districts = [u for u in deps.units.units(Tier.DISTRICT, Era.LEGACY) if u.level == "quận"]
    assert len(districts) > 40
    problems = []
    for unit, _, text in texts(deps, districts, ("district-drug-free",), 2024):
        found = [m.group(0) for m in THON.finditer(body(text))]
        found += [p for p in ("vùng sâu, vùng xa", "con giống", "xây dựng nông thôn mới")
                  if p in body(text)]
        if found:
            problems.append(f"{unit.label}: {found}")
    assert not problems, "\n".join(problems[:20])


def test_mountain_communes_have_no_city_blocks(deps: Deps) -> None:
    """Communes of the northern mountains and the Central Highlands (legacy provinces of those
    regions, merged whole): no “chung cư”, “khu đô thị” in their plans."""
    mountain = {4, 11, 12, 14, 20}   # Cao Bằng, Điện Biên, Lai Châu, Sơn La, Lạng Sơn
    communes = [u for code in sorted(mountain)
                for u in deps.units.children(deps.units.get(code, Tier.PROVINCE))
                if u.level == "xã"]
    problems = [f"{u.label} / {k}" for u, k, t in texts(deps, communes, ("build-drug-free",))
                if "chung cư" in t or "khu đô thị" in t]
    assert not problems, "\n".join(problems[:20])


def test_every_commune_the_tables_list_gets_its_border_or_sea_clauses(deps: Deps) -> None:
    """The communes `place-traits.yaml` lists as on a border or on the sea (with their source):
    the border guard post is asked to help, and the border or the sea tasks are in the plan."""
    listed = deps.library.tables["place-traits"]["communes"]
    assert listed
    for entry in listed:
        unit = deps.units.get(int(entry["code"]), Tier.COMMUNE)
        (_, _, text), = texts(deps, [unit], ("keep-drug-free",))
        assert "Đề nghị Đồn Biên phòng trên địa bàn" in text, unit.label
        if entry.get("border"):
            assert "Lá chắn vùng biên" in text, unit.label
            assert " và ".join(entry["border"]) in text, unit.label
        if entry.get("coast"):
            assert "tàu thuyền, phương tiện hoạt động trên biển" in text, unit.label
