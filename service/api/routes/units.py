"""Administrative units: search as you type, and the provinces of an era."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service.api.deps import EngineDep
from service.api.schemas import ERRORS, UnitOut
from service.deps import Deps
from service.errors import PlanError
from service.store import key_parts
from service.units import Era, Tier, Unit, era_of
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
    near: Annotated[str | None, Query(pattern=r"^(current|legacy):(province|district|commune):"
                                      r"\d{1,6}$", description=(
        "Đơn vị của người dùng (unit_key của /api/me): cùng tên thì đơn vị trong tỉnh của người "
        "dùng lên trước"))] = None,
) -> list[UnitOut]:
    """Đơn vị có tên chứa các chữ đã gõ (chữ cuối có thể chưa gõ hết; tên tỉnh sau dấu phẩy,
    hoặc ở cuối khi không có dấu phẩy), lọc theo tỉnh, cấp."""
    era = era_of(year) if year else Era.CURRENT
    found = prefix_search(engine.units, q, era, tier, province, level or None, limit,
                          near=_near(engine, near))
    return [UnitOut.of(u) for u in found]


@router.get("/provinces", summary="Danh sách tỉnh, thành phố", response_model=list[UnitOut])
def provinces(engine: EngineDep, year: YearQuery = None) -> list[UnitOut]:
    """Các tỉnh, thành phố trực thuộc trung ương của thời kỳ ứng với năm, theo thứ tự tên."""
    era = era_of(year) if year else Era.CURRENT
    units = sorted(engine.units.units(Tier.PROVINCE, era), key=lambda u: name_key(u.name))
    return [UnitOut.of(u) for u in units]



def _near(engine: Deps, key: str | None) -> Unit | None:
    """The unit of a `unit_key` ('current:commune:18328'), or None when it names none."""
    if key is None:
        return None
    era, tier, code = key_parts(key)
    try:
        return engine.units.get(code, tier, era)
    except PlanError:
        return None
