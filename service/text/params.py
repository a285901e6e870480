"""The parameters clause text can use (`unit`, `facts`, `targets`, `ag`, `cite` …).

See the table in `clauses/README.md`.  Everything here is a read-only view built per plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from service.spec.request import Facts, LocalDoc, PlanRequest, Village
from service.text import vietnamese as vi
from service.units import Tier, Unit


class AgencyLookup(Protocol):
    """Agency names for one unit (see `service.text.agencies`)."""

    def exists(self, role: str) -> bool: ...

    def is_request(self, role: str) -> bool: ...

    def __getattr__(self, role: str) -> str: ...


@dataclass(frozen=True)
class UnitView:
    """`unit` in clause text."""

    name: str
    level: str
    full: str
    place: str
    sub: str
    village: str
    sub_count: int | None
    province: UnitView | None
    district: UnitView | None
    word: str = ""
    """The unit named by itself in running text: 'tỉnh', 'xã', and 'Thành phố' for a
    centrally-run city ('của Thành phố', 'trong và ngoài Thành phố': Hà Nội's own plans)."""

    @property
    def Level(self) -> str:  # noqa: N802 - a template name: "Xã", "Phường"
        return vi.capitalize_first(self.level)

    @property
    def Full(self) -> str:  # noqa: N802
        return vi.capitalize_first(self.full)

    def __str__(self) -> str:
        return self.full


def unit_view(unit: Unit, sub: str, village: str, sub_count: int | None,
              parent: Callable[[Unit], UnitView] | None = None) -> UnitView:
    view = parent or (lambda u: unit_view(u, "", "", None))
    province = view(unit.province) if unit.province is not None else None
    district = view(unit.district) if unit.district is not None else None
    return UnitView(unit.name, unit.level, unit.full, unit.place, sub, village, sub_count,
                    province, district, standalone_word(unit))


def standalone_word(unit: Unit) -> str:
    """'Thành phố' for a centrally-run city, else the level word ('tỉnh', 'xã', 'phường')."""
    return "Thành phố" if unit.tier is Tier.PROVINCE and unit.level == "thành phố" else unit.level


@dataclass(frozen=True)
class PlaceView:
    """`place` in clause text: what the tables know of the unit's place."""

    border_with: str
    """The neighbouring countries of a border unit ('Lào và Trung Quốc'); '' when unknown."""
    region: str
    traits: tuple[str, ...]

    def __str__(self) -> str:
        return self.region


def place_view(place: Any, traits: Iterable[str]) -> PlaceView:
    return PlaceView(vi.join(list(place.border_with)), place.region, tuple(sorted(traits)))


@dataclass(frozen=True)
class VillageView:
    name: str
    status: str
    full: str

    def __str__(self) -> str:
        return self.full


@dataclass(frozen=True)
class FactsView:
    """`facts` in clause text: the request's facts, names already in running-text form."""

    neighbours: tuple[str, ...]
    villages: tuple[VillageView, ...]
    village_count: int | None
    traits: tuple[str, ...]
    theme: str | None
    campaign_start: dt.date | None
    campaign_end: dt.date | None
    params: Mapping[str, Any]

    def villages_with(self, *statuses: str) -> list[VillageView]:
        return [v for v in self.villages if v.status in statuses]


def facts_view(facts: Facts, neighbours: tuple[str, ...], village_word: str,
               defaults: Mapping[str, Any], traits: Iterable[str] | None = None) -> FactsView:
    """`facts` of clause text; `traits` are the plan's (the place's from the tables, the
    request's, the kind's), the request's alone when not given."""
    params = {**dict(defaults.get("params", {}) or {}), **facts.params}
    return FactsView(
        neighbours=neighbours,
        villages=tuple(_village(v, village_word) for v in facts.villages),
        village_count=facts.village_count,
        traits=tuple(sorted(traits)) if traits is not None else tuple(facts.traits),
        theme=facts.theme or _str_or_none(defaults.get("theme")),
        campaign_start=facts.campaign_start or _date_or_none(defaults.get("campaign_start")),
        campaign_end=facts.campaign_end or _date_or_none(defaults.get("campaign_end")),
        params=params,
    )


def _village(v: Village, word: str) -> VillageView:
    full = v.name if v.name.lower().startswith(word.lower() + " ") else f"{word} {v.name}"
    return VillageView(v.name, v.status, vi.capitalize_first(full))


def _str_or_none(value: object) -> str | None:
    return str(value) if value else None


def _date_or_none(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def fact_present(view: FactsView, docs: Mapping[str, str], path: str,
                 targets: Mapping[str, float | int] | None = None) -> bool:
    """Is the dotted fact path ('neighbours', 'params.keep_communes', 'docs.province_plan',
    'targets.max_new_addicts') set?"""
    head, _, rest = path.partition(".")
    roots: dict[str, Any] = {"docs": docs, "targets": targets or {}}
    value: Any = roots[head] if head in roots else getattr(view, head, None)
    for key in rest.split(".") if rest else []:
        value = value.get(key) if isinstance(value, Mapping) else getattr(value, key, None)
    return value not in (None, "", [], (), {})


def targets_of(defaults: Mapping[str, Any], request: PlanRequest,
               criteria: Mapping[str, float | int] | None = None) -> dict[str, float | int]:
    """The kind's own figures, then the criteria in force (`service.library.targets`), then the
    request's; a kind may declare a target with no figure (None): it is left out unless given."""
    merged: dict[str, float | int] = {
        k: v for k, v in {**(defaults.get("targets", {}) or {}), **(criteria or {})}.items()
        if v is not None}
    for key, value in request.targets.items():
        merged[key] = int(value) if float(value).is_integer() else value
    return merged


def cite_local(doc: LocalDoc) -> str:
    """'Kế hoạch số 195/KH-UBND ngày 03/6/2026 của UBND tỉnh Ninh Bình về …'."""
    if doc.text:
        return doc.text
    parts = [doc.type]
    if doc.number:
        parts.append(f"số {doc.number}")
    if doc.date:
        parts.append(f"ngày {vi.date_short(doc.date)}")
    if doc.issuer:
        parts.append(f"của {doc.issuer}")
    if doc.subject:
        parts.append(doc.subject)
    return " ".join(parts)


def tier_word(unit: Unit) -> str:
    return {Tier.PROVINCE: "tỉnh", Tier.DISTRICT: "huyện", Tier.COMMUNE: "xã"}[unit.tier]


_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")


def due(day_month: object, year: int, at: dt.date) -> str:
    """A deadline 'dd/mm' of `year` as written in a plan ('27/02/2026'), or '' when it falls
    before `at` (the plan's date): a plan never sets a deadline already past.  Text that is not a
    day and month is kept as written, with the year."""
    m = _DAY_MONTH.match(str(day_month))
    if m is None:
        return f"{day_month}/{year}"
    try:
        date = dt.date(year, int(m[2]), int(m[1]))
    except ValueError:
        return f"{day_month}/{year}"
    return vi.date_short(date) if date >= at else ""
