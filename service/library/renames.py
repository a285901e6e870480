"""Names and level words of units at a date (`tables/unit-changes.yaml`).

The unit directory holds one snapshot per era; a unit that changed its name or level within an era
(a province that became a centrally-run city, communes that became wards) bears, on a plan's date,
the name in force that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.errors import LibraryError
from service.library.loader import Library
from service.units import Era, Tier, Unit
from service.units.model import split_level


class Change(BaseModel):
    """The name a unit bore over a period that differs from the directory's data."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: int
    tier: Tier
    era: Era
    start: dt.date | None = Field(None, alias="from")
    until: dt.date | None = None
    level: str
    official: str
    act: str
    source: str

    def holds(self, unit: Unit, date: dt.date) -> bool:
        return ((unit.code, unit.tier, unit.era) == (self.code, self.tier, self.era)
                and (self.start is None or self.start <= date)
                and (self.until is None or date < self.until))


def changes(tables: Mapping[str, Any]) -> tuple[Change, ...]:
    raw = (tables.get("unit-changes") or {}).get("changes") or []
    try:
        return tuple(Change.model_validate(item) for item in raw)
    except ValidationError as e:
        raise LibraryError(f"bảng thay đổi tên đơn vị không hợp lệ: {e}",
                           source="tables/unit-changes.yaml") from e


@lru_cache(maxsize=8)
def _changes(library: Library) -> tuple[Change, ...]:
    return changes(library.tables)


def as_of(library: Library, unit: Unit, date: dt.date) -> Unit:
    """The unit, its province and its district with the names in force on `date`."""
    found = _changes(library)
    if not found:
        return unit
    return _as_of(found, unit, date)


def _as_of(found: tuple[Change, ...], unit: Unit, date: dt.date) -> Unit:
    province = _as_of(found, unit.province, date) if unit.province is not None else None
    district = _as_of(found, unit.district, date) if unit.district is not None else None
    own = next((c for c in found if c.holds(unit, date)), None)
    renamed = unit if own is None else replace(unit, official=own.official, level=own.level,
                                               name=split_level(own.official)[1])
    if own is None and province is unit.province and district is unit.district:
        return unit
    return replace(renamed, province=province, district=district)


def change_of(library: Library, unit: Unit, date: dt.date) -> Change | None:
    """The change in force for the unit itself on `date` (for the form and the report)."""
    return next((c for c in _changes(library) if c.holds(unit, date)), None)
