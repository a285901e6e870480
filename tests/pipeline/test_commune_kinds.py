"""The commune kinds of the province's categories (source 001, II): build drug-free status this
year, transform the area for next year; listed for every commune level, refused elsewhere.  Every
commune kind also serves the communes of before the 1 July 2025 reform (xã, phường, thị trấn under
a district) for a year before the reform."""

from __future__ import annotations

import json
from typing import Any

import pytest

from service.cli import main
from service.deps import Deps
from service.errors import PlanError, UnitNotFound
from service.pipeline import build_plan, compose_plan
from service.review import check_docx
from service.spec import parse_request
from service.text.plain import to_plain

NEW_KINDS = ("build-drug-free", "transform-area")
COMMUNE_KINDS = ("action-month", "build-drug-free", "keep-drug-free", "transform-area",
                 "whole-people-model")


def _text(deps: Deps, **request: Any) -> str:
    return " ".join(to_plain(compose_plan(parse_request(request), deps).context).split())


def test_kinds_json_lists_them_for_every_commune_level(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kinds", "--json"]) == 0
    by_id = {k["id"]: k for k in json.loads(capsys.readouterr().out)}
    for kind in COMMUNE_KINDS:
        assert by_id[kind]["levels"] == ["xã", "phường", "đặc khu", "thị trấn"]
        assert by_id[kind]["eras"] == ["current", "legacy"]
    assert by_id["district-drug-free"]["eras"] == ["legacy"]


@pytest.mark.parametrize("kind", COMMUNE_KINDS)
@pytest.mark.parametrize(("unit", "year", "error", "field"), [
    (66, 2026, PlanError, "unit"),                         # a province
    ("Thượng Đức, Hà Tĩnh", 2024, UnitNotFound, "unit"),   # a commune formed by the reform
    ("Phúc Xá, Hà Nội", 2026, UnitNotFound, "unit"),       # a ward merged away by the reform
    (6, 2026, UnitNotFound, "unit"),                       # a legacy code (Phường Vĩnh Phúc)
])
def test_refused_outside_communes_of_the_era(deps: Deps, kind: str, unit: int | str, year: int,
                                             error: type[PlanError], field: str) -> None:
    with pytest.raises(error) as caught:
        compose_plan(parse_request({"kind": kind, "unit": unit, "year": year}), deps)
    assert caught.value.field == field


# A legacy commune's plan of 2024: its own level words, its district above it, the law in force.
@pytest.mark.parametrize(("kind", "unit", "present", "absent"), [
    ("keep-drug-free", "Thị trấn Sóc Sơn, Hà Nội",
     ["Công an thị trấn", "UBND thị trấn Sóc Sơn", "tổ dân phố", "Trạm y tế thị trấn",
      "Luật Phòng, chống ma túy năm 2021", "về UBND thị trấn để báo cáo UBND huyện, Công an huyện",
      "- UBND huyện (để báo cáo);", "- Công an huyện (để báo cáo);", "Các ban, ngành,"],
     ["28/2025/QĐ-TTg", "120/2025/QH15", "Công an xã", "Phòng Văn hóa - Xã hội", "Các phòng,",
      "UBND thành phố (để báo cáo)", "đặc khu"]),
    ("build-drug-free", "Thị trấn Cô Tô, Quảng Ninh",
     ["Công an thị trấn", "được công nhận “thị trấn không ma túy”",
      "Luật Phòng, chống ma túy năm 2021", "- UBND huyện (để báo cáo);"],
     ["28/2025/QĐ-TTg", "Công an đặc khu", "đặc khu", "UBND tỉnh (để báo cáo)"]),
    ("transform-area", "Xã Sùng Phài, Lai Châu",
     ["Công an xã", "thôn, bản", "tạo tiền đề xây dựng “xã không ma túy” năm 2025",
      "- UBND thành phố (để báo cáo);"],
     ["28/2025/QĐ-TTg", "UBND tỉnh (để báo cáo)"]),
    ("whole-people-model", "Phường Phúc Xá, Hà Nội",
     ["Công an phường", "tổ dân phố", "- UBND quận (để báo cáo);",
      "Các ban, ngành, đơn vị liên quan"],
     ["Các phòng, ban", "Trung tâm Phục vụ hành chính công", "khu vực;"]),
    ("action-month", "Phường Phúc Xá, Hà Nội",
     ["Chung tay xây dựng xã, phường, thị trấn sạch ma túy", "Chỉ thị số 36-CT/TW",
      "Chương trình phòng, chống ma túy giai đoạn 2021 - 2025",
      "các ban, ngành, cơ quan trực thuộc",
      "- Công an quận (để báo cáo);"],
     ["132-KL/TW", "mục tiêu quốc gia", "phòng, ban", "Phòng Văn hóa - Xã hội"]),
])
def test_a_legacy_commune_before_the_reform(deps: Deps, kind: str, unit: str,
                                            present: list[str], absent: list[str]) -> None:
    text = _text(deps, kind=kind, unit=unit, year=2024, date={"day": 20, "month": 5})
    for words in present:
        assert words in text, words
    for words in absent:
        assert words not in text, words


# The checker (ND30 form and content rules) finds no error in the .docx of current and legacy
# communes of every kind.
@pytest.mark.parametrize("kind", COMMUNE_KINDS)
@pytest.mark.parametrize(("unit", "year"), [
    ("Thị trấn Sóc Sơn, Hà Nội", 2024), ("Phường Phúc Xá, Hà Nội", 2024),
    ("Xã Sùng Phài, Lai Châu", 2024), ("Cô Tô, Quảng Ninh", 2026), ("Vị Khê, Ninh Bình", 2026),
])
def test_the_docx_of_a_sample_has_no_error_finding(deps: Deps, kind: str, unit: str,
                                                  year: int) -> None:
    result = build_plan(parse_request({"kind": kind, "unit": unit, "year": year}), deps,
                        review=True)
    findings = [*result.findings, *check_docx(result.docx, deps=deps)]   # with content rules
    errors = [f"{f.rule}: {f.message}" for f in findings if f.severity == "error"]
    assert result.docx[:2] == b"PK"
    assert not errors, errors


@pytest.mark.parametrize(("kind", "trich_yeu", "words"), [
    ("build-drug-free", "Xây dựng “đặc khu không ma túy” năm 2026",
     ["đảm bảo đến kỳ xét duyệt năm 2026 đặc khu Cô Tô được công nhận “đặc khu không ma túy”",
      "tổ chức thực hiện xây dựng “đặc khu không ma túy”"]),
    ("transform-area", "Chuyển hóa địa bàn trọng điểm, phức tạp về ma túy năm 2026, tạo tiền đề"
     " xây dựng “đặc khu không ma túy” năm 2027",
     ["trước kỳ xét duyệt năm 2026 đạt đầy đủ các tiêu chí",   # the province's day: a request fact
      "chuyển sang giai đoạn giữ vững địa bàn không ma túy trong năm 2027",
      "tổ chức thực hiện chuyển hóa địa bàn, xây dựng “đặc khu không ma túy”"]),
])
def test_minimal_request_states_the_goal_of_the_category(deps: Deps, kind: str, trich_yeu: str,
                                                         words: list[str]) -> None:
    text = _text(deps, kind=kind, unit="Cô Tô, Quảng Ninh", year=2026)
    assert trich_yeu in text
    for w in words:
        assert w in text
    assert "duy trì “đặc khu không ma túy”" not in text


def test_build_names_the_villages_chosen_this_year(deps: Deps) -> None:
    text = _text(deps, kind="build-drug-free", unit="Thượng Đức, Hà Tĩnh", year=2026,
                 facts={"villages": [{"name": "1", "status": "build"},
                                     {"name": "2", "status": "build"},
                                     {"name": "3", "status": "keep"}]})
    assert "Trong năm 2026, 02 thôn (Thôn 1, Thôn 2) đạt tiêu chí không ma túy; các thôn còn lại" \
        in text


def test_transform_names_the_hot_spots_and_the_class(deps: Deps) -> None:
    text = _text(deps, kind="transform-area", unit="Thượng Đức, Hà Tĩnh", year=2026,
                 facts={"villages": [{"name": "1", "status": "hotspot"},
                                     {"name": "2", "status": "hotspot"}],
                        "params": {"area_class": "III", "review_deadline": "30/11"}})
    assert "Chuyển hóa Thôn 1 và Thôn 2;" in text
    assert "từ địa bàn trọng điểm phức tạp về ma túy loại III thành địa bàn “không ma túy”" in text
    assert "đến ngày 30/11/2026 đạt đầy đủ các tiêu chí" in text


@pytest.mark.parametrize("kind", NEW_KINDS)
@pytest.mark.parametrize(("month", "cited"), [(7, False), (10, True)])
def test_the_criteria_decision_is_cited_only_once_issued(deps: Deps, kind: str, month: int,
                                                         cited: bool) -> None:
    text = _text(deps, kind=kind, unit="Thượng Đức, Hà Tĩnh", year=2025,
                 date={"day": 20, "month": month})    # Quyết định số 28/2025/QĐ-TTg: 24/8/2025
    assert ("Quyết định số 28/2025/QĐ-TTg" in text) is cited
    assert "đạt đầy đủ các tiêu chí địa bàn không ma túy" in text
