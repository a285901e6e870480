"""Search while a name is being typed (the form's unit field, `GET /api/units`)."""

from __future__ import annotations

from service.units.directory import UnitDirectory, name_key
from service.units.model import Era, Tier, Unit

_TIER_ORDER = {Tier.PROVINCE: 0, Tier.DISTRICT: 1, Tier.COMMUNE: 2}


def prefix_search(units: UnitDirectory, text: str, era: Era, tier: Tier | None,
                  province: int | None, level: str | None, limit: int,
                  near: Unit | None = None) -> list[Unit]:
    """The directory's word search while a name is typed: the last word may be unfinished, and
    words after a comma name the district or province ('Tân An, Hải Ph'); without the comma,
    the last words may name them too ('thuong duc ha t').  Among equal names, those of `near`'s
    province (the signed-in user's) come first."""
    found = _search(units, text, era, tier, province, level, near)
    words = text.split()
    if not found and "," not in text and len(words) > 1:
        for cut in range(len(words) - 1, 0, -1):  # the longest name that has a match
            found = _search(units, f"{' '.join(words[:cut])}, {' '.join(words[cut:])}", era,
                            tier, province, level, near)
            if found:
                break
    return found[:limit]


def _search(units: UnitDirectory, text: str, era: Era, tier: Tier | None,
            province: int | None, level: str | None, near: Unit | None) -> list[Unit]:
    name, *rest = text.split(",")
    within = [q for q in (name_key(r) for r in rest) if q]
    words = name_key(name).split()
    typing = bool(words) and not name.endswith(" ")
    found = units.search(" ".join(words[:-1]) if typing else name, era=era, tier=tier,
                         province=province, level=level, limit=100_000)
    whole = " ".join(words)
    home = _province_code(near)
    ranked: list[tuple[tuple[bool, bool, bool, int, int, str, str], Unit]] = []
    for u in found:
        key = name_key(u.official)
        if typing and not any(w.startswith(words[-1]) for w in key.split()):
            continue
        if not all(_within(u, q) for q in within):
            continue
        rank = (key != whole, not key.startswith(whole), _province_code(u) != home,
                _TIER_ORDER[u.tier], len(key) if whole else 0, key, u.label)
        ranked.append((rank, u))
    ranked.sort(key=lambda r: r[0])
    return [u for _, u in ranked]


def _province_code(unit: Unit | None) -> int | None:
    if unit is None:
        return None
    return unit.code if unit.tier is Tier.PROVINCE or unit.province is None else unit.province.code


def _within(unit: Unit, qualifier: str) -> bool:
    """A qualifier typed after a comma starts the folded name of the unit's district/province."""
    return any(name_key(a.official).startswith(qualifier)
               for a in (unit.district, unit.province) if a is not None)
