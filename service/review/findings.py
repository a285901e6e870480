"""Review findings: data, never exceptions (the checker reports, the caller decides)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
Part = Literal["header", "body", "closing", "page"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
PARTS: tuple[Part, ...] = ("header", "body", "closing", "page")


@dataclass(frozen=True)
class Where:
    """Where a finding is: `paragraph` is the 0-based index in document order (table-cell
    paragraphs counted in order); -1 when the finding is about the page set-up, the page
    headers or the document as a whole (`part` is then "page")."""

    paragraph: int
    part: Part
    excerpt: str

    def to_json(self) -> dict[str, object]:
        return {"paragraph": self.paragraph, "part": self.part, "excerpt": self.excerpt}


@dataclass(frozen=True)
class Finding:
    """One departure from Nghị định 30/2020/NĐ-CP: rule id, severity, place, a Vietnamese
    message and the provision it comes from ("Phụ lục I, mục II.1.a")."""

    rule: str
    severity: Severity
    where: Where
    message: str
    source: str

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule, "severity": self.severity, "where": self.where.to_json(),
                "message": self.message, "source": self.source}


def to_json(findings: Iterable[Finding]) -> list[dict[str, object]]:
    return [f.to_json() for f in findings]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """By paragraph (document-level findings first); stable within a paragraph."""
    return sorted(findings, key=lambda f: f.where.paragraph)


def count(findings: Iterable[Finding]) -> dict[Severity, int]:
    out: dict[Severity, int] = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[f.severity] += 1
    return out
