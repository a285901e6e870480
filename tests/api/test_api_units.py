"""GET /api/units (search as you type) and GET /api/provinces."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import TestClient

from service.units.directory import name_key


def search(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/units", params=params)
    assert response.status_code == 200, response.text
    result: list[dict[str, Any]] = response.json()
    return result


@pytest.mark.parametrize(("params", "label"), [
    ({"q": "Thượng Đức", "province": 42}, "Xã Thượng Đức, Tỉnh Hà Tĩnh"),
    ({"q": "thuong duc", "province": 42}, "Xã Thượng Đức, Tỉnh Hà Tĩnh"),
    ({"q": "thượng đ", "province": 42}, "Xã Thượng Đức, Tỉnh Hà Tĩnh"),  # typing: last word partial
    ({"q": "thu", "province": 42}, "Xã Thượng Đức, Tỉnh Hà Tĩnh"),
    ({"q": "vi khe"}, "Phường Vị Khê, Tỉnh Ninh Bình"),
    ({"q": "Tân An, Hải Phòng"}, "Xã Tân An, Thành phố Hải Phòng"),
    ({"q": "ha tinh", "tier": "province"}, "Tỉnh Hà Tĩnh"),
    ({"q": "tam duong", "year": 2024, "tier": "district"}, "Huyện Tam Đường, Tỉnh Lai Châu"),
])
def test_search_finds_the_unit(client: TestClient, params: dict[str, Any], label: str) -> None:
    labels = [u["label"] for u in search(client, **params)]
    assert label in labels


def test_a_result_carries_code_name_level_and_label(client: TestClient) -> None:
    [unit] = [u for u in search(client, q="thuong duc") if u["province_code"] == 42]
    assert unit == {"code": 18328, "name": "Xã Thượng Đức", "level": "xã", "tier": "commune",
                    "era": "current", "label": "Xã Thượng Đức, Tỉnh Hà Tĩnh",
                    "province_code": 42, "province": "Tỉnh Hà Tĩnh"}


def test_exact_name_comes_first_while_typing(client: TestClient) -> None:
    assert search(client, q="thuong duc", province=42)[0]["name"] == "Xã Thượng Đức"


@pytest.mark.parametrize(("params", "key", "value"), [
    ({"q": "an", "province": 31}, "province_code", 31),
    ({"q": "an", "level": "phường"}, "level", "phường"),
    ({"q": "an", "tier": "province"}, "tier", "province"),
    ({"q": "an", "year": 2024}, "era", "legacy"),
    ({"q": "an", "year": 2026}, "era", "current"),
])
def test_filters_hold_for_every_result(client: TestClient, params: dict[str, Any], key: str,
                                       value: object) -> None:
    results = search(client, **params)
    assert results
    assert {u[key] for u in results} == {value}


def test_limit_bounds_the_results(client: TestClient) -> None:
    assert len(search(client, q="an", limit=3)) == 3


def test_empty_text_lists_a_province_alphabetically_province_first(client: TestClient) -> None:
    results = search(client, q="", province=42, limit=100)
    assert results[0]["name"] == "Tỉnh Hà Tĩnh"
    assert all(u["province_code"] == 42 for u in results)
    keys = [name_key(u["name"]) for u in results[1:]]
    assert len(keys) > 50
    assert keys == sorted(keys)


def test_nothing_found_is_an_empty_list(client: TestClient) -> None:
    assert search(client, q="zzzzqqq") == []


@pytest.mark.parametrize(("params", "field"), [
    ({"year": 1999}, "year"),
    ({"year": "năm nay"}, "year"),
    ({"limit": 0}, "limit"),
    ({"limit": 1000}, "limit"),
    ({"tier": "village"}, "tier"),
    ({"province": "Hà Tĩnh"}, "province"),
    ({"q": "x" * 101}, "q"),
])
def test_bad_parameters_are_422_in_vietnamese(client: TestClient, params: dict[str, Any],
                                             field: str) -> None:
    response = client.get("/api/units", params=params)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == field
    assert error["message"]
    assert not error["message"].isascii()


@pytest.mark.parametrize(("year", "count", "era"), [(2026, 34, "current"), (2024, 63, "legacy")])
def test_provinces_of_the_era_in_name_order(client: TestClient, year: int, count: int,
                                            era: str) -> None:
    response = client.get("/api/provinces", params={"year": year})
    assert response.status_code == 200
    provinces = response.json()
    assert len(provinces) == count
    assert {p["tier"] for p in provinces} == {"province"}
    assert {p["era"] for p in provinces} == {era}
    assert provinces[0]["name"] == "Tỉnh An Giang"


@pytest.mark.parametrize(("q", "near", "first"), [
    ("thuong duc ha t", None, "Xã Thượng Đức, Tỉnh Hà Tĩnh"),  # the comma left out
    ("thuong duc ha tinh", None, "Xã Thượng Đức, Tỉnh Hà Tĩnh"),
    ("tan an hai ph", None, "Xã Tân An, Thành phố Hải Phòng"),
    ("thuong duc", "current:commune:18328", "Xã Thượng Đức, Tỉnh Hà Tĩnh"),  # the user's own
    ("thuong duc", "current:province:42", "Xã Thượng Đức, Tỉnh Hà Tĩnh"),  # a reviewer of Hà Tĩnh
])
def test_the_search_forgives_a_missing_comma_and_ranks_the_user_s_province_first(
        client: TestClient, q: str, near: str | None, first: str) -> None:
    params = {"q": q, "year": "2026", **({"near": near} if near else {})}
    found = client.get("/api/units", params=params).json()
    assert found[0]["label"] == first


def test_without_the_user_s_unit_the_order_is_by_name(client: TestClient) -> None:
    found = client.get("/api/units", params={"q": "thuong duc", "year": "2026"}).json()
    assert [u["label"] for u in found] == ["Xã Thượng Đức, Thành phố Đà Nẵng",
                                           "Xã Thượng Đức, Tỉnh Hà Tĩnh"]
