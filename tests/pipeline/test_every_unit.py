"""Every current unit (and every legacy district, and a stride sample of the legacy communes) gets
a coherent plan from a minimal request.

What a plan must say is written here as tables, not computed by the code under test: how many
units each sweep covers, the words a plan of each level carries (its People's Committee, its
police, the units below it), the section numerals, and the classic tone-mark spelling (hòa, thủy)
in which a unit's own name appears.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from library.test_factorised import SOURCE_NAMES

from service.deps import Deps
from service.errors import PlanError
from service.library.loader import Library
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import to_plain
from service.units import Era, Tier, Unit

UNITS_PER_LEVEL = {
    # From 1 July 2025: 34 provinces (tỉnh and thành phố as the unit data, vietnam-provinces
    # 2026.9.0, has them) and 3,321 communes (Nghị quyết 202/2025/QH15 and the resolutions of
    # the reform: 2,621 xã, 687 phường, 13 đặc khu).
    (Era.CURRENT, Tier.PROVINCE): {"tỉnh": 25, "thành phố": 9},
    (Era.CURRENT, Tier.COMMUNE): {"xã": 2621, "phường": 687, "đặc khu": 13},
    # Before it, as the unit data (vietnam-provinces 2026.9.0) has them: 63 provinces, 696
    # districts, 10,051 communes.
    (Era.LEGACY, Tier.PROVINCE): {"tỉnh": 57, "thành phố": 6},
    (Era.LEGACY, Tier.DISTRICT): {"huyện": 509, "thành phố": 86, "thị xã": 52, "quận": 49},
    (Era.LEGACY, Tier.COMMUNE): {"xã": 7717, "phường": 1716, "thị trấn": 618},
}

LEVEL_WORDS = {
    # a commune's People's Committee and police, by its level word (what its residential groups
    # are called varies by place, not by level alone)
    "xã": ("Ủy ban nhân dân xã", "Công an xã"),
    "phường": ("Ủy ban nhân dân phường", "Công an phường"),
    "đặc khu": ("Ủy ban nhân dân đặc khu", "Công an đặc khu"),
    "thị trấn": ("Ủy ban nhân dân thị trấn", "Công an thị trấn"),
    # a district's (before the reform) or a province's, and the units below it
    "huyện": ("UBND huyện", "Công an huyện", "xã, thị trấn"),
    "quận": ("UBND quận", "Công an quận", "phường"),
    "thị xã": ("UBND thị xã", "Công an thị xã", "xã, phường"),
    "thành phố": ("UBND thành phố", "Công an thành phố", "xã, phường"),
    "tỉnh": ("UBND tỉnh", "Công an tỉnh", "xã, phường"),
}

NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

CLASSIC = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
           "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
           "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
"""Open syllables oa, oe, uy with the tone on the second vowel (modern) -> on the first (classic,
the plans' style); not after q (quý), not before a final consonant (hoàng)."""
CLASSIC.update({k.capitalize(): v.capitalize() for k, v in CLASSIC.items()})
_MODERN = re.compile(r"(?<![qQ])(" + "|".join(CLASSIC) + r")(?!\w)")


def classic(name: str) -> str:
    return _MODERN.sub(lambda m: CLASSIC[m.group(1)], name)

ROLE_WORDS = re.compile(
    r"(?<!\w)(Công an|Trạm y tế|Ban Chỉ huy Quân sự|Ủy ban Mặt trận Tổ quốc Việt Nam)"
    r" (xã|phường|đặc khu|thị trấn|huyện)(?!\w)")


# Every name of the sources in one pattern (longest first), so that a text is scanned once.
FOREIGN = re.compile(r"(?<!\w)(" + "|".join(
    re.escape(n) for n in sorted(SOURCE_NAMES, key=len, reverse=True)) + r")(?!\w)")


def kinds_for(library: Library, tier: str, era: str) -> list[str]:
    return sorted(k.id for k in library.kinds.values() if k.tier == tier and era in k.eras)


def invariants(unit: Unit, text: str) -> Iterator[str]:
    """Every way `text` is not a coherent plan for `unit`, as messages."""
    body = text.split("Nơi nhận:")[0]
    full = classic(unit.full)
    if full not in text:
        yield f"own name “{full}” missing"
    for words in LEVEL_WORDS[unit.level]:
        if words not in body:
            yield f"“{words}” missing"
    # a legacy commune reports to its district's People's Committee and police ("Công an huyện")
    above = f"Công an {unit.district.level}" if unit.district is not None else ""
    for m in ROLE_WORDS.finditer(body):
        if unit.tier is Tier.COMMUNE and m.group(2) != unit.level and m.group(0) != above:
            yield f"wrong level word: “{m.group(0)}”"
    own = classic(f"{unit.label} {unit.province_unit.official}").lower()
    for name in sorted({m.group(1) for m in FOREIGN.finditer(text)}):
        if name.lower() not in own:
            yield f"foreign name “{name}”"
    for bad in ("{{", "{%", "}}", "None", "  "):
        if bad in body.replace("\u00a0", " ").split("KẾ HOẠCH", 1)[-1]:
            yield f"“{bad}” left in the text"
    numerals = re.findall(r"^([IVX]+)\. ", body, re.MULTILINE)
    if tuple(numerals) != NUMERALS[:len(numerals)] or len(numerals) < 3:
        yield f"sections numbered {numerals}"
    if text.count("./.") != 1 or not body.rstrip().endswith("./."):
        yield "the body does not end with “./.” exactly once"


def check(deps: Deps, units: list[Unit], kinds: list[str], year: int) -> list[str]:
    problems: list[str] = []
    for unit in units:
        for kind in kinds:
            try:
                plan = compose_plan(parse_request({"kind": kind, "unit": unit.code,
                                                   "year": year}), deps)
            except PlanError as e:
                problems.append(f"{unit.label} / {kind}: {e}")
                continue
            # the unit as named on the plan's date (tables/unit-changes.yaml): Quảng Ninh is a
            # province in January 2026 and a centrally-run city from 01/9/2026
            problems += [f"{unit.label} / {kind}: {p}" for p in invariants(plan.unit, to_plain(
                plan.context))]
    return problems


@pytest.mark.parametrize(("era", "tier"), list(UNITS_PER_LEVEL))
def test_the_sweeps_cover_every_unit_of_each_level(deps: Deps, era: Era, tier: Tier) -> None:
    assert Counter(u.level for u in deps.units.units(tier, era)) == UNITS_PER_LEVEL[era, tier]


@pytest.mark.parametrize(("name", "expected"), [
    ("Xã Hoà Bình", "Xã Hòa Bình"), ("Phường Thuỷ Xuân", "Phường Thủy Xuân"),
    ("Xã Hoàng Hoa Thám", "Xã Hoàng Hoa Thám"), ("Xã Quý Lộc", "Xã Quý Lộc"),
    ("Đặc khu Côn Đảo", "Đặc khu Côn Đảo"), ("Xã Khoẻ", "Xã Khỏe"), ("Xã Hòa Bình", "Xã Hòa Bình"),
])
def test_classic_spells_names_as_the_plans_do(name: str, expected: str) -> None:
    assert classic(name) == expected


@pytest.mark.slow
@pytest.mark.parametrize("part", range(4))
def test_every_current_commune_every_commune_kind(deps: Deps, part: int) -> None:
    communes = sorted(deps.units.units(Tier.COMMUNE), key=lambda u: u.code)[part::4]
    problems = check(deps, communes, kinds_for(deps.library, "commune", "current"), 2026)
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:30])


def test_every_province(deps: Deps) -> None:
    provinces = list(deps.units.units(Tier.PROVINCE))
    assert len(provinces) == 34
    problems = check(deps, provinces, kinds_for(deps.library, "province", "current"), 2026)
    assert not problems, "\n".join(problems[:30])


@pytest.mark.slow
def test_every_legacy_district_before_the_reform(deps: Deps) -> None:
    districts = list(deps.units.units(Tier.DISTRICT, Era.LEGACY))
    problems = check(deps, districts, kinds_for(deps.library, "district", "legacy"), 2024)
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:30])


LEGACY_STRIDE = 7    # every 7th legacy commune by code: 1,436 of 10,051, every level and province


def legacy_communes(deps: Deps) -> list[Unit]:
    return sorted(deps.units.units(Tier.COMMUNE, Era.LEGACY), key=lambda u: u.code)[::LEGACY_STRIDE]


def test_the_legacy_sample_covers_every_level_and_province(deps: Deps) -> None:
    sample = legacy_communes(deps)
    assert {u.level for u in sample} == {"xã", "phường", "thị trấn"}
    assert len({u.province_unit.code for u in sample}) == 63
    assert kinds_for(deps.library, "commune", "legacy") == [
        "action-month", "build-drug-free", "keep-drug-free", "transform-area",
        "whole-people-model"]


@pytest.mark.slow
@pytest.mark.parametrize("part", range(2))
def test_legacy_communes_before_the_reform_every_commune_kind(deps: Deps, part: int) -> None:
    communes = legacy_communes(deps)[part::2]
    problems = check(deps, communes, kinds_for(deps.library, "commune", "legacy"), 2024)
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:30])
