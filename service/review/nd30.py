"""The ND30 rule set for a KẾ HOẠCH: every check, in reporting order, with the rule ids it may
report.  Severity, wording and source of each id live in `clauses/tables/nd30-rules.yaml`."""

from __future__ import annotations

from collections.abc import Sequence

from service.review import (
    rules_body,
    rules_closing,
    rules_header,
    rules_number_date,
    rules_page,
    rules_text,
    rules_title,
)
from service.review.content import CONTENT_RULES
from service.review.context import Context, Rule
from service.review.findings import Finding
from service.review.render_check import RENDER_IDS

RULES: tuple[Rule, ...] = (
    *rules_page.RULES,
    *rules_header.RULES,
    *rules_number_date.RULES,
    *rules_title.RULES,
    *rules_body.RULES,
    *rules_closing.RULES,
    *rules_text.RULES,
)


def rule_ids() -> tuple[str, ...]:
    """Every id the checker can report (static and content rules, and the rendering check)."""
    ids = (i for rule in (*RULES, *CONTENT_RULES) for i in rule.ids)
    return tuple(dict.fromkeys(ids)) + RENDER_IDS


def run_rules(ctx: Context, rules: Sequence[Rule] = RULES) -> list[Finding]:
    for rule in rules:
        ctx.allowed = frozenset(rule.ids)
        rule.check(ctx)
    ctx.allowed = frozenset()
    return ctx.findings
