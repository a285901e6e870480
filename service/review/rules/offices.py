"""Content: offices that no longer exist at the plan's date (district bodies, merged departments,
towns after 01/7/2025 — clauses/tables/abolished-offices.yaml), and names of another unit of the
issuer's level written as if it were the issuer ("UBND xã X" in a plan of xã Y)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from service.docx.model import Para
from service.library.legal import dm
from service.memo import per_object, remember
from service.review.context import Context, Rule
from service.review.locate.facts import Issuer, PlanFacts
from service.strings import nfc, squash
from service.text.tone import old_style
from service.units import UnitDirectory
from service.units.directory import name_key
from service.units.model import REFORM_DATE, Era, Tier

TABLE = "abolished-offices"


@dataclass(frozen=True)
class Office:
    name: str
    pattern: re.Pattern[str]
    ends: dt.date
    replaced_by: str


def offices(table: Any) -> list[Office]:
    rows = table.get("offices", []) if isinstance(table, dict) else []
    return [Office(r["name"], re.compile(old_style(r["pattern"]), re.IGNORECASE),
                   _as_date(r["ends"]), r["replaced_by"]) for r in rows]


class OfficeTable:
    """The offices of the table, and which of them a text names (memoised per text: a batch
    repeats the same clause texts in every document)."""

    def __init__(self, table: Any) -> None:
        self.offices = offices(table)
        self._named: dict[str, tuple[tuple[Office, str], ...]] = {}

    def named(self, classic: str) -> tuple[tuple[Office, str], ...]:
        """(office, the words that name it) for every office `classic` names, in table order."""
        return remember(self._named, classic, lambda: tuple(
            (office, m[0]) for office in self.offices
            if (m := office.pattern.search(classic)) is not None))


_tables: dict[int, tuple[object, OfficeTable]] = {}


def office_table(table: Any) -> OfficeTable:
    """The `OfficeTable` of `table`, built once per table object."""
    return per_object(_tables, table, lambda: OfficeTable(table))


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


# --- abolished offices -------------------------------------------------------------------------

_DMY = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
_MY = re.compile(r"(?<![/\d])(\d{1,2})/((?:19|20)\d\d)\b")
_Y = re.compile(r"(?<![/\d])((?:19|20)\d\d)(?![/\d])")


def latest_date(text: str) -> dt.date | None:
    """The latest date a paragraph speaks of ("12/12/2030", "tháng 12/2025", "năm 2030")."""
    found: list[dt.date] = []
    for m in _DMY.finditer(text):
        found.extend(_safe(int(m[3]), int(m[2]), int(m[1])))
    rest = _DMY.sub(" ", text)
    for m in _MY.finditer(rest):
        found.extend(_safe(int(m[2]), int(m[1]), 1))
    found.extend(dt.date(int(m[1]), 1, 1) for m in _Y.finditer(_MY.sub(" ", rest)))
    return max(found, default=None)


def _safe(y: int, m: int, d: int) -> list[dt.date]:
    try:
        return [dt.date(y, m, d)]
    except ValueError:
        return []


def check_offices(ctx: Context) -> None:
    if ctx.deps is None:
        return
    table = office_table(ctx.deps.library.tables.get(TABLE))
    f = ctx.facts
    for p, text in _texts(ctx):
        for office, value in table.named(old_style(text)):
            params: dict[str, Any] = {"value": value, "name": office.name,
                                      "ends": dm(office.ends), "replaced_by": office.replaced_by}
            if _after(f, office.ends):
                ctx.add("OFFICE_ABOLISHED", p, **params)
            elif (later := latest_date(text)) is not None and later >= office.ends:
                ctx.add("OFFICE_ABOLISHED_LATER", p, when=dm(later), **params)


def _after(f: PlanFacts, ends: dt.date) -> bool:
    if f.first_day is not None:
        return f.first_day >= ends
    return f.period is not None and f.period[0] > ends.year


def _texts(ctx: Context) -> Iterator[tuple[Para, str]]:
    """The issuing body (its header lines joined), then every paragraph below the header."""
    if ctx.head.agency:
        yield ctx.head.agency[0].para, " ".join(s.text for s in ctx.head.agency)
    header = {p.index for p in ctx.layout.header}
    for p in ctx.doc.all_paras:
        if p.index >= 0 and p.index not in header and not p.empty:
            yield p, squash(nfc(p.text))


# --- another unit's name -----------------------------------------------------------------------

_LEVELS = r"xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|tỉnh"
_AS_ISSUER = re.compile(
    rf"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Đảng ủy|Đảng uỷ|"
    rf"trên địa bàn|toàn dân|Nhân dân)\s+({_LEVELS})\s+((?:[A-ZĐÀ-Ỹ0-9][\w’'-]*\s?){{1,4}})")
_NEIGHBOUR = re.compile(r"giáp ranh|giáp với|lân cận|liền kề|phối hợp|cùng với|sáp nhập|hợp nhất"
                        r"|trước đây|nay là", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;:])\s+")
_TIERS = {"xã": Tier.COMMUNE, "phường": Tier.COMMUNE, "đặc khu": Tier.COMMUNE,
          "thị trấn": Tier.COMMUNE, "huyện": Tier.DISTRICT, "quận": Tier.DISTRICT,
          "thị xã": Tier.DISTRICT, "tỉnh": Tier.PROVINCE}


def check_other_unit(ctx: Context) -> None:
    f = ctx.facts
    if ctx.deps is None or f.issuer is None:
        return
    era = Era.LEGACY if f.first_day is not None and f.first_day < REFORM_DATE else Era.CURRENT
    provinces = _provinces(ctx.deps.units, f.issuer, era)
    reported: set[str] = set()
    _check_place(ctx, f.issuer, provinces, era)
    paras = [p for p in (ctx.layout.title, *ctx.layout.trich_yeu) if p is not None]
    for p in [*paras, *ctx.layout.body_paras]:
        for value in _others(ctx.deps.units, squash(nfc(p.text)), f.issuer, provinces, era):
            if value not in reported:
                reported.add(value)
                ctx.add("UNIT_OTHER", p, value=value,
                        issuer=f"{f.issuer.level} {f.issuer.name}")


def _check_place(ctx: Context, issuer: Issuer, provinces: set[str], era: Era) -> None:
    """The địa danh of the date line names another commune (district) than the issuer."""
    seg, tier = ctx.head.date, _TIERS.get(issuer.level, Tier.PROVINCE)
    if seg is None or ctx.deps is None or tier is Tier.PROVINCE:
        return
    place = squash(nfc(seg.text)).split(",")[0].strip()
    key = name_key(place)
    if not place or key in (name_key(issuer.name), *provinces) or name_key(issuer.name) in key:
        return
    if ctx.deps.units.matches(f"{issuer.level} {place}", tier, era):
        ctx.add("UNIT_OTHER", seg.para, text=seg.text, variant="place", value=place,
                issuer=f"{issuer.level} {issuer.name}")


def _provinces(units: UnitDirectory, issuer: Issuer, era: Era) -> set[str]:
    tier = _TIERS.get(issuer.level, Tier.PROVINCE)
    found = units.matches(f"{issuer.level} {issuer.name}", tier, era)
    return {name_key(u.province_unit.official) for u in found}


def _others(units: UnitDirectory, text: str, issuer: Issuer, provinces: set[str],
            era: Era) -> Iterator[str]:
    for level, name in issuer_mentions(text):
        if _foreign(units, level, name, issuer, provinces, era):
            yield f"{level} {name}"


@lru_cache(maxsize=4096)
def issuer_mentions(text: str) -> tuple[tuple[str, str], ...]:
    """(level, name) of every unit `text` names as an issuer ("UBND xã Tân An"), outside the
    sentences that speak of neighbours, mergers and the like."""
    found: list[tuple[str, str]] = []
    for sentence in _SENTENCE.split(text):
        matches = list(_AS_ISSUER.finditer(sentence))
        if not matches or _NEIGHBOUR.search(sentence):
            continue
        found.extend((m[1].lower(), name) for m in matches if (name := _name(m[2])))
    return tuple(found)


def _name(words: str) -> str:
    """The capitalised words of a proper name, without a trailing "Kế hoạch" and the like."""
    out: list[str] = []
    for word in words.split():
        if not word[:1].isupper() and not word[:1].isdigit():
            break
        bare = word.rstrip(",.;:)”\"")
        out.append(bare)
        if bare != word:
            break
    return " ".join(out)


def _foreign(units: UnitDirectory, level: str, name: str, issuer: Issuer,
             provinces: set[str], era: Era) -> bool:
    tier = _TIERS[level]
    if level == "tỉnh":
        return bool(provinces) and name_key(name) not in provinces and bool(
            units.matches(name, Tier.PROVINCE, era))
    if level != issuer.level or name_key(name) == name_key(issuer.name):
        return False
    return bool(units.matches(f"{level} {name}", tier, era))


RULES = (
    Rule(check_offices, ("OFFICE_ABOLISHED", "OFFICE_ABOLISHED_LATER")),
    Rule(check_other_unit, ("UNIT_OTHER",)),
)
