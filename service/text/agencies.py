"""Agency names for one unit: which role exists, what it is called, whether it is 'Đề nghị'.

The names live in `clauses/agencies/*.yaml` (model: `Agency`): each role has a list of names with
a `when` (tiers, levels, eras, traits); the first name whose `when` holds wins, and a role with no
matching name does not exist for the unit.  Since 01/01/2026 each province names its communes'
offices (NĐ 370/2025/NĐ-CP): the table `clauses/tables/commune-offices.yaml` (province code → role
→ name, optionally for some levels only) overrides the defaults for the current communes of that
province, and a request's `offices` ({role: name}) override both.  An empty override removes the
role for that unit.

Clause text reads the names as attributes (`{{ ag.police }}`); asking for a role that does not exist
raises RenderError naming the role and the unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from service.errors import LibraryError, RenderError
from service.library.model import Agency, When
from service.text.render import is_constant, render_template
from service.units.model import Era, Tier, Unit

_ERA_VI = {Era.CURRENT: "từ ngày 01/7/2025", Era.LEGACY: "trước ngày 01/7/2025"}


def commune_offices(table: Mapping[str, Any], unit: Unit) -> dict[str, str]:
    """{role: name} the unit's province gives its communes' offices (current communes only)."""
    if unit.tier is not Tier.COMMUNE or unit.era is not Era.CURRENT:
        return {}
    entries = (table.get("provinces") or {}).get(f"{unit.province_unit.code:02d}") or {}
    return {role: " ".join(str(e["name"]).split()) for role, e in entries.items()
            if unit.level in (e.get("levels") or [unit.level])}


def abbreviations(table: Mapping[str, Any], unit: Unit) -> dict[str, str]:
    """{role: abbreviation} of the unit's offices for the archive line ('police' → 'CAP' for a
    ward), from the table `archive-abbreviations` (role → level word → abbreviation)."""
    return {role: str(by_level[unit.level]) for role, by_level in table.items()
            if isinstance(by_level, Mapping) and unit.level in by_level}


def name_applies(when: When, unit: Unit, traits: frozenset[str]) -> bool:
    """Whether an agency name's `when` holds for the unit (tier, level, era) and its traits."""
    if when.facts or when.agencies:
        raise LibraryError("tên cơ quan không được đặt điều kiện facts/agencies")
    return (
        (not when.tiers or unit.tier.value in when.tiers)
        and (not when.levels or unit.level in when.levels)
        and (not when.eras or unit.era.value in when.eras)
        and all(t in traits for t in when.traits)
        and not any(t in traits for t in when.not_traits)
    )


@dataclass(frozen=True)
class AgencyNames:
    """The agency names of one unit; `names[role]` is None when the role does not exist there."""

    names: Mapping[str, str | None]
    requests: Mapping[str, bool] = field(default_factory=dict)
    unit_label: str = ""
    """'xã Thượng Đức (từ ngày 01/7/2025)': used in error messages."""

    @classmethod
    def resolve(
        cls,
        agencies: Mapping[str, Agency],
        unit: Unit,
        *,
        traits: Iterable[str] = (),
        offices: Mapping[str, str] | None = None,
        context: Mapping[str, object] | None = None,
        province_names: Mapping[str, Any] | None = None,
    ) -> AgencyNames:
        """Resolve every role for `unit`.

        `province_names` is the `commune-offices` table (the library's `tables["commune-offices"]`);
        its entry for the unit's province applies before the request's `offices`.

        `context` is the Jinja context for the names' text; by default `{"unit": unit}` (the
        renderer may pass its richer unit view, which must offer the same attributes).
        """
        trait_set = frozenset(traits)
        ctx: Mapping[str, object] = context if context is not None else {"unit": unit}
        names: dict[str, str | None] = {}
        for role, agency in agencies.items():
            names[role] = _render(agency, unit, trait_set, ctx)
        names.update(commune_offices(province_names or {}, unit))
        for role, text in (offices or {}).items():
            names[role] = " ".join(text.split()) or None
        requests = {role: agency.request for role, agency in agencies.items()}
        label = f"{unit.full} ({_ERA_VI[unit.era]})"
        return cls(MappingProxyType(names), MappingProxyType(requests), label)

    def exists(self, role: str) -> bool:
        return self.names.get(role) is not None

    def is_request(self, role: str) -> bool:
        """Not under the issuing People's Committee: its assignment reads 'Đề nghị …'."""
        return self.requests.get(role, False)

    def get(self, role: str) -> str | None:
        return self.names.get(role)

    def name(self, role: str) -> str:
        """The role's name, or RenderError when the role is unknown or absent for the unit."""
        if role not in self.names:
            raise RenderError(f"Không có vai trò cơ quan “{role}” trong thư viện.",
                              template="agencies", clause=role)
        text = self.names[role]
        if text is None:
            raise RenderError(
                f"Cơ quan “{role}” không có ở {self.unit_label}: điều khoản dùng "
                f"{{{{ ag.{role} }}}} phải đặt điều kiện `when.agencies: [{role}]`.",
                template="agencies", clause=role)
        return text

    def existing(self) -> Iterator[tuple[str, str]]:
        """(role, name) of every role that exists for the unit."""
        return ((r, n) for r, n in self.names.items() if n is not None)

    def __getitem__(self, role: str) -> str:
        return self.name(role)

    def __getattr__(self, role: str) -> str:
        # Only called for names that are not fields; dunder/private look-ups (copy, pickle,
        # Jinja's sandbox probes) must see a plain AttributeError.
        if role.startswith("_"):
            raise AttributeError(role)
        return self.name(role)


_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


@lru_cache(maxsize=2048)
def _template(text: str) -> Template | str:
    """Agency names are few and shared by every unit: compile each once; a name without any
    Jinja tag is rendered once (its words joined by single spaces)."""
    template = _ENV.from_string(text)
    return " ".join(render_template(template, {}).split()) if is_constant(text) else template


def _render(agency: Agency, unit: Unit, traits: frozenset[str],
            ctx: Mapping[str, object]) -> str | None:
    for candidate in agency.names:
        if not name_applies(candidate.when, unit, traits):
            continue
        template = _template(candidate.text)
        if isinstance(template, str):
            return template
        try:
            text = render_template(template, ctx)
        except TemplateError as e:
            raise RenderError(f"Tên cơ quan “{agency.id}” không dựng được cho {unit.full}: {e}",
                              template=candidate.text, clause=agency.id) from e
        return " ".join(text.split())
    return None
