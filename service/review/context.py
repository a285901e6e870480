"""What every rule receives: the document, where its parts are, the catalogue, and the list the
findings go to; plus the shared check of an element's formatting (size, bold, italic, alignment,
capitals) that emits `<BASE>_SIZE`, `<BASE>_BOLD` … so each finding names one property.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from service.review.catalogue import Catalogue
from service.review.docx_types import DocModel, Para
from service.review.findings import Finding, Part, Where
from service.review.layout import Layout, find_layout
from service.review.locate import (
    ClosingElements,
    HeaderElements,
    Seg,
    locate_closing,
    locate_header,
)
from service.review.metrics import Metrics
from service.review.ooxml import fmt_pt
from service.review.textutil import excerpt, is_upper_text

if TYPE_CHECKING:
    from service.library.loader import Library
    from service.units import UnitDirectory


class ContentDeps(Protocol):
    """What the content rules need of `service.deps.Deps`: the units and the clause library."""

    @property
    def units(self) -> UnitDirectory: ...

    @property
    def library(self) -> Library: ...


ALIGN_VI = {"left": "trái", "right": "phải", "center": "giữa", "both": "đều hai lề"}
FMT_PROPS = ("SIZE", "BOLD", "ITALIC", "ALIGN", "CAPS")


@dataclass
class Context:
    doc: DocModel
    layout: Layout
    head: HeaderElements
    close: ClosingElements
    catalogue: Catalogue
    metrics: Metrics
    final: bool = False
    findings: list[Finding] = field(default_factory=list)
    allowed: frozenset[str] = frozenset()  # the ids the running rule declared
    deps: ContentDeps | None = None  # None: the content rules that need data are skipped
    memo: dict[str, Any] = field(default_factory=dict)  # facts computed once per document

    @classmethod
    def build(cls, doc: DocModel, catalogue: Catalogue, *, final: bool = False,
              deps: ContentDeps | None = None) -> Context:
        metrics = Metrics()
        layout = find_layout(doc)
        return cls(doc, layout, locate_header(layout, metrics), locate_closing(layout),
                   catalogue, metrics, final, deps=deps)

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


@dataclass(frozen=True)
class Expect:
    """Expected formatting of an element; None = not checked."""

    sizes: tuple[int, ...] | None = None  # allowed sizes, half-points
    bold: bool | None = None
    italic: bool | None = None
    align: tuple[str, ...] | None = None
    caps: bool | None = None  # all capitals (True) / not all capitals (False)


def sizes_text(sizes: tuple[int, ...]) -> str:
    return " và ".join(fmt_pt(s) for s in sizes)


def check_format(ctx: Context, base: str, seg: Seg, expect: Expect) -> None:
    """Emit `<base>_SIZE|_BOLD|_ITALIC|_ALIGN|_CAPS` for what `seg` gets wrong."""
    para = seg.para

    def add(prop: str, **params: Any) -> None:
        ctx.add(f"{base}_{prop}", para, text=seg.text, **params)

    if expect.sizes is not None and any(s not in expect.sizes for s in seg.sizes):
        add("SIZE", value=sizes_text(seg.sizes))
    if expect.bold is True and not seg.all("bold") or expect.bold is False and seg.any("bold"):
        add("BOLD")
    if (expect.italic is True and not seg.all("italic")
            or expect.italic is False and seg.any("italic")):
        add("ITALIC")
    if expect.align is not None and para.fmt.align not in expect.align:
        add("ALIGN", value=ALIGN_VI.get(para.fmt.align, para.fmt.align))
    if expect.caps is not None and is_upper_text(seg.text) != expect.caps:
        add("CAPS")


def fmt_ids(base: str, expect: Expect) -> tuple[str, ...]:
    """The ids `check_format` can emit for `base` with `expect`."""
    props = {"SIZE": expect.sizes, "BOLD": expect.bold, "ITALIC": expect.italic,
             "ALIGN": expect.align, "CAPS": expect.caps}
    return tuple(f"{base}_{p}" for p in FMT_PROPS if props[p] is not None)
