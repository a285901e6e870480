"""The rule catalogue (`clauses/tables/nd30-rules.yaml` and `content-rules.yaml`): for every
rule id its severity, a Vietnamese title and message template, the provision of the decree (or
the data) it comes from, and the element row of nd30.md §1 it belongs to.  Rule code says
*what* it found; the catalogue says how to say it and how serious it is.

Each file is validated when it is loaded (`RuleTable`): ids in capitals, no empty text, message
templates whose fields are plain names, every `source` starting with one of the file's
`sources`, no id twice.  A broken row is refused with the file, the rule and the field.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from service.errors import LibraryError
from service.review.findings import Finding, Where
from service.spec.messages import field_path, message

TABLES = Path(__file__).resolve().parents[2] / "clauses" / "tables"
DEFAULT_PATH = TABLES / "nd30-rules.yaml"
CONTENT_PATH = TABLES / "content-rules.yaml"

Text = Annotated[str, Field(min_length=1)]


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
    severity: Literal["error", "warning", "info"]
    title: Text
    message: Text
    variants: dict[str, Text] = {}  # other wordings of the same finding, chosen by the rule
    source: Text
    element: int | None = None  # row of nd30.md §1; None for checks outside the table
    note: str = ""

    @model_validator(mode="after")
    def _templates_format(self) -> RuleSpec:
        for variant in (None, *self.variants):
            where = "message" if variant is None else f"variants.{variant}"
            try:
                names = self.params(variant)
            except ValueError as e:
                raise ValueError(f"{where}: mẫu câu hỏng ({e})") from None
            if bad := sorted(n for n in names if not n.isidentifier()):
                raise ValueError(f"{where}: tham số {{{bad[0]}}} không phải một tên")
            try:
                self.template(variant).format(**dict.fromkeys(names, "x"))
            except (ValueError, IndexError, KeyError) as e:
                raise ValueError(f"{where}: mẫu câu hỏng ({e})") from None
        return self

    def template(self, variant: str | None) -> str:
        return self.message if variant is None else self.variants[variant]

    def params(self, variant: str | None = None) -> frozenset[str]:
        parsed = string.Formatter().parse(self.template(variant))
        return frozenset(f for _, f, _, _ in parsed if f is not None)


class RuleTable(BaseModel):
    """One catalogue file: the provisions its rules may cite, and the rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[Text, ...]  # every rule's `source` starts with one of these
    rules: tuple[RuleSpec, ...]

    @model_validator(mode="after")
    def _sources_and_ids(self) -> RuleTable:
        seen: set[str] = set()
        for rule in self.rules:
            if not rule.source.startswith(self.sources):
                raise ValueError(f"quy tắc {rule.id}: nguồn “{rule.source}” phải bắt đầu bằng "
                                 f"một trong: {', '.join(self.sources)}")
            if rule.id in seen:
                raise ValueError(f"mã quy tắc {rule.id} bị trùng")
            seen.add(rule.id)
        return self


class Catalogue:
    """Rule id → RuleSpec, loaded from YAML."""

    def __init__(self, rules: list[RuleSpec]) -> None:
        self.rules = {r.id: r for r in rules}
        if len(self.rules) != len(rules):
            raise LibraryError("mã quy tắc bị trùng giữa các tệp danh mục")

    @classmethod
    def load(cls, *paths: Path) -> Catalogue:
        """The rules of `paths` (default: the ND30 rules and the content rules)."""
        return cls([r for path in paths or (DEFAULT_PATH, CONTENT_PATH) for r in _specs(path)])

    def __contains__(self, rule: str) -> bool:
        return rule in self.rules

    def finding(self, rule: str, where: Where, params: dict[str, object],
                variant: str | None = None) -> Finding:
        spec = self.rules[rule]
        message = spec.template(variant).format(**params)
        return Finding(rule, spec.severity, where, message, spec.source)


def _specs(path: Path) -> tuple[RuleSpec, ...]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return RuleTable.model_validate(raw).rules
    except (OSError, yaml.YAMLError) as e:
        raise LibraryError(f"danh mục quy tắc hỏng: {e}", source=path.name) from e
    except ValidationError as e:
        raise LibraryError(f"danh mục quy tắc hỏng: {_first_error(e, raw)}",
                           source=path.name) from e


def _first_error(exc: ValidationError, raw: Any) -> str:
    """The first error, naming the rule by its id: 'quy tắc PAGE_A4, title: không được để
    trống'."""
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = raw.get("rules") if isinstance(raw, dict) else None
        row = rules[loc[1]] if isinstance(rules, list) and loc[1] < len(rules) else {}
        rule_id = row.get("id") if isinstance(row, dict) else None
        who = f"quy tắc {rule_id}" if rule_id else f"quy tắc thứ {loc[1] + 1}"
        field = field_path(loc[2:])
        return f"{who}, {field}: {message(error)}" if field else f"{who}: {message(error)}"
    field = field_path(loc)
    return f"{field}: {message(error)}" if field else message(error)


@functools.cache
def default_catalogue() -> Catalogue:
    """The catalogue of DEFAULT_PATH and CONTENT_PATH, read once per process (never modified)."""
    return Catalogue.load()
