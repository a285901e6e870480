"""Clause selection: which clauses and groups of a kind's outline apply to this plan, and why.

The result is an outline of the same shape with every `when` decided: dropped items are gone (and
recorded with their reason), so the text stage only numbers and renders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from service.library.loader import Library
from service.library.model import Entry, Group, Item, Kind, Numbering, Section, When
from service.units import Unit


@dataclass(frozen=True)
class Situation:
    """What `when` conditions are decided against."""

    unit: Unit
    traits: frozenset[str]
    facts: Callable[[str], bool]
    """True when the dotted fact path is present and non-empty."""
    agency_exists: Callable[[str], bool]
    include: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    agency_label: Callable[[str], str] = str
    """A role in words, for the reasons (the library's `label`)."""

    def no_agencies(self, roles: list[str]) -> str:
        names = ", ".join(f"“{self.agency_label(a)}”" for a in roles)
        return f"không có cơ quan {names} ở cấp này"


@dataclass(frozen=True)
class Picked:
    """A clause kept in the outline; `generic` means: use its `otherwise` wording."""

    clause: str
    number: bool = True
    generic: bool = False


@dataclass(frozen=True)
class PickedGroup:
    group: Group
    items: tuple[Picked | PickedGroup, ...]
    intro: tuple[Picked, ...] = ()


@dataclass(frozen=True)
class PickedSection:
    section: Section
    items: tuple[Picked | PickedGroup, ...]
    intro: tuple[Picked, ...] = ()

    @property
    def numbering(self) -> Numbering:
        return self.section.numbering


@dataclass
class Selection:
    """The decided outline, plus the reason for each clause left out (for review)."""

    kind: Kind
    sections: list[PickedSection] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)

    def clause_ids(self) -> list[str]:
        out: list[str] = []

        def visit(items: Sequence[Picked | PickedGroup]) -> None:
            for item in items:
                if isinstance(item, Picked):
                    out.append(item.clause)
                else:
                    out.extend(p.clause for p in item.intro)
                    visit(item.items)

        for s in self.sections:
            out.extend(p.clause for p in s.intro)
            visit(s.items)
        return out


def failed(when: When, s: Situation) -> str:
    """The first condition of `when` that does not hold, in Vietnamese; '' when all hold."""
    u = s.unit
    if when.tiers and u.tier.value not in when.tiers:
        return f"không áp dụng cho cấp {u.tier.value}"
    if when.levels and u.level not in when.levels:
        return f"không áp dụng cho {u.level}"
    if when.eras and u.era.value not in when.eras:
        return f"không áp dụng cho thời kỳ {u.era.value}"
    if not s.traits.issuperset(when.traits):
        return f"cần đặc điểm {', '.join(when.traits)}"
    if not s.traits.isdisjoint(when.not_traits):
        return f"loại trừ đặc điểm {', '.join(when.not_traits)}"
    missing = [a for a in when.agencies if not s.agency_exists(a)]
    if missing:
        return s.no_agencies(missing)
    return ""


def missing_facts(when: When, s: Situation) -> list[str]:
    return [f for f in when.facts if not s.facts(f)]


def select(lib: Library, kind: Kind, s: Situation) -> Selection:
    sel = Selection(kind)
    for section in kind.sections:
        reason = failed(section.when, s)
        if reason:
            sel.dropped.append((f"section:{section.title}", reason))
            continue
        items = _items(lib, section.content, s, sel)
        intro = _intro(lib, section.intro, s, sel)
        if items or intro:
            sel.sections.append(PickedSection(section, items, intro))
    return sel


def _intro(lib: Library, ids: Sequence[str], s: Situation, sel: Selection) -> tuple[Picked, ...]:
    picked = (_entry(lib, _plain_entry(i, number=False), s, sel) for i in ids)
    return tuple(p for p in picked if p is not None)


def _items(lib: Library, items: Sequence[Item], s: Situation,
           sel: Selection) -> tuple[Picked | PickedGroup, ...]:
    out: list[Picked | PickedGroup] = []
    for item in items:
        picked = _group(lib, item, s, sel) if isinstance(item, Group) else _entry(
            lib, item if isinstance(item, Entry) else _plain_entry(item), s, sel)
        if picked is not None:
            out.append(picked)
    return tuple(out)


@lru_cache(maxsize=4096)
def _plain_entry(clause_id: str, *, number: bool = True) -> Entry:
    """The entry of an outline item given as a bare clause id (frozen, so shared by plans)."""
    return Entry(clause=clause_id, number=number)


def _entry(lib: Library, entry: Entry, s: Situation, sel: Selection) -> Picked | None:
    cid = entry.clause
    if cid in s.exclude and (entry.optional or entry.default == "off"):
        sel.dropped.append((cid, "người soạn đã bỏ"))
        return None
    if entry.default == "off" and cid not in s.include:
        sel.dropped.append((cid, "điều khoản tùy chọn, chưa chọn"))
        return None
    clause = lib.clause(cid)
    reason = failed(clause.when, s)
    missing = missing_facts(clause.when, s)
    if not reason and missing and clause.otherwise is None:
        reason = f"thiếu thông tin {', '.join(missing)}"
    if reason:
        sel.dropped.append((cid, reason))
        return None
    return Picked(cid, entry.number, generic=bool(missing))


def _group(lib: Library, group: Group, s: Situation, sel: Selection) -> PickedGroup | None:
    label = group.group or ", ".join(group.agencies)
    reason = failed(group.when, s)
    absent = [a for a in group.agencies if not s.agency_exists(a)]
    if group.agencies and len(absent) == len(group.agencies):
        reason = reason or s.no_agencies(absent)
    if group.optional and label in s.exclude:
        reason = reason or "người soạn đã bỏ"
    if reason:
        sel.dropped.append((f"group:{label}", reason))
        return None
    items = _items(lib, group.content, s, sel)
    intro = _intro(lib, group.intro, s, sel)
    if not items and not intro:
        sel.dropped.append((f"group:{label}", "không còn nội dung"))
        return None
    return PickedGroup(group, items, intro)
