"""The date a document is judged at and the units that may have issued it, shared by the content
rules of the place, the legal citations and the deadlines.

A plan dated in full is judged at its date; with only the month, at the first day of the month;
with a blank day and month, at the usual signing date of its kind (tables/signing-dates.yaml: the
kind is recognised from the issuing tier and the trích yếu), as the engine judges it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from service.library.legal import dm
from service.library.renames import as_of
from service.library.signing import kind_of_title, usual_dates
from service.review.context import Context
from service.strings import nfc, squash
from service.units import Era, Tier, Unit
from service.units.directory import name_key
from service.units.model import REFORM_DATE

TIERS = {"xã": Tier.COMMUNE, "phường": Tier.COMMUNE, "đặc khu": Tier.COMMUNE,
         "thị trấn": Tier.COMMUNE, "huyện": Tier.DISTRICT, "quận": Tier.DISTRICT,
         "thị xã": Tier.DISTRICT, "tỉnh": Tier.PROVINCE, "thành phố": Tier.PROVINCE}


@dataclass(frozen=True)
class Judged:
    date: dt.date
    how: str  # "plan" | "month" | "usual"
    kind: str = ""

    def describe(self) -> str:
        """For messages: '28/5/2026, ngày ký thường lệ của loại kế hoạch'."""
        if self.how == "usual":
            return f"{dm(self.date)}, ngày ký thường lệ của loại kế hoạch (chưa ghi ngày, tháng)"
        if self.how == "month":
            return f"{dm(self.date)}, đầu tháng ban hành"
        return dm(self.date)


def judged(ctx: Context) -> Judged | None:
    """The date the document is judged at, or None when it cannot be told (once per document)."""
    if "judged" not in ctx.memo:
        ctx.memo["judged"] = _judged(ctx)
    found = ctx.memo["judged"]
    return found if isinstance(found, Judged) else None


def _judged(ctx: Context) -> Judged | None:
    f = ctx.facts
    first, last = f.first_day, f.last_day
    if first is None or last is None:
        return None
    if first == last:
        return Judged(first, "plan")
    if first.month == last.month:
        return Judged(first, "month")
    if ctx.deps is None or f.issuer is None:
        return None
    tier = TIERS.get(f.issuer.level)
    title = " ".join(squash(nfc(p.text)) for p in ctx.layout.trich_yeu)
    kind = kind_of_title(ctx.deps.library.tables, tier.value, title) if tier else None
    if kind is None:
        return None
    usual = usual_dates(ctx.deps.library.tables)[kind].for_year(first.year).on(first.year)
    if tier is not Tier.DISTRICT and usual < REFORM_DATE <= last:
        usual = REFORM_DATE
    return Judged(usual, "usual", kind)


def issuer_units(ctx: Context) -> list[Unit]:
    """The units the header may name, on the document's date: every unit of that level and name
    (of the era of the date), narrowed to those whose province the document names when it names
    one of theirs (once per document)."""
    if "issuer_units" not in ctx.memo:
        ctx.memo["issuer_units"] = _issuer_units(ctx)
    found: list[Unit] = ctx.memo["issuer_units"]
    return found


def _issuer_units(ctx: Context) -> list[Unit]:
    f, day = ctx.facts, judged(ctx)
    if ctx.deps is None or f.issuer is None or f.issuer.level not in TIERS:
        return []
    at = day.date if day else f.first_day
    era = Era.LEGACY if at is not None and at < REFORM_DATE else Era.CURRENT
    tier = TIERS[f.issuer.level]
    found = [u for u in ctx.deps.units.matches(f"{f.issuer.level} {f.issuer.name}", tier, era)
             if u.level == f.issuer.level or tier is Tier.PROVINCE]
    if at is not None:
        found = [as_of(ctx.deps.library, u, at) for u in found]
    if len(found) > 1:
        named = _document_words(ctx)
        narrowed = [u for u in found if f" {name_key(u.province_unit.name)} " in named]
        found = narrowed or found
    return found


def _document_words(ctx: Context) -> str:
    text = " ".join(p.text for p in ctx.doc.all_paras if not p.empty)
    return f" {name_key(text)} "
