"""POST /api/plan-facts and the preview: the date a plan's legal bases were judged at, the unit's
name on that date, the traits of its place with their sources, the default village word."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import TestClient


def facts(client: TestClient, **raw: Any) -> dict[str, Any]:
    response = client.post("/api/plan-facts", json=raw)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(("raw", "date", "reason"), [
    ({"kind": "action-month", "unit": 26743, "year": 2026}, "2026-05-28", "usual"),
    ({"kind": "province-drug-free", "unit": 33, "year": 2026}, "2026-01-31", "usual"),
    ({"kind": "keep-drug-free", "unit": 3158, "year": 2026, "date": {"month": 7}},
     "2026-07-01", "month"),
    ({"kind": "keep-drug-free", "unit": 3158, "year": 2026, "date": {"day": 9, "month": 7}},
     "2026-07-09", "plan"),
])
def test_the_date_the_plan_is_judged_at(client: TestClient, raw: dict[str, Any], date: str,
                                        reason: str) -> None:
    found = facts(client, **raw)["judged_at"]
    assert (found["date"], found["reason"]) == (date, reason)
    assert found["text"].startswith("ngày ")


def test_a_border_commune_its_traits_and_their_sources(client: TestClient) -> None:
    found = facts(client, kind="keep-drug-free", unit=3158, year=2026)
    traits = {t["value"]: t for t in found["traits"]}
    assert set(traits) == {"border", "ethnic", "mountain", "rural"}
    assert "A Pa Chải" in traits["border"]["source"]
    assert found["border_with"] == ["Lào", "Trung Quốc"]
    assert found["village_word"] == found["village_word_used"] == "thôn, bản"


def test_the_request_adds_and_removes_traits(client: TestClient) -> None:
    found = facts(client, kind="keep-drug-free", unit=3158, year=2026,
                  facts={"traits": ["methadone"], "not_traits": ["border"],
                         "village_word": "bản"})
    traits = {t["value"]: t["source"] for t in found["traits"]}
    assert "border" not in traits
    assert traits["methadone"] == "theo yêu cầu"
    assert "border" in found["place_traits"]              # the table still says so
    assert (found["village_word"], found["village_word_used"]) == ("thôn, bản", "bản")


def test_an_inland_commune_shows_its_provinces_coast_as_a_hint(client: TestClient) -> None:
    found = facts(client, kind="transform-area", unit=31567, year=2026)    # xã Mỹ Tú, Cần Thơ
    assert "coast" not in found["place_traits"]
    assert "coast" in found["province_traits"]


def test_the_name_on_the_plans_date(client: TestClient) -> None:
    before = facts(client, kind="province-drug-free", unit=22, year=2026)
    assert before["unit"] == "Tỉnh Quảng Ninh"
    assert "36/2026/QH16" in before["unit_change"]
    after = facts(client, kind="province-drug-free", unit=22, year=2026,
                  date={"day": 2, "month": 9})
    assert (after["unit"], after["unit_change"]) == ("Thành phố Quảng Ninh", "")


def test_the_preview_shows_the_judged_date_and_the_place(client: TestClient) -> None:
    html = client.post("/api/preview", json={"kind": "action-month", "unit": 26743,
                                             "year": 2026}).text
    notes = html.split('<dl class="plan-facts">', 1)[1]
    assert "ngày 28/05/2026: ngày ký thường lệ của loại kế hoạch" in notes
    assert "Đô thị" in notes
    assert "khu phố" in notes


def test_plan_facts_refuses_a_bad_request_with_its_field(client: TestClient) -> None:
    response = client.post("/api/plan-facts", json={"kind": "keep-drug-free", "unit": 3158,
                                                    "year": 2026, "facts": {"not_traits": ["x"]}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "facts.not_traits.0"


def test_the_preview_asks_about_the_provinces_coast_for_an_inland_commune(
        client: TestClient) -> None:
    html = client.post("/api/preview", json={"kind": "transform-area", "unit": 31567,
                                             "year": 2026}).text
    notes = html.split('<dl class="plan-facts">', 1)[1]
    assert "<dt>Tỉnh, thành phố có</dt><dd>Ven biển — nếu địa bàn cũng có" in notes
