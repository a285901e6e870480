"""Administrative units: search as you type, and the provinces of an era."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service.api.deps import EngineDep
from service.api.schemas import ERRORS, UnitOut
from service.units import Era, Tier, era_of
from service.units.directory import name_key
from service.units.prefix import prefix_search

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

