"""Administrative units: search as you type, and the provinces of an era."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service.api.deps import EngineDep
from service.api.schemas import ERRORS, UnitOut
from service.units import Era, Tier, Unit, UnitDirectory, era_of
from service.units.directory import name_key

_TIER_ORDER = {Tier.PROVINCE: 0, Tier.DISTRICT: 1, Tier.COMMUNE: 2}

router = APIRouter(tags=["Đơn vị hành chính"], responses=ERRORS)

YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description=(
    "Năm của kế hoạch: từ năm 2025 là đơn vị sau sắp xếp (hai cấp), trước đó là đơn vị cũ"))]


@router.get("/units", summary="Tìm đơn vị hành chính theo tên", response_model=list[UnitOut])
def search_units(
    engine: EngineDep,
    year: YearQuery = None,
    q: Annotated[str, Query(max_length=100, description="Một phần tên, có dấu hoặc không")] = "",
    province: Annotated[int | None, Query(ge=1, le=999, description="Mã tỉnh")] = None,
    level: Annotated[str | None, Query(max_length=30, description="xã, phường, tỉnh …")] = None,
    tier: Annotated[Tier | None, Query(description="Cấp: province, district, commune")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[UnitOut]:
    """Đơn vị có tên chứa các chữ đã gõ (chữ cuối có thể chưa gõ hết), lọc theo tỉnh, cấp."""
    era = era_of(year) if year else Era.CURRENT
    found = prefix_search(engine.units, q, era, tier, province, level or None, limit)
    return [UnitOut.of(u) for u in found]


@router.get("/provinces", summary="Danh sách tỉnh, thành phố", response_model=list[UnitOut])
def provinces(engine: EngineDep, year: YearQuery = None) -> list[UnitOut]:
    """Các tỉnh, thành phố trực thuộc trung ương của thời kỳ ứng với năm, theo thứ tự tên."""
    era = era_of(year) if year else Era.CURRENT
    units = sorted(engine.units.units(Tier.PROVINCE, era), key=lambda u: name_key(u.name))
    return [UnitOut.of(u) for u in units]


def prefix_search(units: UnitDirectory, text: str, era: Era, tier: Tier | None,
                  province: int | None, level: str | None, limit: int) -> list[Unit]:
    """The directory's word search while a name is typed: the last word may be unfinished, and
    words after a comma name the district or province ('Tân An, Hải Ph')."""
    name, *rest = text.split(",")
    within = [q for q in (name_key(r) for r in rest) if q]
    words = name_key(name).split()
    typing = bool(words) and not name.endswith(" ")
    found = units.search(" ".join(words[:-1]) if typing else name, era=era, tier=tier,
                         province=province, level=level, limit=100_000)
    whole = " ".join(words)
    ranked: list[tuple[tuple[bool, bool, int, int, str, str], Unit]] = []
    for u in found:
        key = name_key(u.official)
        if typing and not any(w.startswith(words[-1]) for w in key.split()):
            continue
        if not all(_within(u, q) for q in within):
            continue
        rank = (key != whole, not key.startswith(whole), _TIER_ORDER[u.tier],
                len(key) if whole else 0, key, u.label)
        ranked.append((rank, u))
    ranked.sort(key=lambda r: r[0])
    return [u for _, u in ranked[:limit]]


def _within(unit: Unit, qualifier: str) -> bool:
    """A qualifier typed after a comma starts the folded name of the unit's district/province."""
    return any(name_key(a.official).startswith(qualifier)
               for a in (unit.district, unit.province) if a is not None)
