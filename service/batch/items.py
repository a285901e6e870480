"""The items of a batch: a province cascade, or one kind for every unit of a province it fits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.batch.cascade import ISSUES_FILE, Cascade, Issue, cascade, issues_csv
from service.batch.runner import BatchItem
from service.deps import Deps
from service.errors import KindMismatch, PlanError, RequestError, UnitNotFound
from service.pipeline import plan_era, resolve_kind
from service.spec import parse_request
from service.spec.request import PlanRequest
from service.units import Era, Tier, Unit


@dataclass(frozen=True)
class CascadeBatch:
    """A cascade ready to render: its items, the extra files of its ZIP (`issues.csv` when the
    categories had problems) and those problems."""

    items: list[BatchItem]
    extra: dict[str, bytes]
    issues: tuple[Issue, ...]


def cascade_batch(request: PlanRequest, deps: Deps,
                  categories: str | None = None) -> CascadeBatch:
    """The province plan and one plan per commune, categories from the request or the CSV."""
    plan = cascade(request, deps, categories)
    extra = {ISSUES_FILE: issues_csv(plan.issues)} if plan.issues else {}
    return CascadeBatch(cascade_items(plan), extra, plan.issues)


def cascade_items(plan: Cascade) -> list[BatchItem]:
    """The province plan first, then every commune by code."""
    head = BatchItem(plan.province_unit, plan.province.kind, plan.province, "province")
    return [head, *plan.communes]


def kind_items(province: str, kind_id: str, year: int, deps: Deps,
               cited: Sequence[Mapping[str, Any]] = ()) -> list[BatchItem]:
    """One request `{kind, unit, year}` per unit of `province` whose level the kind accepts;
    a commune's request cites the `cited` documents (the plans its province issued)."""
    probe = parse_request({"kind": kind_id, "unit": province, "year": year})
    kind = resolve_kind(probe, deps)
    era = plan_era(probe, kind, deps)
    if era.value not in kind.eras:
        raise KindMismatch(f"Loại kế hoạch “{kind.title}” không dùng cho năm {year}"
                           f" ({'trước' if era is Era.LEGACY else 'từ'} ngày 01/7/2025).",
                           field="year")
    top = _province(province, era, deps)
    tier = Tier(kind.tier)
    if tier is Tier.PROVINCE:
        units = [top]
    elif tier is Tier.DISTRICT:
        units = deps.units.districts(top)
    else:
        units = deps.units.children(top)
    units = sorted((u for u in units if u.level in kind.levels and u.tier is tier),
                   key=lambda u: u.code)
    if not units:
        raise RequestError(f"Loại kế hoạch “{kind.title}” không dùng được cho đơn vị nào của"
                           f" {top.full} năm {year}.", field="kind")
    bases = [dict(doc) for doc in cited] if tier is Tier.COMMUNE else []
    return [_item(u, kind_id, year, bases) for u in units]


def province_of(ref: str, kind_id: str, year: int, deps: Deps) -> Unit:
    """The province (or centrally-run city) a kind batch names, in the era of its year."""
    probe = parse_request({"kind": kind_id, "unit": ref, "year": year})
    return _province(ref, plan_era(probe, resolve_kind(probe, deps), deps), deps)


def _province(ref: str, era: Era, deps: Deps) -> Unit:
    try:
        if ref.strip().isdigit():
            return deps.units.get(int(ref), Tier.PROVINCE, era)
        return deps.units.find(ref, Tier.PROVINCE, era)
    except UnitNotFound as e:
        raise UnitNotFound(f"{e} (--province: tên hoặc mã số tỉnh, thành phố)",
                           field="province") from None


def _item(unit: Unit, kind_id: str, year: int, bases: list[dict[str, Any]]) -> BatchItem:
    data: dict[str, Any] = {"kind": kind_id, "unit": unit.code, "year": year}
    if bases:
        data["legal_bases"] = bases
    try:
        request = parse_request(data)
    except PlanError as e:
        return BatchItem(unit, kind_id, None, error=str(e))
    return BatchItem(unit, kind_id, request)
