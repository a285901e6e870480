"""Look-up of units by code or by name, over the `vietnam-provinces` data.

Names are matched without diacritics and without the level word, so "Thượng Đức, Hà Tĩnh",
"xa thuong duc, ha tinh" and "Xã Thượng Đức, Tỉnh Hà Tĩnh" all find the same commune.  A name
may carry its district (legacy) and province after commas.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from vietnam_provinces import Province, Ward
from vietnam_provinces._ward_conversion_2025 import NEW_TO_OLD as _WARDS_BEFORE
from vietnam_provinces.legacy import District as LegacyDistrict
from vietnam_provinces.legacy import Province as LegacyProvince
from vietnam_provinces.legacy import Ward as LegacyWard

from service.errors import AmbiguousUnit, UnitNotFound
from service.strings import fold
from service.units.model import Era, Tier, Unit, split_level

_LEVEL_OF_TYPE = {"thành phố trung ương": "thành phố"}


def search_key(text: str) -> str:
    """The form names are matched in: accents folded ('Đắk Lắk' -> 'dak lak'), hyphens as
    spaces, one apostrophe."""
    return " ".join(fold(text).replace("-", " ").replace("’", "'").split())


_FOLDED_LEVELS = re.compile(
    r"^(thanh pho trung uong|thanh pho|thi tran|thi xa|dac khu|phuong|huyen|quan|tinh|xa|tp\.?)\s+"
)


def name_key(text: str) -> str:
    """Folded name without its level word: 'Xã Thượng Đức', 'xa thuong duc' -> 'thuong duc'."""
    return _FOLDED_LEVELS.sub("", search_key(text.strip()))


def _unit(code: int, official: str, dtype: str, tier: Tier, era: Era, **up: Unit) -> Unit:
    level, name = split_level(official)
    level = _LEVEL_OF_TYPE.get(str(dtype), level or str(dtype))
    return Unit(int(code), official, level, name, tier, era, **up)


@dataclass
class _Index:
    by_code: dict[tuple[Tier, int], Unit] = field(default_factory=dict)
    by_name: dict[tuple[Tier, str], list[Unit]] = field(default_factory=lambda: defaultdict(list))
    children: dict[int, list[Unit]] = field(default_factory=lambda: defaultdict(list))

    def add(self, unit: Unit, parent: Unit | None = None) -> None:
        self.by_code[(unit.tier, unit.code)] = unit
        self.by_name[(unit.tier, name_key(unit.official))].append(unit)
        if parent is not None:
            self.children[parent.code].append(unit)


def _current() -> _Index:
    index = _Index()
    provinces: dict[int, Unit] = {}
    for p in Province.iter_all():
        unit = _unit(p.code, p.name, p.division_type, Tier.PROVINCE, Era.CURRENT)
        provinces[int(p.code)] = unit
        index.add(unit)
    for w in Ward.iter_all():
        prov = provinces[int(w.province_code)]
        ward = _unit(w.code, w.name, w.division_type, Tier.COMMUNE, Era.CURRENT, province=prov)
        index.add(ward, prov)
    return index


def _legacy() -> _Index:
    index = _Index()
    provinces: dict[int, Unit] = {}
    districts: dict[int, Unit] = {}
    for p in LegacyProvince.iter_all():
        unit = _unit(p.code, p.name, p.division_type, Tier.PROVINCE, Era.LEGACY)
        provinces[int(p.code)] = unit
        index.add(unit)
    for d in LegacyDistrict.iter_all():
        prov = provinces[int(d.province_code)]
        unit = _unit(d.code, d.name, d.division_type, Tier.DISTRICT, Era.LEGACY, province=prov)
        districts[int(d.code)] = unit
        index.add(unit, prov)
    for w in LegacyWard.iter_all():
        dist = districts[int(w.district_code)]
        ward = _unit(w.code, w.name, w.division_type, Tier.COMMUNE, Era.LEGACY,
                     province=dist.province_unit, district=dist)
        index.add(ward, dist)
    return index


class UnitDirectory:
    """Every unit of both eras, indexed by (tier, code) and by folded name."""

    def __init__(self) -> None:
        self._eras = {Era.CURRENT: _current(), Era.LEGACY: _legacy()}
        self._before: dict[tuple[Tier, int], tuple[Unit, ...]] = {}

    def predecessors(self, unit: Unit) -> tuple[Unit, ...]:
        """The legacy units a current commune or province was formed from on 01/7/2025 (the
        statistics office's conversion table, in `vietnam-provinces`); () for a legacy unit."""
        if unit.era is Era.LEGACY or unit.tier is Tier.DISTRICT:
            return ()
        key = (unit.tier, unit.code)
        if key not in self._before:
            codes = _legacy_codes(unit)
            legacy = self._eras[Era.LEGACY].by_code
            self._before[key] = tuple(legacy[(unit.tier, c)] for c in codes
                                      if (unit.tier, c) in legacy)
        return self._before[key]

    def get(self, code: int, tier: Tier, era: Era = Era.CURRENT) -> Unit:
        unit = self._eras[era].by_code.get((tier, int(code)))
        if unit is None:
            raise UnitNotFound(f"Không có đơn vị hành chính {_TIER_VI[tier]} mã số {code}"
                               f" {_ERA_VI[era]}.")
        return unit

    def children(self, parent: Unit) -> list[Unit]:
        """Districts of a legacy province, communes of a district or of a current province."""
        index = self._eras[parent.era]
        if parent.era is Era.LEGACY and parent.tier is Tier.PROVINCE:
            return [w for d in index.children[parent.code] for w in index.children[d.code]]
        return list(index.children[parent.code])

    def districts(self, province: Unit) -> list[Unit]:
        return [u for u in self._eras[province.era].children[province.code]
                if u.tier is Tier.DISTRICT]

    def units(self, tier: Tier, era: Era = Era.CURRENT) -> Iterator[Unit]:
        return (u for (t, _), u in self._eras[era].by_code.items() if t is tier)

    def level_words(self, tier: Tier, era: Era) -> frozenset[str]:
        """The level words the units of a tier bear in an era: no "thị trấn" after the 2025
        reform, no "đặc khu" before it."""
        return frozenset(u.level for u in self.units(tier, era))

    def find(self, text: str, tier: Tier, era: Era = Era.CURRENT) -> Unit:
        """The one unit a name designates, or UnitNotFound / AmbiguousUnit listing candidates."""
        matches = self.matches(text, tier, era)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            near = [u.label for u in self.search(text.split(",")[0], era=era, tier=tier)[:8]]
            hint = f" Gần đúng: {'; '.join(near)}." if near else ""
            raise UnitNotFound(f"Không tìm thấy đơn vị “{text}” {_ERA_VI[era]}.{hint}",
                               candidates=near)
        labels = [u.label for u in matches]
        raise AmbiguousUnit(f"Tên “{text}” trùng với {len(matches)} đơn vị: {'; '.join(labels)}."
                            " Hãy ghi thêm tên tỉnh hoặc dùng mã số.", candidates=labels)

    def matches(self, text: str, tier: Tier, era: Era = Era.CURRENT) -> list[Unit]:
        parts = [p for p in (x.strip() for x in text.split(",")) if p]
        if not parts:
            return []
        found = self._eras[era].by_name.get((tier, name_key(parts[0])), [])
        found = [u for u in found if _within(u, parts[1:])]
        exact = [u for u in found if u.name.lower() == split_level(parts[0])[1].lower()]
        return exact if len(exact) == 1 else found

    def search(self, text: str, *, era: Era = Era.CURRENT, tier: Tier | None = None,
               province: int | None = None, level: str | None = None,
               limit: int = 20) -> list[Unit]:
        """Units whose name contains every folded word of `text`, exact names first."""
        words = name_key(text).split()
        scored: list[tuple[int, str, Unit]] = []
        for (t, key), units in self._eras[era].by_name.items():
            if (tier is not None and t is not tier) or not all(w in key.split() for w in words):
                continue
            for u in _filter(units, province, level):
                scored.append((0 if key == " ".join(words) else len(key), u.label, u))
        scored.sort(key=lambda s: (s[0], s[1]))
        return [u for _, _, u in scored[:limit]]


def _legacy_codes(unit: Unit) -> list[int]:
    if unit.tier is Tier.PROVINCE:
        return [old for old, new in _successors().items() if new == unit.code]
    ward = _WARDS_BEFORE.get(unit.code)
    return [ref.code for ref in ward.old_wards] if ward else []


@lru_cache(maxsize=1)
def _successors() -> dict[int, int]:
    """Each legacy province's successor: the current province most of its communes went to (a
    few communes went across, e.g. from Tiền Giang to Tây Ninh; Nghị quyết số 202/2025/QH15 merged
    whole provinces)."""
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    for entry in _WARDS_BEFORE.values():
        for old in entry.old_wards:
            counts[old.province_code][entry.new_ward.province_code] += 1
    return {old: c.most_common(1)[0][0] for old, c in sorted(counts.items())}


def _within(unit: Unit, qualifiers: list[str]) -> bool:
    """Every qualifier ('Hà Tĩnh', 'huyện Vũ Quang') names one of the unit's ancestors."""
    ancestors = [a for a in (unit.district, unit.province) if a is not None]
    return all(any(name_key(a.official) == name_key(q) for a in ancestors) for q in qualifiers)


def _filter(units: Iterable[Unit], province: int | None, level: str | None) -> Iterator[Unit]:
    for u in units:
        if province is not None and u.province_unit.code != province:
            continue
        if level is not None and u.level != level:
            continue
        yield u


_TIER_VI = {Tier.PROVINCE: "cấp tỉnh", Tier.DISTRICT: "cấp huyện", Tier.COMMUNE: "cấp xã"}
_ERA_VI = {Era.CURRENT: "(sau ngày 01/7/2025)", Era.LEGACY: "(trước ngày 01/7/2025)"}
