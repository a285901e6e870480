"""The rule catalogue (`clauses/tables/nd30-rules.yaml` and `content-rules.yaml`): for every
rule id its severity, a Vietnamese title and message template, the provision of the decree (or
the data) it comes from, and the element row of nd30.md §1 it belongs to.  Rule code says
*what* it found; the catalogue says how to say it and how serious it is.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from service.errors import LibraryError
from service.review.findings import Finding, Where

TABLES = Path(__file__).resolve().parents[2] / "clauses" / "tables"
DEFAULT_PATH = TABLES / "nd30-rules.yaml"
CONTENT_PATH = TABLES / "content-rules.yaml"


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    severity: Literal["error", "warning", "info"]
    title: str
    message: str
    variants: dict[str, str] = {}  # other wordings of the same finding, chosen by the rule
    source: str
    element: int | None = None  # row of nd30.md §1; None for checks outside the table
    note: str = ""

    def template(self, variant: str | None) -> str:
        return self.message if variant is None else self.variants[variant]

    def params(self, variant: str | None = None) -> frozenset[str]:
        parsed = string.Formatter().parse(self.template(variant))
        return frozenset(f for _, f, _, _ in parsed if f)


class Catalogue:
    """Rule id → RuleSpec, loaded from YAML."""

    def __init__(self, rules: list[RuleSpec]) -> None:
        self.rules = {r.id: r for r in rules}
        if len(self.rules) != len(rules):
            raise LibraryError("mã quy tắc bị trùng", source="nd30-rules.yaml")

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


def _specs(path: Path) -> list[RuleSpec]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return [RuleSpec.model_validate(r) for r in raw.get("rules", [])]
    except (OSError, yaml.YAMLError, ValidationError) as e:
        raise LibraryError(f"danh mục quy tắc hỏng: {e}", source=str(path)) from e


@functools.cache
def default_catalogue() -> Catalogue:
    """The catalogue of DEFAULT_PATH and CONTENT_PATH, read once per process (never modified)."""
    return Catalogue.load()
