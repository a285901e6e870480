"""Plan kinds: which fit a unit, and each kind's form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from service.api.deps import EngineDep, WebDep
from service.api.schemas import ERRORS, NOT_FOUND, KindOut
from service.deps import Deps
from service.library.model import Kind
from service.units import Era, Tier, era_of
from service.web import KindForm

router = APIRouter(prefix="/kinds", tags=["Loại kế hoạch"], responses=ERRORS)

KindId = Annotated[str, Path(max_length=60, description="Mã loại kế hoạch")]


@router.get("", summary="Các loại kế hoạch (theo cấp đơn vị)", response_model=list[KindOut])
def list_kinds(
    engine: EngineDep,
    level: Annotated[str | None, Query(max_length=30, description="Cấp của đơn vị: xã, phường, "
                                       "tỉnh, huyện …")] = None,
    tier: Annotated[Tier | None, Query(description="province, district, commune")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="Năm: chỉ các loại "
                                      "dùng được cho thời kỳ của năm")] = None,
) -> list[KindOut]:
    """Các loại kế hoạch mà một đơn vị ở cấp đã cho ban hành được, theo thứ tự tên; với năm:
    chỉ các cấp có trong thời kỳ của năm (từ 01/7/2025 không còn thị trấn, có đặc khu)."""
    era = era_of(year) if year else None
    listed = [KindOut.of(k, _levels(engine, k, era)) for k in engine.library.kinds.values()
              if (tier is None or k.tier == tier.value) and (era is None or era.value in k.eras)]
    return sorted((k for k in listed if level is None or level in k.levels),
                  key=lambda k: (k.title, k.id))


def _levels(engine: Deps, kind: Kind, era: Era | None) -> list[str]:
    """The kind's levels, only those of the era when one is given."""
    if era is None:
        return list(kind.levels)
    words = engine.units.level_words(Tier(kind.tier), era)
    return [level for level in kind.levels if level in words]


@router.get("/{kind_id}", summary="Một loại kế hoạch", response_model=KindOut,
            responses=NOT_FOUND)
def get_kind(engine: EngineDep, kind_id: KindId) -> KindOut:
    return KindOut.of(_kind(engine.library.kinds, kind_id))


@router.get("/{kind_id}/form", summary="Biểu mẫu của một loại kế hoạch", response_model=KindForm,
            responses=NOT_FOUND)
def kind_form(engine: EngineDep, web: WebDep, kind_id: KindId) -> KindForm:
    """JSON Schema của yêu cầu, nhãn và hướng dẫn tiếng Việt, giá trị mặc định của loại kế
    hoạch, chỉ tiêu, tham số, và các điều khoản tùy chọn (bật hay tắt mặc định)."""
    return web.catalog.kind_form(engine.library, _kind(engine.library.kinds, kind_id))


def _kind(kinds: dict[str, Kind], kind_id: str) -> Kind:
    kind = kinds.get(kind_id)
    if kind is None:
        raise HTTPException(404, f"Không có loại kế hoạch “{kind_id}”.")
    return kind
