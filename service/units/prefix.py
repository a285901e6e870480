"""Search while a name is being typed (the form's unit field, `GET /api/units`)."""

from __future__ import annotations

from service.units.directory import UnitDirectory, name_key
from service.units.model import Era, Tier, Unit

_TIER_ORDER = {Tier.PROVINCE: 0, Tier.DISTRICT: 1, Tier.COMMUNE: 2}


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
