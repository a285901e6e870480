"""Content: the legal citations of the nội dung against the registry at the plan's date —
unknown (a local document), expired or replaced, not yet in force, issued after the plan, or cited
with another date than the registry's (rules LEGAL_* of clauses/tables/content-rules.yaml)."""

from __future__ import annotations

from typing import Any

from service.library.legal import designation, dm, short, status_at
from service.library.legal_model import LegalDoc
from service.review.context import Context, Rule
from service.review.locate.citations import Citation, citations, number_key, registry_of
from service.review.locate.facts import PlanFacts
from service.review.rules.judged import judged


def plan_when(f: PlanFacts) -> str:
    """The plan's date as far as it is known: '15/6/2026', 'tháng 6/2026', 'năm 2026'."""
    first, last = f.first_day, f.last_day
    if first is None or last is None:
        return "?"
    if first == last:
        return dm(first)
    if first.month == last.month:
        return f"tháng {first.month}/{first.year}"
    return f"năm {first.year}"


def check_citations(ctx: Context) -> None:
    if ctx.deps is None:
        return
    registry = registry_of(ctx.deps.library.legal)
    seen: set[tuple[str, str]] = set()
    for cite in citations(ctx.layout.body_paras, registry):
        for rule, variant, params in _problems(cite, ctx.facts, ctx):
            key = (rule, number_key(cite.number)[0] if cite.number else cite.written)
            if key not in seen:
                seen.add(key)
                ctx.add(rule, cite.para, variant=variant, value=cite.written, **params)


Problem = tuple[str, str | None, dict[str, Any]]


def _problems(cite: Citation, f: PlanFacts, ctx: Context) -> list[Problem]:
    out: list[Problem] = []
    if cite.date is not None and f.last_day is not None and cite.date > f.last_day:
        out.append(("LEGAL_AFTER_PLAN", None, {"date": dm(cite.date), "plan": plan_when(f)}))
    doc = cite.doc
    if doc is None:
        return out or [("LEGAL_UNKNOWN", None, {})]
    if cite.number and _bare(cite.number) != _bare(doc.number):
        out.append(("LEGAL_NUMBER_MISMATCH", None, {"number": cite.number,
                                                    "registry": doc.number}))
    if cite.date is not None and doc.date is not None and cite.date != doc.date:
        out.append(("LEGAL_DATE_MISMATCH", None, {"date": dm(cite.date),
                                                  "registry": dm(doc.date), "doc": short(doc)}))
    if f.first_day is not None and f.last_day is not None and not _has(out, "LEGAL_AFTER_PLAN"):
        out.extend(_at_plan_date(cite, doc, f, ctx))
    return out


def _at_plan_date(cite: Citation, doc: LegalDoc, f: PlanFacts, ctx: Context) -> list[Problem]:
    """The registry document's status over the plan's possible dates (first day … last day)."""
    assert f.first_day is not None
    assert f.last_day is not None
    if doc.date is not None and doc.date > f.last_day:
        return [("LEGAL_AFTER_PLAN", None, {"date": dm(doc.date), "plan": plan_when(f)})]
    day = judged(ctx)
    if day is not None and day.how == "usual":
        # day and month blank: judged at the kind's usual signing date, as the engine does
        first = last = day.date
        when = day.describe()
    else:
        first, last, when = f.first_day, f.last_day, plan_when(f)
    if status_at(doc, first) == "expired":
        return [_expired(cite, when, ctx)]
    if status_at(doc, last) == "not_yet_in_force":
        effective = doc.effective or doc.date or last
        return [("LEGAL_NOT_IN_FORCE", None, {"effective": dm(effective), "plan": when})]
    return []


def _has(problems: list[Problem], rule: str) -> bool:
    return any(found == rule for found, _, _ in problems)


def _bare(number: str) -> str:
    return number.replace(" ", "").upper()


def _expired(cite: Citation, when: str, ctx: Context) -> Problem:
    doc = cite.doc
    assert doc is not None
    assert doc.expires is not None
    assert ctx.deps is not None
    params: dict[str, Any] = {"expires": dm(doc.expires), "plan": when}
    successor = ctx.deps.library.legal.get(doc.replaced_by or "")
    if successor is None:
        return ("LEGAL_EXPIRED", None, params)
    return ("LEGAL_EXPIRED", "replaced", {**params, "successor": designation(successor)})


RULES = (
    Rule(check_citations, ("LEGAL_UNKNOWN", "LEGAL_AFTER_PLAN", "LEGAL_NUMBER_MISMATCH",
                           "LEGAL_DATE_MISMATCH", "LEGAL_EXPIRED", "LEGAL_NOT_IN_FORCE")),
)
