"""What every rule receives: the document, where its parts are, the plan's own facts, the
catalogue, the content data, and the list the findings go to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from service.docx.model import DocModel, Para
from service.review.catalogue import Catalogue
from service.review.findings import Finding, Part, Where
from service.review.locate.elements import (
    ClosingElements,
    HeaderElements,
    locate_closing,
    locate_header,
)
from service.review.locate.facts import PlanFacts, read_facts
from service.review.locate.layout import Layout, find_layout
from service.strings import squash

if TYPE_CHECKING:
    from service.library.loader import Library
    from service.units import UnitDirectory


class ContentDeps(Protocol):
    """What the content rules need of `service.deps.Deps`: the units and the clause library."""

    @property
    def units(self) -> UnitDirectory: ...

    @property
    def library(self) -> Library: ...


@dataclass
class Context:
    doc: DocModel
    layout: Layout
    head: HeaderElements
    close: ClosingElements
    catalogue: Catalogue
    final: bool = False
    findings: list[Finding] = field(default_factory=list)
    allowed: frozenset[str] = frozenset()  # the ids the running rule declared
    deps: ContentDeps | None = None  # None: the content rules that need data are skipped
    memo: dict[str, Any] = field(default_factory=dict)  # facts computed once per document

    @classmethod
    def build(cls, doc: DocModel, catalogue: Catalogue, *, final: bool = False,
              deps: ContentDeps | None = None) -> Context:
        layout = find_layout(doc)
        return cls(doc, layout, locate_header(layout), locate_closing(layout), catalogue, final,
                   deps=deps)

    @cached_property
    def facts(self) -> PlanFacts:
        """The plan's issuer, date and period, read once per document."""
        return read_facts(self.layout, self.head)

    def add(self, rule: str, para: Para | None = None, *, text: str | None = None,
            part: Part | None = None, variant: str | None = None, **params: object) -> None:
        """Record a finding of `rule` at `para` (None: the page or the whole document)."""
        if rule not in self.allowed:
            raise AssertionError(f"rule {rule} not declared by the running check")
        where = Where(para.index if para is not None else -1,
                      part or self.part(para),
                      excerpt(text if text is not None else (para.text if para else "")))
        self.findings.append(self.catalogue.finding(rule, where, params, variant))

    def header_anchor(self) -> Para | None:
        """Where to report something missing from the header: its first paragraph with text,
        else the title, else the first paragraph of the document."""
        found = next((p for p in self.layout.header if not p.empty), None)
        return found or self.layout.title or next(iter(self.doc.paragraphs), None)

    def closing_anchor(self) -> Para | None:
        """Where to report something missing from the closing: its first paragraph, else the
        last paragraph of the nội dung."""
        if self.layout.closing:
            return self.layout.closing[0]
        body = [p for p in self.layout.body if not p.empty]
        return body[-1] if body else None

    def part(self, para: Para | None) -> Part:
        found = self.layout.part(para)
        return found if found in ("header", "body", "closing") else "page"  # type: ignore[return-value]


@dataclass(frozen=True)
class Rule:
    """A check and the rule ids it may report."""

    check: Callable[[Context], None]
    ids: tuple[str, ...]


def excerpt(text: str, limit: int = 80) -> str:
    flat = squash(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
