"""Default numeric targets from the criteria in force at a plan's date (`tables/targets.yaml`).

Each entry names the document that sets the figures (a registry id), when it applies (`from`,
`until`), which plan kinds print them, and optionally figures for one plan year only.  The kind's
own `defaults.targets` come first, these entries next (later `from` wins), the request last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.errors import LibraryError
from service.library.model import Source

Number = float | int


class Criterion(BaseModel):
    """One document's default targets and the dates they hold."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    document: str
    start: dt.date = Field(alias="from")
    until: dt.date | None = None
    kinds: tuple[str, ...]
    targets: dict[str, Number] = {}
    years: dict[int, dict[str, Number]] = {}
    source: tuple[Source, ...] = ()

    def applies(self, kind_id: str, at: dt.date) -> bool:
        return (kind_id in self.kinds and self.start <= at
                and (self.until is None or at <= self.until))

    def figures(self, year: int) -> dict[str, Number]:
        return {**self.targets, **self.years.get(year, {})}


def criteria(tables: Mapping[str, Any]) -> tuple[Criterion, ...]:
    """The parsed table (empty when there is none); LibraryError when it is malformed."""
    raw = (tables.get("targets") or {}).get("criteria") or []
    try:
        return tuple(Criterion.model_validate(item) for item in raw)
    except ValidationError as e:
        raise LibraryError(f"bảng chỉ tiêu không hợp lệ: {e}", source="tables/targets.yaml") from e


def criteria_targets(tables: Mapping[str, Any], kind_id: str, at: dt.date,
                     year: int) -> dict[str, Number]:
    """The default targets of `kind_id` for a plan of `year` judged at date `at`."""
    merged: dict[str, Number] = {}
    for entry in sorted((c for c in criteria(tables) if c.applies(kind_id, at)),
                        key=lambda c: c.start):
        merged.update(entry.figures(year))
    return merged


class Quantity(BaseModel):
    """What a target counts: a whole number or not, and its bounds (`tables/target-quantities`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    integral: bool
    min: Number
    max: Number | None = None

    def fault(self, value: Number) -> str | None:
        """What is wrong with `value` as this quantity, in Vietnamese; None when it is right."""
        if self.integral and not float(value).is_integer():
            return "phải là số nguyên (không có phần thập phân)"
        if value < self.min:
            return f"phải từ {_show(self.min)} trở lên"
        if self.max is not None and value > self.max:
            return f"phải từ {_show(self.max)} trở xuống"
        return None


def quantities(tables: Mapping[str, Any]) -> dict[str, Quantity]:
    """{target key: its quantity}; a target the table does not list has none."""
    raw = tables.get("target-quantities") or {}
    try:
        kinds = {k: Quantity.model_validate(v) for k, v in (raw.get("kinds") or {}).items()}
        return {key: kinds[kind] for key, kind in (raw.get("targets") or {}).items()}
    except (ValidationError, KeyError) as e:
        raise LibraryError(f"bảng loại chỉ tiêu không hợp lệ: {e}",
                           source="tables/target-quantities.yaml") from e


def target_faults(tables: Mapping[str, Any], given: Mapping[str, Number]) -> dict[str, str]:
    """{key: what is wrong} for the request's targets that are not their quantity."""
    table = quantities(tables)
    faults = {k: table[k].fault(v) for k, v in given.items() if k in table}
    return {k: f for k, f in faults.items() if f is not None}


def _show(value: Number) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
