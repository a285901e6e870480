"""GET /api/kinds, /api/kinds/{id} and /api/kinds/{id}/form, for every kind of the library."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import TestClient

from service.deps import Deps
from service.library.loader import load_library, walk
from service.library.model import Entry, Kind
from service.web.form import FACT_FIELDS

KINDS = sorted(load_library().kinds)


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_all_kinds_are_listed_with_title_tier_and_levels(client: TestClient, deps: Deps) -> None:
    listed = {k["id"]: k for k in get(client, "/api/kinds")}
    assert sorted(listed) == KINDS
    for kind_id, out in listed.items():
        kind = deps.library.kinds[kind_id]
        assert (out["title"], out["tier"], out["levels"]) == (kind.title, kind.tier,
                                                              list(kind.levels))


@pytest.mark.parametrize("kind_id", KINDS)
def test_a_kind_is_offered_for_each_of_its_levels(client: TestClient, deps: Deps,
                                                   kind_id: str) -> None:
    kind = deps.library.kinds[kind_id]
    for level in kind.levels:
        offered = get(client, "/api/kinds", level=level, tier=kind.tier)
        assert kind_id in [k["id"] for k in offered]
        assert all(level in k["levels"] and k["tier"] == kind.tier for k in offered)


@pytest.mark.parametrize(("year", "era"), [(2024, "legacy"), (2026, "current")])
def test_the_year_keeps_only_kinds_of_its_era(client: TestClient, year: int, era: str) -> None:
    offered = get(client, "/api/kinds", year=year)
    assert all(era in k["eras"] for k in offered)


@pytest.mark.parametrize(("year", "communes", "absent"), [
    (2026, ["xã", "phường", "đặc khu"], "thị trấn"),  # after 01/7/2025: no thị trấn
    (2024, ["xã", "phường", "thị trấn"], "đặc khu"),  # before: no đặc khu
])
def test_the_year_lists_only_the_levels_of_its_era(client: TestClient, year: int,
                                                   communes: list[str], absent: str) -> None:
    """What /hang-loat shows: each kind as “title (levels)”, in the words of the year's era."""
    offered = get(client, "/api/kinds", year=year)
    assert all(k["levels"] == communes for k in offered if k["tier"] == "commune")
    labels = [f"{k['title']} ({', '.join(k['levels'])})" for k in offered]
    assert not [x for x in labels if absent in x or ") (" in x]
    assert [k["id"] for k in get(client, "/api/kinds", year=year, level=absent)] == []


def test_a_level_no_kind_serves_gives_an_empty_list(client: TestClient) -> None:
    assert get(client, "/api/kinds", level="thôn") == []


@pytest.mark.parametrize("kind_id", KINDS)
def test_one_kind(client: TestClient, deps: Deps, kind_id: str) -> None:
    assert get(client, f"/api/kinds/{kind_id}")["title"] == deps.library.kinds[kind_id].title


@pytest.mark.parametrize("url", ["/api/kinds/no-such-kind", "/api/kinds/no-such-kind/form"])
def test_unknown_kind_is_404_in_vietnamese(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"][0]["message"] == "Không có loại kế hoạch “no-such-kind”."


def optional_entries(kind: Kind) -> set[str]:
    return {item.clause for s in kind.sections for item in _entries(s.content)
            if isinstance(item, Entry) and (item.optional or item.default == "off")}


def _entries(items: Any) -> list[Any]:
    out: list[Any] = []
    for cid, group in walk(items):
        if group is None:
            out.append(cid)
        else:
            out.extend(i for i in group.content if isinstance(i, Entry))
    return out + [i for i in items if isinstance(i, Entry)]


@pytest.mark.parametrize("kind_id", KINDS)
def test_form_of_every_kind(client: TestClient, deps: Deps, kind_id: str) -> None:
    kind = deps.library.kinds[kind_id]
    form = get(client, f"/api/kinds/{kind_id}/form")
    schema = form["request_schema"]
    assert set(schema["required"]) == {"kind", "unit", "year"}
    assert {"facts", "signer", "clauses", "targets"} <= set(schema["properties"])
    assert form["fields"]["year"]["label"] == "Năm kế hoạch"
    assert all(not f["label"].isascii() for f in form["fields"].values())
    targets = {t["key"]: t["default"] for t in form["targets"]}
    assert targets == {f"targets.{k}": v for k, v in dict(
        kind.defaults.get("targets", {}) or {}).items()}  # type: ignore[call-overload]
    assert form["signer"]["authority"] == list(kind.signer.authority)
    assert form["period"] == kind.period
    clause_ids = {c["id"] for c in form["clauses"] if c["id"] in deps.library.clauses}
    assert clause_ids == optional_entries(kind)
    assert all(c["title"] and c["section"] for c in form["clauses"])
    assert {c["value"] for c in form["traits"]} >= {"ethnic", "urban"}


def test_an_optional_clause_switched_off_by_default_is_offered_off(deps: Deps,
                                                                   client: TestClient) -> None:
    offered = [(k, c) for k in KINDS for c in get(client, f"/api/kinds/{k}/form")["clauses"]]
    for kind_id, option in offered:
        entries = [i for s in deps.library.kinds[kind_id].sections for i in _entries(s.content)
                   if isinstance(i, Entry) and i.clause == option["id"]]
        if entries:
            assert option["default_on"] == (entries[0].default == "on")


@pytest.mark.parametrize("kind_id", KINDS)
def test_the_form_shows_the_facts_a_kind_uses(client: TestClient, deps: Deps,
                                              kind_id: str) -> None:
    kind = deps.library.kinds[kind_id]
    used = get(client, f"/api/kinds/{kind_id}/form")["facts_used"]
    assert set(used) <= set(FACT_FIELDS)
    if kind.tier == "commune":
        assert "village_word" in used
    texts = " ".join(deps.library.clauses[cid].text for s in kind.sections
                     for cid, group in walk(s.content) if group is None)
    for fact in ("neighbours", "theme", "campaign_start", "villages"):
        assert (fact in used) == (f"facts.{fact}" in texts), fact
