"""A kind's form: the request's JSON Schema, with Vietnamese labels, help texts, the kind's
defaults, its targets and parameters, and the clauses a user may switch on or off.

Everything here is read from the request model, the kind (clause library) and `fields.yaml`;
nothing decides what a plan says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from service.library.loader import Library, walk
from service.library.model import Agency, Entry, Group, Item, Kind
from service.library.targets import Quantity, quantities
from service.spec.request import PlanRequest

FIELDS_FILE = Path(__file__).with_name("templates") / "fields.yaml"  # package data
_PARAM = re.compile(r"facts\.params\.([a-z][a-z0-9_]*)")
_DOC = re.compile(r"\bdocs\.([a-z][a-z0-9_]*)")
_FACT = re.compile(r"\bfacts\.(villages|[a-z][a-z0-9_]*)")
_TRAIT = re.compile(r"[\"']([a-z_]+)[\"']\s+(?:not\s+)?in\s+facts\.traits")
_AGENCY = re.compile(r"\bag\.([a-z_][a-z0-9_]*)")
_SUB_COUNT = re.compile(r"\bunit\.sub_count\b")
FACT_FIELDS = ("neighbours", "villages", "village_count", "village_word", "theme",
               "campaign_start", "campaign_end")
"""The facts the form has fields for; a kind's form shows those its texts use."""
_LIST_USE = (r"facts\.params\.{key}\b\s*"
             r"(\|\s*(vnjoin|cjoin|length|count|join|communes_word|default\(\[\]\))|\)?\s*\+)"
             r"|(\bin|\+)\s*\(?facts\.params\.{key}\b")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


class FieldText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    help: str = ""


class Choice(BaseModel):
    value: str
    label: str


class Setting(BaseModel):
    """A target or a free parameter of the kind, with its default (None: no default)."""

    key: str = Field(description="Đường dẫn trong yêu cầu: targets.x, facts.params.y, facts.docs.z")
    label: str
    help: str = ""
    type: str = Field(description="number | text | list | doc")
    default: Any = None
    integral: bool = Field(default=False, description="Số nguyên (số người, ngày, tháng, năm)")
    minimum: float | None = None
    maximum: float | None = None


class ClauseOption(BaseModel):
    id: str = Field(description="Mã điều khoản (hoặc tên nhóm) dùng trong clauses.include/exclude")
    title: str
    section: str
    default_on: bool


class SignerDefault(BaseModel):
    mode: str
    title: str
    authority: list[str]


class KindForm(BaseModel):
    kind: str
    title: str
    period: str
    request_schema: dict[str, Any] = Field(description="JSON Schema của yêu cầu (PlanRequest)")
    fields: dict[str, FieldText] = Field(description="Nhãn và hướng dẫn theo đường dẫn trường")
    defaults: dict[str, Any] = Field(description="Giá trị mặc định của loại kế hoạch")
    signer: SignerDefault
    targets: list[Setting]
    params: list[Setting]
    docs: list[Setting]
    traits: list[Choice] = Field(description="Các đặc điểm địa bàn mà nội dung của loại kế hoạch "
                                             "phụ thuộc vào")
    default_traits: list[str]
    village_statuses: list[Choice]
    signer_modes: list[Choice]
    tones: list[Choice]
    verbs: list[Choice]
    clauses: list[ClauseOption]
    facts_used: list[str] = Field(description="Các trường thông tin địa phương loại kế hoạch dùng")


@dataclass(frozen=True)
class FormCatalog:
    """The Vietnamese texts of the form (from fields.yaml), read once."""

    fields: dict[str, FieldText]
    choices: dict[str, list[Choice]]
    internal: frozenset[str] = frozenset()
    """Parameters a kind sets for its own texts (`facts.params.goal`): never asked."""
    finding_fields: dict[str, str] = field(default_factory=dict)
    """{rule id or its first part: the field of the form a finding of that rule is about}."""
    commune_words: dict[str, str] = field(default_factory=dict)
    """{era: the communes' level words}, for labels that name them (`{communes}`)."""

    @classmethod
    def load(cls, path: Path = FIELDS_FILE) -> FormCatalog:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fields = {k: FieldText(**v) for k, v in data["fields"].items()}
        choices = {name: [Choice(value=str(k), label=str(v)) for k, v in data[name].items()]
                   for name in ("traits", "village_statuses", "signer_modes", "tones", "verbs")}
        return cls(fields, choices, frozenset(data.get("internal", ())),
                   dict(data.get("finding_fields", {})), dict(data["commune_words"]))

    def labels(self, name: str) -> dict[str, str]:
        """{value: label} of one list of choices ('traits': {'coast': 'Ven biển', …})."""
        return {c.value: c.label for c in self.choices[name]}

    def field_of(self, rule: str, message: str, request: PlanRequest) -> str | None:
        """The field of the form a finding is about: a cited document it quotes (its row), else
        the field of its rule (`finding_fields`), else None."""
        for i, doc in enumerate(request.legal_bases):
            number = doc if isinstance(doc, str) else doc.number
            if number and f"số {number}" in message:
                return f"legal_bases.{i}"
        parts = rule.split("_")
        for n in range(len(parts), 0, -1):
            found = self.finding_fields.get("_".join(parts[:n]))
            if found:
                return found
        return None

    def text(self, key: str) -> FieldText:
        return self.fields.get(key) or FieldText(label=key.rsplit(".", 1)[-1].replace("_", " "))

    def communes(self, kind: Kind) -> str:
        """The communes' level words in the kind's eras ("xã, phường, đặc khu" from 2025)."""
        words = (w.strip() for era in kind.eras for w in self.commune_words[era].split(","))
        return ", ".join(dict.fromkeys(words))

    def kind_form(self, lib: Library, kind: Kind) -> KindForm:
        defaults = dict(kind.defaults)
        communes = self.communes(kind)
        texts = _texts(lib, kind)
        quantity = quantities(lib.tables)
        return KindForm(
            kind=kind.id, title=kind.title, period=kind.period,
            request_schema=PlanRequest.model_json_schema(),
            fields={k: v for k, v in self.fields.items() if "." not in k or not k.startswith(
                ("targets.", "facts.params.", "facts.docs."))},
            defaults=_jsonable(defaults),
            signer=signer_default(kind),
            targets=[_bounded(self._setting(f"targets.{k}", "number", v, communes),
                              quantity.get(k))
                     for k, v in _mapping(defaults.get("targets")).items()],
            params=self._params(kind, texts, communes),
            docs=[self._setting(f"facts.docs.{k}", "doc", None, communes)
                  for k in _found(_DOC, texts)],
            traits=[c for c in self.choices["traits"] if c.value in traits_used(lib, kind, texts)],
            default_traits=[str(t) for t in _list(defaults.get("traits"))],
            village_statuses=self.choices["village_statuses"],
            signer_modes=self.choices["signer_modes"], tones=self.choices["tones"],
            verbs=self.choices["verbs"], clauses=list(optional_clauses(lib, kind)),
            facts_used=facts_used(kind, texts))

    def _params(self, kind: Kind, texts: list[str], communes: str) -> list[Setting]:
        given = _mapping(_mapping(kind.defaults.get("facts")).get("params"))
        keys = [k for k in (*given, *_found(_PARAM, texts))
                if k != "get" and f"facts.params.{k}" not in self.internal]
        keys = list(dict.fromkeys(keys))
        return [self._setting(f"facts.params.{k}", _param_type(k, given.get(k), texts),
                              _jsonable(given.get(k)), communes) for k in keys]

    def _setting(self, key: str, kind: str, default: Any, communes: str) -> Setting:
        text = self.text(key)
        label = text.label.replace("{communes}", communes)
        help_text = text.help.replace("{communes}", communes)
        return Setting(key=key, label=label, help=help_text, type=kind, default=default)


def _bounded(setting: Setting, quantity: Quantity | None) -> Setting:
    """A target with what it counts: a whole number or not, and its bounds."""
    if quantity is None:
        return setting
    return setting.model_copy(update={"integral": quantity.integral, "minimum": quantity.min,
                                      "maximum": quantity.max})


def facts_used(kind: Kind, texts: list[str]) -> list[str]:
    """The fact fields a kind's texts read.  A commune's village word names the groups below it
    everywhere (`unit.sub`, the heads of its villages), so commune kinds always ask it; their
    count only where a text counts them (`unit.sub_count`), the named villages only where a text
    reads them (`facts.villages_with(…)`)."""
    used = set(_found(_FACT, texts))
    if kind.tier == "commune":
        used.add("village_word")
        if any(_SUB_COUNT.search(t) for t in texts):
            used.add("village_count")
    if used & {"campaign_start", "campaign_end"}:
        used |= {"campaign_start", "campaign_end"}
    return [f for f in FACT_FIELDS if f in used]


def traits_used(lib: Library, kind: Kind, texts: list[str]) -> frozenset[str]:
    """The traits of the place that change what the kind's plan says: those its clauses, groups
    and agency names are conditioned on, and those its texts test (`"border" in facts.traits`)."""
    used = set(_found(_TRAIT, texts))
    conditions = [group.when for s in kind.sections for _, group in walk(s.content) if group]
    conditions += [lib.clauses[cid].when for cid in _clause_ids(kind) if cid in lib.clauses]
    conditions += [name.when for agency in _agencies_used(lib, kind, texts)
                   for name in agency.names if not name.when.tiers or kind.tier in name.when.tiers]
    for when in conditions:
        used.update(when.traits, when.not_traits)
    return frozenset(used)


def _agencies_used(lib: Library, kind: Kind, texts: list[str]) -> list[Agency]:
    """The agency roles the kind names: its groups' and those its texts call (`ag.police`)."""
    ids = set(_found(_AGENCY, texts))
    for section in kind.sections:
        for _, group in walk(section.content):
            if group is not None:
                ids.update(group.agencies, group.when.agencies)
    return [lib.agencies[a] for a in sorted(ids) if a in lib.agencies]


def signer_default(kind: Kind) -> SignerDefault:
    """The signature block the kind uses when the request gives no signer, as form values."""
    lines = list(kind.signer.authority)
    head = lines[0] if lines else ""
    mode = "KT" if head.startswith("KT.") else "TM" if head.startswith("TM.") else ""
    title = lines[-1] if mode == "" or len(lines) > 1 else ""
    return SignerDefault(mode=mode, title=title, authority=lines)


def optional_clauses(lib: Library, kind: Kind) -> Iterator[ClauseOption]:
    """Every clause or group of the outline a user may switch on or off, in outline order."""
    for section in kind.sections:
        for item in _items(section.content):
            if isinstance(item, Entry) and (item.optional or item.default == "off"):
                yield ClauseOption(id=item.clause, title=clause_title(lib, item.clause),
                                   section=section.title, default_on=item.default == "on")
            elif isinstance(item, Group) and item.optional:
                ident = item.group or ", ".join(item.agencies)
                yield ClauseOption(id=ident, title=group_title(lib, item), section=section.title,
                                   default_on=True)


def group_title(lib: Library, group: Group) -> str:
    """A group's heading for a form: its text, else its agencies' first names."""
    if group.group and "{" not in group.group:
        return group.group
    names = [lib.agencies[a].names[0].text if a in lib.agencies and lib.agencies[a].names else a
             for a in group.agencies]
    return _plain(group.group) if group.group else _cap(", ".join(_plain(n) for n in names))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def clause_title(lib: Library, clause_id: str) -> str:
    clause = lib.clauses.get(clause_id)
    if clause is None:
        return clause_id
    if clause.title:
        return clause.title
    text = _plain(clause.text)
    return text if len(text) <= 90 else text[:88].rsplit(" ", 1)[0] + " …"


def _items(items: tuple[Item, ...]) -> Iterator[Item]:
    for item in items:
        yield item
        if isinstance(item, Group):
            yield from _items(item.content)


def _clause_ids(kind: Kind) -> list[str]:
    """Every clause the kind's outline may use (preamble, sections, recipients)."""
    ids = [kind.preamble.enact, *kind.recipients]
    for section in kind.sections:
        ids += section.intro
        ids += [cid for cid, group in walk(section.content) if group is None]
    return ids


def _texts(lib: Library, kind: Kind) -> list[str]:
    """Every template text the kind may render (for the parameters and documents it uses)."""
    out = [kind.trich_yeu]
    for section in kind.sections:
        for _, group in walk(section.content):
            if group is not None:
                out += [group.group, *group.when.facts]
    for cid in _clause_ids(kind):
        clause = lib.clauses.get(cid)
        if clause is not None:
            out += [clause.text, clause.otherwise or "", *(f"facts.{f}" for f in clause.when.facts)]
    return out


def _found(pattern: re.Pattern[str], texts: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for key in pattern.findall(text):
            seen.setdefault(key, None)
    return list(seen)


def _param_type(key: str, default: Any, texts: list[str]) -> str:
    if isinstance(default, bool):
        return "text"
    if isinstance(default, int | float):
        return "number"
    if isinstance(default, list | tuple):
        return "list"
    if default is not None:
        return "text"
    use = re.compile(_LIST_USE.format(key=re.escape(key)))
    return "list" if any(use.search(t) for t in texts) else "text"


def _plain(text: str) -> str:
    return " ".join(_JINJA.sub("…", text).split())


def _mapping(value: object) -> dict[str, Any]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _jsonable(value: Any) -> Any:
    """Kind defaults as JSON (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value) if not hasattr(value, "isoformat") else value.isoformat()
