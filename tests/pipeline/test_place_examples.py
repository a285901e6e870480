"""The examples of issue 10, items 3–6, each as found in a minimal request's plan and fixed.

(Items 1 and 2: tests/library/test_signing.py, tests/library/test_renames.py.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from service.deps import Deps
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import to_plain

HOAN_KIEM_WARD, BEN_THANH = 70, 26743
PHU_QUOC, CON_DAO, GIAO_THUY, CU_LAO_DUNG, MY_TU, SIN_THAU = 31078, 26732, 14167, 31633, 31567, 3158
CITY_WARD_HCM = BEN_THANH


Render = Callable[..., str]


@pytest.fixture(scope="module")
def plan_text(deps: Deps) -> Render:
    """The plain text of a minimal request `{kind, unit, year}`, each rendered once."""
    seen: dict[tuple[str, int | str, int], str] = {}

    def render(kind: str, unit: int | str, year: int = 2026) -> str:
        if (kind, unit, year) not in seen:
            raw: dict[str, Any] = {"kind": kind, "unit": unit, "year": year}
            seen[kind, unit, year] = to_plain(compose_plan(parse_request(raw), deps).context)
        return seen[kind, unit, year]

    return render


def body(text: str) -> str:
    return text.split("KẾ HOẠCH", 1)[1].split("Nơi nhận:")[0]


THON = re.compile(r"(?<!\w)(?<!nông )thôn(?!\w)")


# --- 3. centrally-run cities -------------------------------------------------------------------

def test_a_ha_noi_ward_follows_the_citys_directions_not_the_provinces(plan_text: Render) -> None:
    text = plan_text("action-month", HOAN_KIEM_WARD)
    assert "các chỉ đạo của Trung ương, của Thành phố về xây dựng xã, phường không ma túy" in text
    assert "của tỉnh" not in text


def test_a_ho_chi_minh_city_ward_says_in_and_outside_the_city(plan_text: Render) -> None:
    text = plan_text("whole-people-model", CITY_WARD_HCM)
    assert "người dân trong và ngoài Thành phố đến sinh sống, làm việc" in text
    assert "trong và ngoài Hồ Chí Minh" not in text


@pytest.mark.parametrize(("unit", "city"), [(HOAN_KIEM_WARD, "thành phố"), (BEN_THANH, "thành phố"),
                                           (CU_LAO_DUNG, "thành phố"), (SIN_THAU, "tỉnh")])
def test_reports_go_to_the_city_or_the_province(plan_text: Render, unit: int, city: str) -> None:
    text = plan_text("keep-drug-free", unit)
    assert f"- UBND {city} (để báo cáo);" in text
    assert f"- Công an {city} (để báo cáo);" in text


# --- 4. village words --------------------------------------------------------------------------

@pytest.mark.parametrize("unit", [PHU_QUOC, CON_DAO])
@pytest.mark.parametrize("kind", ["keep-drug-free", "build-drug-free"])
def test_special_zones_of_the_south_have_hamlets_and_quarters(plan_text: Render, unit: int,
                                                              kind: str) -> None:
    text = plan_text(kind, unit)
    assert not THON.search(body(text))
    assert "ấp, khu phố" in text


def test_cu_lao_dung_has_no_thon(plan_text: Render) -> None:
    text = plan_text("keep-drug-free", CU_LAO_DUNG)
    assert "100% thôn" not in text
    assert "100% ấp" in text
    assert not THON.search(body(text))


def test_an_urban_district_has_no_thon(plan_text: Render) -> None:
    text = plan_text("district-drug-free", "Hoàn Kiếm, Hà Nội", 2024)
    assert "thôn, tổ dân phố, phường" not in text
    assert "“tổ dân phố, phường không có ma túy”" in text
    assert not THON.search(body(text))


def test_a_mountain_commune_before_the_reform_has_villages_called_ban(plan_text: Render) -> None:
    text = plan_text("keep-drug-free", "Bản Bo, Lai Châu", 2024)
    assert "100% thôn, bản có hòm thư tố giác tội phạm" in text


# --- 5. traits of the place --------------------------------------------------------------------

def test_sin_thau_has_its_border_guard_post(plan_text: Render) -> None:
    text = plan_text("keep-drug-free", SIN_THAU)
    assert "Đề nghị Đồn Biên phòng trên địa bàn xã" in text
    assert "qua lại khu vực biên giới với Lào và Trung Quốc" in text
    assert "Lá chắn vùng biên" in text


@pytest.mark.parametrize(("kind", "unit"), [
    ("keep-drug-free", PHU_QUOC), ("keep-drug-free", CON_DAO), ("whole-people-model", GIAO_THUY),
    ("keep-drug-free", CU_LAO_DUNG), ("action-month", PHU_QUOC)])
def test_coastal_communes_and_special_zones_have_their_sea_tasks(plan_text: Render, kind: str,
                                                                 unit: int) -> None:
    text = plan_text(kind, unit)
    assert "quản lý chặt chẽ ngư dân, tàu thuyền, phương tiện hoạt động trên biển" in text
    assert "Đồn Biên phòng trên địa bàn" in text


def test_an_inland_commune_has_no_sea_task(plan_text: Render) -> None:
    text = plan_text("transform-area", MY_TU)
    assert "tàu thuyền" not in text
    assert "Biên phòng" not in text


def test_hung_yen_is_on_the_sea_since_it_took_in_thai_binh(plan_text: Render) -> None:
    text = plan_text("province-drug-free", "Hưng Yên")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "Bộ Chỉ huy Quân sự tỉnh" in line
              and line.split(". ", 1)[0].isdigit())
    assert "Bộ Tư lệnh Vùng Cảnh sát biển" in lines[at]
    task = lines[at + 1]
    assert "tại vùng biển, đảo" in task
    assert "ngăn chặn ma túy vận chuyển trên biển" in task
    assert "cây có chứa chất ma túy trên biển" not in task


# --- 6. urban and rural phrases ----------------------------------------------------------------

RURAL_PHRASES = ("nương rẫy", "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
                 "vùng sâu, vùng xa", "con giống", "trồng cây có chứa chất ma túy")


@pytest.mark.parametrize("kind", ["keep-drug-free", "action-month", "whole-people-model",
                                  "build-drug-free", "transform-area"])
@pytest.mark.parametrize("unit", [HOAN_KIEM_WARD, BEN_THANH])
def test_no_rural_phrase_in_a_city_ward(plan_text: Render, kind: str, unit: int) -> None:
    text = body(plan_text(kind, unit))
    assert [p for p in RURAL_PHRASES if p in text] == []


def test_no_rural_phrase_in_an_urban_district(plan_text: Render) -> None:
    text = body(plan_text("district-drug-free", "Hoàn Kiếm, Hà Nội", 2024))
    assert [p for p in RURAL_PHRASES if p in text and p != "trồng cây có chứa chất ma túy"] == []


@pytest.mark.parametrize("kind", ["build-drug-free", "transform-area"])
def test_a_mountain_commune_does_not_speak_of_luxury_flats(plan_text: Render, kind: str) -> None:
    text = plan_text(kind, SIN_THAU)
    assert "chung cư" not in text
    assert "khu đô thị" not in text
    assert "vùng sâu, vùng xa, các khu vực nương rẫy ít người qua lại" in text


def test_the_province_plan_names_both_kinds_of_place_apart(plan_text: Render) -> None:
    text = plan_text("province-drug-free", "Điện Biên")
    assert ("các khu vực vùng sâu, vùng xa, các khu vực nương rẫy ít người qua lại; ở đô thị,"
            " chú trọng các khu chung cư, khu đô thị") in text


def test_a_ward_with_farmland_keeps_its_drug_plant_tasks_when_the_request_says_so(
        deps: Deps) -> None:
    raw: dict[str, Any] = {"kind": "action-month", "unit": "Vị Khê, Ninh Bình", "year": 2026}
    urban = to_plain(compose_plan(parse_request(raw), deps).context)
    assert "trồng cây có chứa chất ma túy" not in urban
    kept = to_plain(compose_plan(parse_request({**raw, "facts": {"not_traits": ["urban"]}}),
                                 deps).context)
    assert "triệt phá diện tích trồng cây có chứa chất ma túy" in kept
