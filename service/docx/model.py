"""The neutral model of a .docx (built by `reader.read_docx`): what the review and compare read.

Every paragraph carries its text (with Word's automatic number, if any, as `label`) and its
effective formatting (`styles.StyleSheet`).  Paragraphs are numbered 0, 1, 2 … in document
order, table-cell paragraphs included; page-header paragraphs have index -1.  Which paragraphs
form the header, the body and the closing is the review's business (`service.review.locate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from service.docx.ooxml import to_mm
from service.docx.shapes import Shape
from service.docx.styles import Border, ParaFmt, RunFmt


@dataclass(frozen=True)
class Run:
    text: str
    fmt: RunFmt

    @property
    def shown(self) -> str:
        """The text as displayed: `w:caps`/`w:smallCaps` show it in capitals."""
        return self.text.upper() if self.fmt.is_caps or self.fmt.small_caps else self.text

    @property
    def visible(self) -> bool:
        return bool(self.text.strip())


@dataclass(frozen=True)
class Para:
    index: int
    runs: tuple[Run, ...]
    fmt: ParaFmt
    mark: RunFmt  # the paragraph mark: an empty paragraph's size and font
    style: str | None = None
    label: str = ""  # Word's automatic number ("I.", "1.", "a)"); not part of the text
    width: int = 0  # twips available to the paragraph (cell or text width)
    shapes: tuple[Shape, ...] = ()
    textbox: str = ""  # text inside text boxes anchored here
    fields: tuple[str, ...] = ()  # field instructions ("PAGE", "NUMPAGES" …)

    @cached_property
    def raw(self) -> str:
        return "".join(r.text for r in self.runs)

    @cached_property
    def text(self) -> str:
        """What a reader sees: the automatic number, then the text (capitals applied)."""
        shown = "".join(r.shown for r in self.runs)
        return f"{self.label} {shown.lstrip()}" if self.label else shown

    @cached_property
    def empty(self) -> bool:
        return not self.text.strip()

    @cached_property
    def text_runs(self) -> tuple[Run, ...]:
        return tuple(r for r in self.runs if r.visible)

    @cached_property
    def sizes(self) -> tuple[int, ...]:
        """Distinct sizes (half-points) of the visible text, or of the mark when empty."""
        runs = self.text_runs
        if not runs:
            return (self.mark.size_half,)
        return tuple(sorted({r.fmt.size_half for r in runs}))

    @cached_property
    def size_weights(self) -> tuple[tuple[int, int], ...]:
        """(size in half-points, characters) of the visible text, sizes in order of first use."""
        weights: dict[int, int] = {}
        for r in self.text_runs:
            weights[r.fmt.size_half] = weights.get(r.fmt.size_half, 0) + len(r.text)
        return tuple(weights.items())

    @cached_property
    def main_size(self) -> int:
        """The size of most of the text (half-points)."""
        weights = self.size_weights
        return max(weights, key=lambda w: w[1])[0] if weights else self.mark.size_half

    @property
    def width_mm(self) -> float:
        return to_mm(self.width)

    def at(self, index: int) -> Para:
        """The same paragraph at `index` in document order (a batch's documents repeat the same
        paragraphs): what is worked out of its runs (the cached properties) is worked out
        first, and shared by the copies."""
        for name in _WORKED_OUT:
            getattr(self, name)
        moved = object.__new__(Para)
        moved.__dict__.update(self.__dict__, index=index)
        return moved

    def all_runs(self, prop: str) -> bool:
        runs = self.text_runs
        return bool(runs) and all(getattr(r.fmt, prop) for r in runs)

    def any_run(self, prop: str) -> bool:
        return any(getattr(r.fmt, prop) for r in self.text_runs)


_WORKED_OUT = tuple(name for name, value in vars(Para).items()
                    if isinstance(value, cached_property))


@dataclass(frozen=True)
class Cell:
    paras: tuple[Para, ...]
    width: int | None  # twips, None when unknown
    margins: tuple[int, int]  # left, right (twips)
    borders: tuple[Border, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    grid: tuple[int, ...]
    borders: tuple[Border, ...]  # table-level borders (direct or from the table style)
    style: str | None = None

    @property
    def columns(self) -> int:
        return max([len(self.grid)] + [len(r) for r in self.rows])

    @property
    def paras(self) -> tuple[Para, ...]:
        return tuple(p for row in self.rows for cell in row for p in cell.paras)

    def column(self, which: int) -> tuple[Para, ...]:
        """Paragraphs of the first (0) or last (-1) cell of every row, top to bottom."""
        return tuple(p for row in self.rows if row for p in row[which].paras)

    def cell_of(self, para: Para) -> tuple[int, Cell] | None:
        for r, row in enumerate(self.rows):
            for cell in row:
                if any(p.index == para.index for p in cell.paras):
                    return r, cell
        return None

    @property
    def visible_borders(self) -> tuple[str, ...]:
        cells = [b for row in self.rows for c in row for b in c.borders if b.visible]
        return tuple(b.val for b in self.borders if b.visible) + tuple(b.val for b in cells)


Block = Para | Table


@dataclass(frozen=True)
class PageHeader:
    kind: str  # default | first | even
    footer: bool
    paras: tuple[Para, ...]

    @property
    def page_fields(self) -> tuple[Para, ...]:
        return tuple(p for p in self.paras if any(is_page_field(f) for f in p.fields))


def is_page_field(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() == "PAGE"


@dataclass(frozen=True)
class Section:
    number: int  # 1-based
    width: int | None
    height: int | None
    orient: str | None
    top: int | None
    bottom: int | None
    left: int | None
    right: int | None
    title_pg: bool
    parts: tuple[PageHeader, ...] = ()
    page_format: str | None = None
    page_start: int | None = None

    def part(self, kind: str, *, footer: bool = False) -> PageHeader | None:
        return next((h for h in self.parts if h.kind == kind and h.footer == footer), None)

    @property
    def text_width(self) -> int:
        return (self.width or 11906) - (self.left or 1440) - (self.right or 1440)

    @property
    def landscape(self) -> bool:
        return self.orient == "landscape" or (self.width or 0) > (self.height or 0)


@dataclass(frozen=True)
class DocModel:
    blocks: tuple[Block, ...]  # top-level body content
    sections: tuple[Section, ...]
    paragraphs: tuple[Para, ...] = field(default=())  # every body paragraph, in order

    @property
    def text_width(self) -> int:
        return self.sections[0].text_width if self.sections else 9638

    @cached_property
    def all_paras(self) -> tuple[Para, ...]:
        """Every paragraph: the body's, then those of each distinct page header and footer."""
        parts = {id(part): part for s in self.sections for part in s.parts}
        return self.paragraphs + tuple(p for part in parts.values() for p in part.paras)
