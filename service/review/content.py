"""The content rule set: legal citations against the registry, offices and unit names against the
reform tables and the unit directory, and the wording checks.  Severity, wording and source of each
id live in `clauses/tables/content-rules.yaml`."""

from __future__ import annotations

from service.review import rules_legal, rules_offices, rules_words
from service.review.context import Rule

CONTENT_RULES: tuple[Rule, ...] = (
    *rules_words.RULES,
    *rules_legal.RULES,
    *rules_offices.RULES,
)
