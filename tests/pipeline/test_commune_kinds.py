"""The commune kinds of the province's categories (source 001, II): build drug-free status this
year, transform the area for next year; listed for every commune level, refused elsewhere."""

from __future__ import annotations

import json
from typing import Any

import pytest

from service.cli import main
from service.deps import Deps
from service.errors import KindMismatch, PlanError
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import to_plain

NEW_KINDS = ("build-drug-free", "transform-area")


def _text(deps: Deps, **request: Any) -> str:
    return " ".join(to_plain(compose_plan(parse_request(request), deps).context).split())


def test_kinds_json_lists_them_for_every_commune_level(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kinds", "--json"]) == 0
    by_id = {k["id"]: k for k in json.loads(capsys.readouterr().out)}
    for kind in NEW_KINDS:
        assert by_id[kind]["levels"] == ["xã", "phường", "đặc khu"]


@pytest.mark.parametrize("kind", NEW_KINDS)
@pytest.mark.parametrize(("unit", "year", "error", "field"), [
    (66, 2026, PlanError, "unit"),                       # a province
    ("Thượng Đức, Hà Tĩnh", 2024, KindMismatch, "year"),   # before the reform
])
def test_refused_outside_current_communes(deps: Deps, kind: str, unit: int | str, year: int,
                                          error: type[PlanError], field: str) -> None:
    with pytest.raises(error) as caught:
        compose_plan(parse_request({"kind": kind, "unit": unit, "year": year}), deps)
    assert caught.value.field == field


@pytest.mark.parametrize(("kind", "trich_yeu", "words"), [
    ("build-drug-free", "Xây dựng “đặc khu không ma túy” năm 2026",
     ["đảm bảo đến kỳ xét duyệt năm 2026 đặc khu Cô Tô được công nhận “đặc khu không ma túy”",
      "tổ chức thực hiện xây dựng “đặc khu không ma túy”"]),
    ("transform-area", "Chuyển hóa địa bàn trọng điểm, phức tạp về ma túy năm 2026, tạo tiền đề"
     " xây dựng “đặc khu không ma túy” năm 2027",
     ["đến ngày 15/12/2026 đạt đầy đủ các tiêu chí",
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
