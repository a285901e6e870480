"""The clause library's data model: clauses, plan kinds, agency roles.

These are read from YAML under `clauses/` (an edge, hence pydantic with `extra="forbid"`), and
used read-only afterwards.  The file format is documented in `clauses/README.md`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Family = Literal[
    "preamble", "purpose", "requirement", "objective", "target", "criterion", "scope",
    "roadmap", "task", "assignment", "funding", "implementation", "recipient",
]
Numbering = Literal["roman", "arabic", "decimal", "letter", "bullet", "plus", "none"]
Trait = Literal[
    "border", "coast", "ethnic", "industrial", "drug_plants", "methadone", "schools",
    "hotspot", "urban", "rural", "mountain", "island", "inner_city",
]
"""Local traits of a unit; `inner_city`: a ward at the centre of a city (no farms, no veterinary
shops, no drug plants), narrower than `urban` (every ward)."""
TierName = Literal["province", "district", "commune"]
EraName = Literal["current", "legacy"]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Frozen):
    """Where a clause came from: a source plan and its section ('III.2'), or a legal text."""

    plan: str
    section: str = ""
    note: str = ""


class When(Frozen):
    """Where a clause, group or agency applies.  Every given condition must hold."""

    tiers: tuple[TierName, ...] = ()
    levels: tuple[str, ...] = ()
    eras: tuple[EraName, ...] = ()
    traits: tuple[Trait, ...] = ()
    not_traits: tuple[Trait, ...] = ()
    facts: tuple[str, ...] = ()
    """Dotted fact paths that must be present and non-empty, e.g. 'neighbours'."""
    agencies: tuple[str, ...] = ()
    """Agency roles that must exist for the unit (level and era)."""


class Clause(Frozen):
    """One reusable piece of text: a paragraph, a bullet, a target, a recipient line."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_-]+)+$")]
    family: Family
    text: str
    """Jinja text with named parameters; blank lines separate paragraphs."""
    otherwise: str | None = None
    """Generic wording used when `when.facts` are missing (instead of dropping the clause)."""
    when: When = When()
    source: tuple[Source, ...]
    title: str = ""
    """A short label for forms and review ('Tuyên truyền trong trường học')."""

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, v: object) -> object:
        return [v] if isinstance(v, dict) else v


class Entry(Frozen):
    """A clause placed in a kind's outline."""

    clause: str
    optional: bool = False
    """The user may switch it off (it is on by default)."""
    default: Literal["on", "off"] = "on"
    """'off': optional and switched off unless the request includes it."""
    number: bool = True
    """False: the paragraph carries no number/bullet even where its siblings do."""


class Group(Frozen):
    """A titled item of an outline ('1. Mục đích', '2. Công an xã') with its own content."""

    group: str = ""
    """Heading text (Jinja); empty with `agencies` set means: the agencies' names."""
    agencies: tuple[str, ...] = ()
    request: bool | None = None
    """Prefix 'Đề nghị' (None: when any of the agencies is not under the issuing body)."""
    inline: bool = False
    """Run the heading and the first paragraph together: 'Sở Tài chính: Căn cứ …'."""
    colon: bool = False
    """End the heading with ':' ('9. Đề nghị Ủy ban Mặt trận Tổ quốc …:')."""
    numbering: Numbering = "bullet"
    when: When = When()
    optional: bool = False
    intro: tuple[str, ...] = ()
    content: tuple[Item, ...] = ()


Item = Annotated[str | Entry | Group, Field(union_mode="left_to_right")]


class Section(Frozen):
    """A Roman-numbered section of a plan."""

    title: str
    families: tuple[Family, ...]
    numbering: Numbering = "arabic"
    when: When = When()
    intro: tuple[str, ...] = ()
    content: tuple[Item, ...] = ()


class Preamble(Frozen):
    bases: tuple[str, ...] = ()
    """Registry ids cited by default (before the dated defaults of the registry apply)."""
    enact: str
    """Clause id of the enacting sentence ('Ủy ban nhân dân xã … ban hành Kế hoạch …')."""
    style: Literal["grouped", "per-line"] = "grouped"
    enact_separate: bool = False
    """True: the enacting sentence is its own paragraph; else it closes the last citations one."""
    verb: Literal["Thực hiện", "Căn cứ"] = "Căn cứ"
    """The verb that introduces the registry documents ('Thực hiện Luật …; Căn cứ …')."""


class Signer(Frozen):
    authority: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


class Kind(Frozen):
    """A plan kind: who may issue it, its trích yếu and its outline."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    title: str
    trich_yeu: str
    tier: TierName
    levels: tuple[str, ...]
    eras: tuple[EraName, ...]
    source: str
    domain: str = "drug-prevention"
    period: Literal["year", "range"] = "year"
    description: str = ""
    defaults: dict[str, object] = {}
    """Default facts and targets for this kind, overridden by the request."""
    signer: Signer = Signer()
    preamble: Preamble
    sections: tuple[Section, ...]
    recipients: tuple[str, ...] = ()
    archive: str = "VT"
    """What follows 'Lưu:' (Jinja: 'VT, {{ abbr.police }}' is 'VT, CAX' for a commune)."""


class AgencyName(Frozen):
    text: str
    when: When = When()


class Agency(Frozen):
    """A role ('police') whose name depends on the unit's tier, level and era."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    label: Annotated[str, Field(min_length=1)]
    """The role in words where no unit is at hand (why a clause was left out)."""
    names: tuple[AgencyName, ...]
    request: bool = False
    """Not under the issuing People's Committee: assignments read 'Đề nghị …'."""
    source: tuple[Source, ...] = ()

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, v: object) -> object:
        return [v] if isinstance(v, dict) else v


Group.model_rebuild()
Section.model_rebuild()
