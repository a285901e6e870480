"""The one place that runs the stages, in order:

    request -> kind + unit (units) -> selection (library) -> text (DocContext) -> .docx -> review

The CLI, the API, the web form and the batch runner all call `build_plan` or `compose_plan`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from service.deps import Deps
from service.errors import InvalidRequest, KindMismatch, PlanError, RequestError, UnitNotFound
from service.library import legal
from service.library.loader import Library
from service.library.model import Kind
from service.library.place import Place, place_of
from service.library.renames import as_of
from service.library.select import Selection, Situation, select
from service.library.signing import JudgedAt, judged_at
from service.library.targets import criteria_targets, target_faults
from service.spec.request import LocalDoc, PlanRequest
from service.text import vietnamese as vi
from service.text.agencies import AgencyNames, abbreviations
from service.text.compose import Citation, Composer, local_citation
from service.text.context import DocContext
from service.text.params import (
    FactsView,
    cite_local,
    due,
    fact_present,
    facts_view,
    place_view,
    targets_of,
    unit_view,
)
from service.units import REFORM_DATE, Era, Tier, Unit, era_of

_TIER_VI = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}
_SUB_ORDER = ("xã", "phường", "đặc khu", "thị trấn")


@dataclass(frozen=True)
class Plan:
    """A composed plan: its text and how it was chosen (no .docx yet)."""

    request: PlanRequest
    kind: Kind
    unit: Unit
    selection: Selection
    context: DocContext
    library_version: str
    facts: PlanFacts | None = None
    """The date the plan was judged at and what the data says of its place (form, API)."""


@dataclass(frozen=True)
class BuildResult:
    plan: Plan
    docx: bytes
    findings: list[Any] = field(default_factory=list)


def build_plan(request: PlanRequest, deps: Deps, *, review: bool = False) -> BuildResult:
    from service.document import render_docx  # the document stage

    plan = compose_plan(request, deps)
    day = request.plan_date or dt.date(request.year, 1, 1)
    data = render_docx(plan.context, store=deps.templates,
                       created=dt.datetime.combine(day, dt.time()))
    findings: list[Any] = []
    if review:
        from service.review import check_docx

        findings = check_docx(data, deps)
    return BuildResult(plan, data, findings)


@dataclass(frozen=True)
class PlanFacts:
    """What a plan was decided on besides the request: the date it was judged at (laws, criteria,
    names, deadlines) and its place as the tables know it, with the traits it ended up with."""

    judged: JudgedAt
    place: Place
    traits: frozenset[str]
    village_words: str


def compose_plan(request: PlanRequest, deps: Deps) -> Plan:
    kind, unit, selection, composer = prepare(request, deps)
    return Plan(request, kind, unit, selection, composer.compose(selection), deps.library.version,
                composer.params.get("plan_facts"))


def prepare(request: PlanRequest, deps: Deps) -> tuple[Kind, Unit, Selection, Composer]:
    """Every stage before the text: the kind, the unit, the selected outline and the composer
    (which also renders single clauses with the plan's parameters, e.g. for review)."""
    kind = resolve_kind(request, deps)
    judged = judged_date(request, kind, deps)
    unit = as_of(deps.library, resolve_unit(request, kind, deps), judged.date)
    place = place_of(deps.library, deps.units, unit)
    traits = plan_traits(request, kind, place)
    words = _village(unit, request, place)
    agencies = agency_names(deps.library, unit, traits, request.offices, words)
    defaults = _defaults(request, kind, deps, words)
    facts = facts_view(request.facts, neighbours(request, unit, deps), words.split(",")[0].strip(),
                       defaults, traits)
    docs = {k: cite_local(d) for k, d in request.facts.docs.items()}
    targets = plan_targets(request, kind, deps, judged.date)
    situation = Situation(
        unit, traits, lambda path: fact_present(facts, docs, path, targets), agencies.exists,
        frozenset(request.clauses.include), frozenset(request.clauses.exclude),
        lambda role: deps.library.agencies[role].label)
    selection = select(deps.library, kind, situation)
    params = {**_params(request, kind, unit, deps, facts, docs, agencies, judged.date, words),
              "targets": targets, "place": place_view(place, traits),
              "plan_facts": PlanFacts(judged, place, traits, words)}
    composer = Composer(deps.library, deps.renderer, request, unit, kind, params, agencies,
                        citations(request, kind, unit, deps, judged.date))
    return kind, unit, selection, composer


def judged_date(request: PlanRequest, kind: Kind, deps: Deps) -> JudgedAt:
    """The date the plan is judged at: its own date, else its kind's usual signing date in its
    year (tables/signing-dates.yaml) — never the day the program runs."""
    d = request.date
    month, day = (d.month, d.day) if d else (None, None)
    era = plan_era(request, kind, deps)
    return judged_at(deps.library.tables, kind.id, request.year, month, day,
                     current_era=era is Era.CURRENT)


def plan_traits(request: PlanRequest, kind: Kind, place: Place) -> frozenset[str]:
    """The place's traits from the tables, plus the request's and the kind's, minus those the
    request takes away (`facts.not_traits`)."""
    given = {*place.traits, *request.facts.traits, *_list(kind.defaults.get("traits"))}
    return frozenset(given - set(request.facts.not_traits))


def _defaults(request: PlanRequest, kind: Kind, deps: Deps, words: str) -> dict[str, Any]:
    """The kind's defaults, with the year's theme and the place's words for its residential
    groups (`facts.params.village_words` of district and province kinds)."""
    params = dict(_mapping(kind.defaults.get("params")))
    if "village_words" in params:
        params["village_words"] = words
    theme = kind.defaults.get("theme") or _theme(request, kind, deps)
    return {**kind.defaults, "theme": theme, "params": params}


# --- kind and unit ---------------------------------------------------------------------------

def resolve_kind(request: PlanRequest, deps: Deps) -> Kind:
    kind = deps.library.kinds.get(request.kind)
    if kind is None:
        known = ", ".join(sorted(deps.library.kinds))
        raise RequestError(f"Không có loại kế hoạch “{request.kind}”. Các loại có: {known}.",
                           field="kind")
    return kind


def plan_era(request: PlanRequest, kind: Kind, deps: Deps) -> Era:
    """The plan's era: by its date; in 2025 without a full date, by the month given or else the
    kind's usual signing date (a kind of one era only: that era)."""
    if request.plan_date is not None or request.year != REFORM_DATE.year:
        return era_of(request.year, request.plan_date)
    if len(kind.eras) == 1:
        return Era(kind.eras[0])
    month = request.date.month if request.date else None
    at = judged_at(deps.library.tables, kind.id, request.year, month, None, current_era=False)
    return era_of(request.year, at.date)


def resolve_unit(request: PlanRequest, kind: Kind, deps: Deps) -> Unit:
    era = plan_era(request, kind, deps)
    if era.value not in kind.eras:
        raise KindMismatch(_era_message(kind, era), field="year")
    tier = Tier(kind.tier)
    try:
        unit = (deps.units.get(request.unit, tier, era) if isinstance(request.unit, int)
                else deps.units.find(request.unit, tier, era))
    except UnitNotFound as e:
        raise _other_tier_hint(request.unit, kind, era, deps) or e from None
    if unit.level not in kind.levels:
        raise KindMismatch(f"Loại kế hoạch “{kind.title}” dành cho {', '.join(kind.levels)};"
                           f" {unit.label} là {unit.level}.", field="kind")
    return unit


def _era_message(kind: Kind, era: Era) -> str:
    if era is Era.CURRENT:
        return (f"Loại kế hoạch “{kind.title}” chỉ dùng cho năm trước ngày 01/7/2025:"
                " từ ngày 01/7/2025 không còn cấp huyện và thị trấn (Luật Tổ chức chính quyền"
                " địa phương số 72/2025/QH15).")
    return (f"Loại kế hoạch “{kind.title}” dùng cho chính quyền địa phương hai cấp, từ ngày"
            " 01/7/2025; năm đã chọn thuộc thời kỳ trước cải cách.")


def _other_tier_hint(ref: int | str, kind: Kind, era: Era, deps: Deps) -> KindMismatch | None:
    for tier in Tier:
        if tier.value == kind.tier:
            continue
        try:
            unit = (deps.units.get(ref, tier, era) if isinstance(ref, int)
                    else deps.units.find(ref, tier, era))
        except UnitNotFound:
            continue
        return KindMismatch(f"{unit.label} là đơn vị {_TIER_VI[tier.value]}; loại kế hoạch"
                            f" “{kind.title}” dành cho {_TIER_VI[kind.tier]}.", field="unit")
    return None


def agency_names(library: Library, unit: Unit, traits: frozenset[str],
                 offices: Mapping[str, str], villages: str = "") -> AgencyNames:
    """The unit's agency names (memoised: a live preview composes the same unit at each change);
    `villages`: the words for its residential groups ('các ấp, khu dân cư trên địa bàn xã')."""
    return _agency_names(library, unit, unit.province_unit.official, traits,
                         tuple(offices.items()), villages)


@lru_cache(maxsize=256)
def _agency_names(library: Library, unit: Unit, province: str, traits: frozenset[str],
                  offices: tuple[tuple[str, str], ...], villages: str) -> AgencyNames:
    context: dict[str, object] = {"unit": unit}
    if villages:
        context["villages"] = villages
    return AgencyNames.resolve(library.agencies, unit, traits=traits, offices=dict(offices),
                               context=context,
                               province_names=library.tables.get("commune-offices"))


def neighbours(request: PlanRequest, unit: Unit, deps: Deps) -> tuple[str, ...]:
    """Neighbouring units, checked to exist, in running-text form ('xã Mai Hoa')."""
    out: list[str] = []
    for i, name in enumerate(request.facts.neighbours):
        candidates = [name] if "," in name else [f"{name}, {unit.province_unit.official}", name]
        found = next((m for c in candidates
                      for m in [deps.units.matches(c, unit.tier, unit.era)] if len(m) == 1), None)
        if found is None:
            raise UnitNotFound(f"Không tìm thấy đơn vị giáp ranh “{name}”; ghi tên kèm tỉnh"
                               " nếu ở tỉnh khác.", field=f"facts.neighbours.{i}")
        out.append(found[0].full)
    return tuple(out)


# --- parameters --------------------------------------------------------------------------------

def _params(request: PlanRequest, kind: Kind, unit: Unit, deps: Deps, facts: FactsView,
            docs: Mapping[str, str], agencies: AgencyNames, at: dt.date,
            words: str) -> dict[str, Any]:
    sub, village, count = _below(unit, request, deps, words)
    view = unit_view(unit, sub, village, count)
    default_end = kind.defaults.get("end_year")
    end_year = request.end_year or max(int(str(default_end or request.year)), request.year)
    return {
        "unit": view,
        "issuer": f"Ủy ban nhân dân {unit.full}",
        "issuer_short": f"UBND {unit.full}",
        "ag": agencies,
        "abbr": abbreviations(deps.library.tables.get("archive-abbreviations") or {}, unit),
        "blank": vi.BLANK,
        "year": request.year,
        "start_year": request.year,
        "end_year": end_year,
        "facts": facts,
        "docs": docs,
        "cite": lambda doc_id: legal.cite_at(deps.library, doc_id, at),
        "in_force": lambda doc_id: legal.status_at(deps.library.legal[doc_id], at) == "in_force",
        "plan_date": at,
        "due": lambda day_month, year: due(day_month, year, at),
        "kind": kind,
    }


def plan_targets(request: PlanRequest, kind: Kind, deps: Deps,
                 at: dt.date) -> dict[str, float | int]:
    """Kind defaults < criteria in force at the plan's date (tables/targets.yaml) < request.
    A request's target must be its quantity (tables/target-quantities.yaml): a whole number of
    people, days or months, at least 1; a share from 0 to 100."""
    faults = target_faults(deps.library.tables, request.targets)
    if faults:
        raise InvalidRequest([{"field": f"targets.{k}", "label": "chỉ tiêu", "message": m}
                              for k, m in faults.items()])
    return targets_of(kind.defaults, request,
                      criteria_targets(deps.library.tables, kind.id, at, request.year))


def _below(unit: Unit, request: PlanRequest, deps: Deps,
           words: str) -> tuple[str, str, int | None]:
    if unit.tier is Tier.COMMUNE:
        count = request.facts.village_count or len(request.facts.villages) or None
        return words, words.split(",")[0].strip(), count
    children = deps.units.children(unit)
    levels = [lv for lv in _SUB_ORDER if any(c.level == lv for c in children)]
    if not levels:  # island districts without communes of their own
        levels = ["xã", "thị trấn"] if unit.tier is Tier.DISTRICT else ["xã", "phường"]
    return ", ".join(levels), "", len(children)


def _village(unit: Unit, request: PlanRequest, place: Place) -> str:
    """The words for the unit's residential groups: the request's, else the place's
    (tables/residential-groups.yaml: by region, province and level)."""
    return request.facts.village_word or place.words or "thôn"


def citations(request: PlanRequest, kind: Kind, unit: Unit, deps: Deps,
              at: dt.date) -> list[Citation]:
    lib = deps.library
    requested = [b for b in request.legal_bases if isinstance(b, str)]
    for i, base in enumerate(request.legal_bases):
        if isinstance(base, str):
            try:
                legal.check_requested(lib, [base], at)
            except PlanError as e:
                e.field = f"legal_bases.{i}"
                raise
    province = f"{unit.province_unit.code:02d}"
    defaults = legal.default_bases(lib, kind.id, at, province) if request.default_bases else []
    docs = {d.id: d for d in defaults}
    for doc_id in [*(kind.preamble.bases if request.default_bases else ()), *requested]:
        doc = lib.legal[doc_id]
        if doc_id in requested or legal.status_at(doc, at) == "in_force":
            docs[doc_id] = doc
    out = [Citation(legal.cite(d), kind.preamble.verb, (0 if d.scope == "national" else 1, -d.rank),
                    document=d.id)
           for d in docs.values()]
    locals_: list[tuple[str, LocalDoc]] = [(f"legal_bases.{i}", b)
                                           for i, b in enumerate(request.legal_bases)
                                           if isinstance(b, LocalDoc)]
    locals_ += [(f"facts.docs.{k}", d) for k, d in request.facts.docs.items() if d.cite]
    return out + [local_citation(d, cite_local, legal.local_rank(d), field)
                  for field, d in locals_]


def _theme(request: PlanRequest, kind: Kind, deps: Deps) -> str | None:
    """The year's theme from the kind's themes table (e.g. the June action month's slogan)."""
    table = deps.library.tables.get(f"{kind.id}-themes", {})
    entry = table.get("themes", {}).get(request.year) or {}
    return str(entry["theme"]) if "theme" in entry else None


def _list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _mapping(value: object) -> dict[str, Any]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}
