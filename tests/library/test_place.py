"""Traits of the place and words for the residential groups come from the tables
(place-traits.yaml, residential-groups.yaml), for every unit of each class.

Expectations are written here from the geography (which provinces are on the sea, on which land
border), not read from the tables under test."""

from __future__ import annotations

import pytest

from service.deps import Deps
from service.library.place import Place, place_of
from service.units import Era, Tier, Unit

# The 34 provinces after 01/7/2025 on the sea: the 28 coastal provinces of before, merged.
COASTAL = {22: "Quảng Ninh", 31: "Hải Phòng", 33: "Hưng Yên", 37: "Ninh Bình", 38: "Thanh Hóa",
           40: "Nghệ An", 42: "Hà Tĩnh", 44: "Quảng Trị", 46: "Huế", 48: "Đà Nẵng",
           51: "Quảng Ngãi", 52: "Gia Lai", 56: "Khánh Hòa", 66: "Đắk Lắk", 68: "Lâm Đồng",
           79: "Hồ Chí Minh", 82: "Đồng Tháp", 86: "Vĩnh Long", 91: "An Giang", 92: "Cần Thơ",
           96: "Cà Mau"}
# … and on the land border, with their neighbours.
BORDER = {4: {"Trung Quốc"}, 8: {"Trung Quốc"}, 11: {"Lào", "Trung Quốc"}, 12: {"Trung Quốc"},
          14: {"Lào"}, 15: {"Trung Quốc"}, 20: {"Trung Quốc"}, 22: {"Trung Quốc"}, 38: {"Lào"},
          40: {"Lào"}, 42: {"Lào"}, 44: {"Lào"}, 46: {"Lào"}, 48: {"Lào"},
          51: {"Lào", "Campuchia"}, 52: {"Campuchia"}, 66: {"Campuchia"}, 68: {"Campuchia"},
          75: {"Campuchia"}, 80: {"Campuchia"}, 82: {"Campuchia"}, 91: {"Campuchia"}}
SOUTH = {79, 75, 80, 82, 86, 91, 92, 96}        # Đông Nam Bộ and the Mekong delta, after 2025
RURAL_WORDS = {"thôn", "bản", "buôn", "bon", "làng", "ấp", "xóm", "sóc", "phum", "plei"}
URBAN_WORDS = {"tổ dân phố", "khu phố", "khóm", "khu vực", "khối", "khối phố", "tiểu khu", "khu"}


def _place(deps: Deps, unit: Unit) -> Place:
    return place_of(deps.library, deps.units, unit)


def test_provinces_on_the_sea_and_on_the_border(deps: Deps) -> None:
    provinces = list(deps.units.units(Tier.PROVINCE))
    assert len(provinces) == 34
    for p in provinces:
        place = _place(deps, p)
        assert ("coast" in place.traits) is (p.code in COASTAL), p.official
        assert ("border" in place.traits) is (p.code in BORDER), p.official
        assert set(place.border_with) == BORDER.get(p.code, set()), p.official


def test_legacy_provinces_28_coastal_25_border(deps: Deps) -> None:
    provinces = list(deps.units.units(Tier.PROVINCE, Era.LEGACY))
    assert len(provinces) == 63
    assert sum("coast" in _place(deps, p).traits for p in provinces) == 28
    assert sum("border" in _place(deps, p).traits for p in provinces) == 25


def test_every_special_zone_is_on_islands_by_the_sea(deps: Deps) -> None:
    zones = [u for u in deps.units.units(Tier.COMMUNE) if u.level == "đặc khu"]
    assert len(zones) == 13
    for zone in zones:
        place = _place(deps, zone)
        assert {"island", "coast"} <= place.traits, zone.label
        assert not {"urban", "rural"} & place.traits, zone.label
        assert place.village_words, zone.label


@pytest.mark.parametrize("era", [Era.CURRENT, Era.LEGACY])
def test_every_ward_is_urban_and_never_has_rural_words(deps: Deps, era: Era) -> None:
    wards = [u for u in deps.units.units(Tier.COMMUNE, era) if u.level in ("phường", "thị trấn")]
    assert wards
    for ward in wards:
        place = _place(deps, ward)
        assert "urban" in place.traits, ward.label
        assert "rural" not in place.traits, ward.label
        if ward.level == "phường":
            assert set(place.village_words) <= URBAN_WORDS, (ward.label, place.village_words)


def test_every_commune_is_rural_with_a_rural_word_first(deps: Deps) -> None:
    for unit in deps.units.units(Tier.COMMUNE):
        if unit.level != "xã":
            continue
        place = _place(deps, unit)
        assert "rural" in place.traits, unit.label
        assert "urban" not in place.traits, unit.label
        assert place.village_words[0] in RURAL_WORDS | {"khu"}, (unit.label,
                                                                 place.village_words)


def test_southern_communes_have_hamlets_and_wards_their_own_words(deps: Deps) -> None:
    for province in SOUTH:
        for unit in deps.units.children(deps.units.get(province, Tier.PROVINCE)):
            words = set(_place(deps, unit).village_words)
            if unit.level == "phường":
                assert words <= {"khu phố", "khóm", "khu vực"}, (unit.label, words)
            elif unit.level == "xã":
                assert "ấp" in words, (unit.label, words)
                assert "thôn" not in words, (unit.label, words)


def test_can_tho_wards_say_khu_vuc_where_can_tho_and_hau_giang_did(deps: Deps) -> None:
    city = deps.units.get(92, Tier.PROVINCE)
    for ward in (u for u in deps.units.children(city) if u.level == "phường"):
        before = {p.province_unit.code for p in deps.units.predecessors(ward)}
        words = _place(deps, ward).village_words
        if before <= {92, 93}:
            assert words == ("khu vực",), ward.label
        if before == {94}:                        # legacy Sóc Trăng: khóm
            assert words == ("khóm",), ward.label


def test_no_urban_district_gets_rural_words(deps: Deps) -> None:
    for district in deps.units.units(Tier.DISTRICT, Era.LEGACY):
        place = _place(deps, district)
        if district.level == "quận":
            assert "urban" in place.traits, district.label
            assert not set(place.village_words) & RURAL_WORDS, district.label
        if district.level == "huyện":
            assert "rural" in place.traits, district.label


@pytest.mark.parametrize(("code", "traits", "border_with", "words"), [
    (3158, {"border", "ethnic", "mountain", "rural"}, ("Lào", "Trung Quốc"), ("thôn", "bản")),
    (14167, {"coast", "rural"}, (), ("thôn", "xóm", "tổ dân phố")),      # Giao Thủy
    (31633, {"coast", "rural"}, (), ("ấp",)),                            # Cù Lao Dung
    (31567, {"rural"}, (), ("ấp", "khóm")),                              # Mỹ Tú
    (31078, {"coast", "island"}, (), ("ấp", "khu phố")),                 # Phú Quốc
    (26732, {"coast", "island"}, (), ("ấp", "khu phố")),                 # Côn Đảo
    (70, {"urban"}, (), ("tổ dân phố",)),                                # phường Hoàn Kiếm
    (26743, {"urban"}, (), ("khu phố",)),                                # phường Bến Thành
])
def test_the_units_of_the_issue(deps: Deps, code: int, traits: set[str],
                                border_with: tuple[str, ...], words: tuple[str, ...]) -> None:
    place = _place(deps, deps.units.get(code, Tier.COMMUNE))
    assert place.traits == traits
    assert place.border_with == border_with
    assert place.village_words == words
    assert all(place.sources.get(t) for t in traits)


def test_legacy_units_of_the_issue(deps: Deps) -> None:
    ban_bo = deps.units.find("Bản Bo, Lai Châu", Tier.COMMUNE, Era.LEGACY)
    assert _place(deps, ban_bo).village_words == ("thôn", "bản")
    hoan_kiem = deps.units.find("Hoàn Kiếm, Hà Nội", Tier.DISTRICT, Era.LEGACY)
    assert _place(deps, hoan_kiem).village_words == ("tổ dân phố",)


# Nghị quyết số 202/2025/QH15: the current provinces and the legacy provinces they were formed from
MERGED = {1: {1}, 4: {4}, 8: {8, 2}, 11: {11}, 12: {12}, 14: {14}, 15: {15, 10}, 19: {19, 6},
          20: {20}, 22: {22}, 24: {24, 27}, 25: {25, 26, 17}, 31: {31, 30}, 33: {33, 34},
          37: {37, 35, 36}, 38: {38}, 40: {40}, 42: {42}, 44: {44, 45}, 46: {46}, 48: {48, 49},
          51: {51, 62}, 52: {52, 64}, 56: {56, 58}, 66: {66, 54}, 68: {68, 67, 60}, 75: {75, 70},
          79: {79, 74, 77}, 80: {72, 80}, 82: {87, 82}, 86: {86, 83, 84}, 91: {89, 91},
          92: {92, 93, 94}, 96: {96, 95}}


def test_each_province_was_formed_from_the_legacy_provinces_of_the_resolution(deps: Deps) -> None:
    for code, legacy in MERGED.items():
        found = {u.code for u in deps.units.predecessors(deps.units.get(code, Tier.PROVINCE))}
        assert found == legacy, code
