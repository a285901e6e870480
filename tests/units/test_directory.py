"""Units: look-up by code and name, diacritics- and level-word-insensitive, both eras."""

from __future__ import annotations

import pytest

from service.deps import Deps
from service.errors import AmbiguousUnit, UnitNotFound
from service.units import Era, Tier, UnitDirectory


@pytest.fixture(scope="module")
def units(deps: Deps) -> UnitDirectory:
    return deps.units


def test_counts_match_the_reform(units: UnitDirectory) -> None:
    communes = list(units.units(Tier.COMMUNE))
    assert len(list(units.units(Tier.PROVINCE))) == 34
    assert len(communes) == 3321
    levels = [u.level for u in communes]
    assert (levels.count("xã"), levels.count("phường"), levels.count("đặc khu")) == (2621, 687, 13)
    assert len(list(units.units(Tier.PROVINCE, Era.LEGACY))) == 63
    assert len(list(units.units(Tier.DISTRICT, Era.LEGACY))) == 696


@pytest.mark.parametrize("text", [
    "Thượng Đức, Hà Tĩnh", "xã Thượng Đức, tỉnh Hà Tĩnh", "thuong duc, ha tinh",
    "Xã Thượng Đức, Tỉnh Hà Tĩnh", "  THƯỢNG ĐỨC ,  HÀ TĨNH ",
])
def test_name_lookup_ignores_diacritics_and_level_words(units: UnitDirectory, text: str) -> None:
    assert units.find(text, Tier.COMMUNE).code == 18328


@pytest.mark.parametrize(("code", "tier", "era", "label"), [
    (18328, Tier.COMMUNE, Era.CURRENT, "Xã Thượng Đức, Tỉnh Hà Tĩnh"),
    (18328, Tier.COMMUNE, Era.LEGACY, "Xã Đức Hương, Huyện Vũ Quang, Tỉnh Hà Tĩnh"),
    (66, Tier.PROVINCE, Era.CURRENT, "Tỉnh Đắk Lắk"),
    (106, Tier.DISTRICT, Era.LEGACY, "Huyện Tam Đường, Tỉnh Lai Châu"),
])
def test_code_lookup_depends_on_tier_and_era(units: UnitDirectory, code: int, tier: Tier,
                                             era: Era, label: str) -> None:
    assert units.get(code, tier, era).label == label


def test_ambiguous_name_lists_candidates(units: UnitDirectory) -> None:
    with pytest.raises(AmbiguousUnit) as e:
        units.find("Thượng Đức", Tier.COMMUNE)
    assert "Xã Thượng Đức, Tỉnh Hà Tĩnh" in e.value.candidates
    assert "Xã Thượng Đức, Thành phố Đà Nẵng" in e.value.candidates


def test_unknown_name_is_an_error_with_near_matches(units: UnitDirectory) -> None:
    with pytest.raises(UnitNotFound) as e:
        units.find("Thượng Đức, Lai Châu", Tier.COMMUNE)
    assert "Xã Thượng Đức, Tỉnh Hà Tĩnh" in e.value.candidates
    assert e.value.field == "unit"


def test_district_exists_only_before_the_reform(units: UnitDirectory) -> None:
    assert units.find("Tam Đường, Lai Châu", Tier.DISTRICT, Era.LEGACY).level == "huyện"
    with pytest.raises(UnitNotFound):
        units.find("Tam Đường, Lai Châu", Tier.DISTRICT, Era.CURRENT)


@pytest.mark.parametrize(("text", "full", "place", "header"), [
    ("Thượng Đức, Hà Tĩnh", "xã Thượng Đức", "Thượng Đức", "XÃ THƯỢNG ĐỨC"),
    ("Vị Khê, Ninh Bình", "phường Vị Khê", "Vị Khê", "PHƯỜNG VỊ KHÊ"),
    ("Cô Tô, Quảng Ninh", "đặc khu Cô Tô", "Cô Tô", "ĐẶC KHU CÔ TÔ"),
])
def test_names_in_running_text_header_and_date_line(units: UnitDirectory, text: str, full: str,
                                                     place: str, header: str) -> None:
    unit = units.find(text, Tier.COMMUNE)
    assert (unit.full, unit.place, unit.header_name) == (full, place, header)


def test_province_children(units: UnitDirectory) -> None:
    dak_lak = units.get(66, Tier.PROVINCE)
    assert len(units.children(dak_lak)) == 102
    assert dak_lak.full == "tỉnh Đắk Lắk"
    assert units.get(79, Tier.PROVINCE).full == "Thành phố Hồ Chí Minh"


def test_search_filters_by_province_and_level(units: UnitDirectory) -> None:
    found = units.search("tân an", province=31)
    assert [u.label for u in found] == ["Xã Tân An, Thành phố Hải Phòng"]
    assert all(u.level == "phường" for u in units.search("tân an", level="phường"))
