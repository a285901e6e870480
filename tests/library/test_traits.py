"""Local traits (`facts.traits`) shape commune plans: each trait switches its own text on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from service.deps import Deps
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import to_plain
from service.units.model import Tier

COMMUNE_KINDS = ("keep-drug-free", "action-month", "whole-people-model")
UNIT = 18328  # xã Thượng Đức, Hà Tĩnh

# Text that a trait switches on, and the traits that may show it.
MARKERS: dict[str, frozenset[str]] = {
    "Lá chắn vùng biên": frozenset({"border"}),
    "Biên phòng": frozenset({"border", "coast"}),
    "tàu thuyền": frozenset({"coast"}),
    "tiếng dân tộc thiểu số": frozenset({"ethnic"}),
    "theo từng mùa vụ": frozenset({"drug_plants"}),
    "cán bộ công đoàn": frozenset({"industrial"}),
}
# Methadone text differs per kind.
METHADONE = {
    "keep-drug-free": "điểm cấp phát thuốc điều trị nghiện thay thế",
    "whole-people-model": "điều trị nghiện bằng methadone",
    "action-month": "điều trị thuốc thay thế Methadone",
}
TRAITS = ("border", "coast", "ethnic", "drug_plants", "industrial", "methadone")


def markers(kind: str) -> dict[str, frozenset[str]]:
    found = dict(MARKERS)
    if kind in METHADONE:
        found[METHADONE[kind]] = frozenset({"methadone"})
    return found


Render = Callable[[str, int, tuple[str, ...]], str]


@pytest.fixture(scope="module")
def render(deps: Deps) -> Render:
    """Plain text of a minimal request (kind, unit, 2026, traits), each rendered once."""
    cache: dict[tuple[str, int, tuple[str, ...]], str] = {}

    def _render(kind: str, unit: int, traits: tuple[str, ...]) -> str:
        key = (kind, unit, traits)
        if key not in cache:
            request: dict[str, Any] = {"kind": kind, "unit": unit, "year": 2026,
                                       "facts": {"traits": list(traits)}}
            cache[key] = to_plain(compose_plan(parse_request(request), deps).context)
        return cache[key]

    return _render


@pytest.mark.parametrize("kind", COMMUNE_KINDS)
@pytest.mark.parametrize("trait", TRAITS)
def test_trait_switches_its_text_on_and_no_other(render: Render, kind: str, trait: str) -> None:
    without = render(kind, UNIT, ())
    with_trait = render(kind, UNIT, (trait,))
    own = {m for m, traits in markers(kind).items() if trait in traits}
    assert own, f"no marker for {trait} in {kind}"
    for marker, traits in markers(kind).items():
        assert marker not in without, (kind, marker)
        assert (marker in with_trait) is (trait in traits), (kind, trait, marker)


@pytest.mark.parametrize("kind", COMMUNE_KINDS)
@pytest.mark.parametrize(("traits", "requested"), [
    (("border",), True), (("coast",), True), ((), False), (("ethnic", "industrial"), False),
])
def test_border_guard_is_an_assignee_of_border_and_coastal_communes(
        render: Render, kind: str, traits: tuple[str, ...], requested: bool) -> None:
    heading = "Đề nghị Đồn Biên phòng trên địa bàn xã"
    lines = render(kind, UNIT, traits).splitlines()
    assert any(line.split(". ", 1)[-1] == heading for line in lines) is requested


@pytest.mark.parametrize("kind", COMMUNE_KINDS)
def test_real_border_commune(deps: Deps, render: Render, kind: str) -> None:
    found = deps.units.search("Mường Khương", tier=Tier.COMMUNE)
    assert found, "no commune named Mường Khương"
    text = render(kind, found[0].code, ("border", "ethnic"))
    assert "Lá chắn vùng biên" in text
    assert "tiếng dân tộc thiểu số" in text
    assert "tàu thuyền" not in text


def test_traits_leave_numbering_gapless(render: Render) -> None:
    text = render("keep-drug-free", UNIT, ("border", "coast"))
    section = text.split("PHÂN CÔNG NHIỆM VỤ", 1)[1].split("TỔ CHỨC THỰC HIỆN", 1)[0]
    numbers = [int(line.split(".", 1)[0]) for line in section.splitlines()
               if line[:1].isdigit() and line.split(".", 1)[0].isdigit()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 9   # 8 offices and bodies of the commune + the border guard post
