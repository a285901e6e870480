"""A province's names for its communes' offices (clauses/tables/commune-offices.yaml): every
mention follows the table; a request's `offices` win; other provinces keep the default names."""

from __future__ import annotations

import pytest

from service.deps import Deps
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.agencies import commune_offices
from service.text.plain import to_plain
from service.units import Era, Tier, Unit

DEFAULT = "Trung tâm Dịch vụ tổng hợp"
HAI_PHONG = "Trung tâm Sự nghiệp công"


def _commune(deps: Deps, province: int, level: str, era: Era = Era.CURRENT) -> Unit:
    return next(u for u in sorted(deps.units.units(Tier.COMMUNE, era), key=lambda u: u.code)
                if u.province_unit.code == province and u.level == level)


def _text(deps: Deps, unit: Unit, kind: str = "keep-drug-free", **extra: object) -> str:
    request = {"kind": kind, "unit": unit.code, "year": 2026, **extra}
    return to_plain(compose_plan(parse_request(request), deps).context)


@pytest.mark.parametrize("kind", ["keep-drug-free", "build-drug-free", "transform-area"])
def test_a_commune_of_a_province_with_an_entry_gets_its_name_everywhere(deps: Deps,
                                                                      kind: str) -> None:
    text = _text(deps, _commune(deps, 31, "xã"), kind)
    assert HAI_PHONG in text
    assert DEFAULT not in text


def test_the_request_override_wins_over_the_table(deps: Deps) -> None:
    text = _text(deps, _commune(deps, 31, "xã"),
                 offices={"service_center": "Trung tâm Dịch vụ công cộng"})
    assert "Trung tâm Dịch vụ công cộng" in text
    assert HAI_PHONG not in text


@pytest.mark.parametrize(("province", "level"), [
    (42, "xã"),      # Hà Tĩnh: no entry
    (31, "phường"),  # Hải Phòng: the entry is for its xã (source 002) only
])
def test_without_an_entry_the_default_name_stays(deps: Deps, province: int, level: str) -> None:
    text = _text(deps, _commune(deps, province, level))
    assert DEFAULT in text
    assert HAI_PHONG not in text


@pytest.mark.parametrize(("province", "level", "era", "expected"), [
    (37, "phường", Era.CURRENT, {"agriculture": "Phòng Nông nghiệp"}),   # Ninh Bình (003)
    (37, "xã", Era.CURRENT, {}),
    (31, "xã", Era.CURRENT, {"service_center": HAI_PHONG}),
    (31, "xã", Era.LEGACY, {}),     # before the reform a province did not name them
])
def test_table_entries_by_province_level_and_era(deps: Deps, province: int, level: str,
                                                 era: Era, expected: dict[str, str]) -> None:
    table = deps.library.tables["commune-offices"]
    assert commune_offices(table, _commune(deps, province, level, era)) == expected


def test_every_entry_names_an_existing_role_and_a_source(deps: Deps) -> None:
    table = deps.library.tables["commune-offices"]
    for code, entries in table["provinces"].items():
        assert deps.units.get(int(code), Tier.PROVINCE) is not None
        for role, entry in entries.items():
            assert role in deps.library.agencies, (code, role)
            assert entry["source"]["plan"], (code, role)
