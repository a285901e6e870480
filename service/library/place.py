"""What the tables know of a unit's place: its traits and the words for its residential groups.

`tables/place-traits.yaml` gives each legacy province its region, coast, land border (with which
countries), ethnic-minority and mountain areas, the legacy island districts, and communes whose
border or coast a named source states; `tables/residential-groups.yaml` gives the words for the
residential groups (thôn, bản, buôn, ấp, khóm, tổ dân phố …) per legacy province and level.
A current unit inherits from the legacy units it was formed from (`UnitDirectory.predecessors`).

Urban or rural follows the level word: phường, quận, thị trấn are urban (and a legacy thị xã or
thành phố without communes of level xã); xã and huyện rural; a special zone, and a thị xã or
thành phố with xã, are neither (the text then names both); a special zone is always on islands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.errors import LibraryError, UnitNotFound
from service.library.loader import Library
from service.units import Era, Tier, Unit, UnitDirectory
from service.units.directory import name_key

PLACE_TRAITS = ("island", "coast", "border", "ethnic", "mountain", "urban", "rural")
"""The traits the tables decide (the others — industrial, methadone … — only a request sets)."""
URBAN_LEVELS = frozenset({"phường", "quận", "thị xã", "thành phố", "thị trấn"})
RURAL_LEVELS = frozenset({"xã", "huyện"})
_RURAL_WORD_LEVELS = ("xã",)


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    region: str
    coast: bool = False
    border: tuple[str, ...] = ()
    ethnic: bool = False
    mountain: bool = False


class _Commune(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: int
    name: str
    era: Era = Era.CURRENT
    border: tuple[str, ...] = ()
    coast: bool = False
    source: str


class TraitTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    regions: dict[str, str]
    provinces: dict[str, _Row]
    island_districts: dict[str, str]
    communes: tuple[_Commune, ...] = ()


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    xa: str | None = Field(None, alias="xã")
    phuong: str | None = Field(None, alias="phường")
    thi_tran: str | None = Field(None, alias="thị trấn")
    src: str = "law"

    def get(self, level: str) -> str | None:
        return {"xã": self.xa, "phường": self.phuong, "thị trấn": self.thi_tran}.get(level)


class _UnitWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: str
    src: str = "law"


class WordTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: dict[str, str]
    default: _Words
    provinces: dict[str, _Words]
    units: dict[Era, dict[str, _UnitWords]] = {}


@dataclass(frozen=True)
class Place:
    """A unit's place as the tables know it."""

    traits: frozenset[str]
    border_with: tuple[str, ...]
    """The neighbouring countries of a border unit ('Lào', 'Trung Quốc'); () when unknown."""
    village_words: tuple[str, ...]
    """Words for the residential groups, rural first: ('thôn', 'bản'), ('ấp', 'khóm')."""
    region: str
    province_traits: frozenset[str]
    """What the unit's province has (coast, border …): the form's hint where the data is silent."""
    sources: Mapping[str, str]
    """Where each trait and the words come from (trait or 'words' → source)."""

    @property
    def words(self) -> str:
        return ", ".join(self.village_words)


def tables_of(tables: Mapping[str, Any]) -> tuple[TraitTable, WordTable]:
    try:
        traits = TraitTable.model_validate(tables.get("place-traits") or {})
        words = WordTable.model_validate(tables.get("residential-groups") or {})
    except ValidationError as e:
        raise LibraryError(f"bảng đặc điểm địa bàn không hợp lệ: {e}",
                           source="tables/place-traits.yaml, tables/residential-groups.yaml") from e
    for row in words.provinces.values():
        if row.src not in words.sources:
            raise LibraryError(f"nguồn “{row.src}” không có trong bảng",
                               source="tables/residential-groups.yaml")
    return traits, words


def place_of(library: Library, units: UnitDirectory, unit: Unit) -> Place:
    """The unit's place (memoised per library, directory and unit)."""
    return _place(library, units, unit)


@lru_cache(maxsize=8192)
def _place(library: Library, units: UnitDirectory, unit: Unit) -> Place:
    traits, words = _parsed(library)
    return _Resolver(traits, words, units).place(unit)


@lru_cache(maxsize=8)
def _parsed(library: Library) -> tuple[TraitTable, WordTable]:
    return tables_of(library.tables)


@dataclass(frozen=True)
class _Resolver:
    traits: TraitTable
    words: WordTable
    units: UnitDirectory

    def place(self, unit: Unit) -> Place:
        rows = self._rows(unit)
        found: dict[str, str] = {}
        self._level_traits(unit, found)
        self._province_traits(unit, rows, found)
        self._island(unit, found)
        border = self._listed(unit, found)
        if unit.tier is Tier.PROVINCE:
            border = _union(r.border for _, r in rows)
        words, src = self._words(unit)
        found["words"] = src
        prov = frozenset(self._province_hint(rows))
        own = f"{unit.province_unit.code:02d}"
        main = sorted(rows, key=lambda r: r[0] != own)
        region = next((self.traits.regions.get(r.region, r.region) for _, r in main), "")
        return Place(frozenset(t for t in found if t in PLACE_TRAITS), border, words, region,
                     prov, found)

    # --- traits -------------------------------------------------------------------------------

    def _rows(self, unit: Unit) -> list[tuple[str, _Row]]:
        """The legacy province rows of the unit: its own, or its predecessors'."""
        codes = [f"{c:02d}" for c in self._legacy_provinces(unit)]
        return [(c, self.traits.provinces[c]) for c in codes if c in self.traits.provinces]

    def _legacy_provinces(self, unit: Unit) -> list[int]:
        if unit.era is Era.LEGACY:
            return [unit.province_unit.code]
        before = self._before(unit)
        if before:
            return list(dict.fromkeys(u.province_unit.code for u in before))
        return [u.code for u in self.units.predecessors(unit.province_unit)]

    def _before(self, unit: Unit) -> tuple[Unit, ...]:
        """Predecessors of a current commune; for a special zone formed from an island district
        without communes, that district."""
        if unit.tier is Tier.PROVINCE:
            return self.units.predecessors(unit)
        before = self.units.predecessors(unit)
        if before or unit.level != "đặc khu":
            return before
        return tuple(d for d in self._island_districts() if name_key(d.name) == name_key(unit.name))

    def _island_districts(self) -> list[Unit]:
        out = []
        for code in self.traits.island_districts:
            try:
                out.append(self.units.get(int(code), Tier.DISTRICT, Era.LEGACY))
            except UnitNotFound:
                continue
        return out

    def _level_traits(self, unit: Unit, found: dict[str, str]) -> None:
        if unit.tier is Tier.PROVINCE:
            return
        if unit.level in ("thị xã", "thành phố") and any(
                c.level == "xã" for c in self.units.children(unit)):
            return  # a town or city with rural communes: both urban and rural
        if unit.level in URBAN_LEVELS:
            found["urban"] = f"cấp {unit.level}: đô thị"
        elif unit.level in RURAL_LEVELS:
            found["rural"] = f"cấp {unit.level}: nông thôn"
        elif unit.level == "đặc khu":
            found["island"] = "đặc khu tại hải đảo (Luật số 72/2025/QH15)"
            found["coast"] = "đặc khu tại hải đảo (Luật số 72/2025/QH15)"

    @staticmethod
    def _province_traits(unit: Unit, rows: list[tuple[str, _Row]],
                         found: dict[str, str]) -> None:
        """Ethnic and mountain areas: for a province if any of its legacy provinces has them, for
        a rural commune or district if its province(s) do; coast and border for provinces."""
        rural = unit.tier is Tier.PROVINCE or unit.level in RURAL_LEVELS
        for code, row in rows:
            name = f"{row.name} (mã {code}, trước 01/7/2025)"
            if row.ethnic and rural:
                found.setdefault("ethnic", f"{name}: vùng đồng bào dân tộc thiểu số")
            if row.mountain and rural:
                found.setdefault("mountain", f"{name}: miền núi")
            if unit.tier is Tier.PROVINCE and row.coast:
                found.setdefault("coast", f"{name}: tỉnh, thành phố ven biển")
            if unit.tier is Tier.PROVINCE and row.border:
                found.setdefault("border", f"{name}: biên giới với {', '.join(row.border)}")

    def _island(self, unit: Unit, found: dict[str, str]) -> None:
        islands = self.traits.island_districts
        if unit.tier is Tier.PROVINCE:
            has = (any(c.level == "đặc khu" for c in self.units.children(unit))
                   if unit.era is Era.CURRENT
                   else any(f"{d.code}" in islands for d in self.units.districts(unit)))
            if has:
                found["island"] = "có đặc khu, huyện đảo"
            return
        district = unit if unit.tier is Tier.DISTRICT else unit.district
        if district is not None and f"{district.code}" in islands:
            found["island"] = found["coast"] = f"huyện đảo {islands[str(district.code)]}"

    def _listed(self, unit: Unit, found: dict[str, str]) -> tuple[str, ...]:
        for entry in self.traits.communes:
            if entry.code == unit.code and entry.era is unit.era and unit.tier is Tier.COMMUNE:
                if entry.coast:
                    found["coast"] = entry.source
                if entry.border:
                    found["border"] = entry.source
                return entry.border
        return ()

    @staticmethod
    def _province_hint(rows: list[tuple[str, _Row]]) -> Iterable[str]:
        for _, row in rows:
            if row.coast:
                yield "coast"
            if row.border:
                yield "border"
            if row.ethnic:
                yield "ethnic"
            if row.mountain:
                yield "mountain"

    # --- words --------------------------------------------------------------------------------

    def _words(self, unit: Unit) -> tuple[tuple[str, ...], str]:
        own = self.words.units.get(unit.era, {}).get(str(unit.code))
        if own is not None:
            return tuple(_split(own.words)), self.words.sources.get(own.src, own.src)
        pairs = list(self._level_pairs(unit))
        if unit.level in ("xã", "đặc khu") and unit.era is Era.CURRENT:
            # a commune's hamlets first, also when it was formed from a legacy town alone
            pairs = [(c, "xã") for c, _ in pairs[:1]] + pairs
        rural = [p for p in pairs if p[1] in _RURAL_WORD_LEVELS]
        ordered = [*rural, *(p for p in pairs if p[1] not in _RURAL_WORD_LEVELS)]
        found: list[str] = []
        sources: list[str] = []
        for province, level in ordered:
            row = self.words.provinces.get(province)
            text = (row.get(level) if row else None) or self.words.default.get(level) or ""
            found += _split(text)
            src = row.src if row else "law"
            sources.append(self.words.sources.get(src, src))
        return tuple(dict.fromkeys(found)), "; ".join(dict.fromkeys(sources))

    def _level_pairs(self, unit: Unit) -> Iterable[tuple[str, str]]:
        """(legacy province code, level word) whose words the unit uses."""
        if unit.tier is Tier.PROVINCE:
            for code in self._legacy_provinces(unit):
                yield f"{code:02d}", "xã"
                yield f"{code:02d}", "phường"
            return
        if unit.era is Era.LEGACY:
            own = f"{unit.province_unit.code:02d}"
            if unit.tier is Tier.COMMUNE:
                yield own, unit.level
                return
            levels = {c.level for c in self.units.children(unit)} or {"xã", "thị trấn"}
            yield from ((own, lv) for lv in ("xã", "thị trấn", "phường") if lv in levels)
            return
        before = self._before(unit)
        if unit.level == "phường" or not before:
            level = "phường" if unit.level == "phường" else "xã"
            yield from ((f"{c:02d}", level) for c in self._legacy_provinces(unit))
            return
        for u in before:
            province = f"{u.province_unit.code:02d}"
            if u.tier is Tier.DISTRICT:  # an island district without communes of its own
                yield province, "xã"
                yield province, "phường"
            else:
                yield province, u.level


def _split(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


def _union(groups: Iterable[Sequence[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for g in groups for x in g))
