"""Finding the elements (ô số) of the header and the closing by their content.

An element is a `Seg`: one line of a paragraph (paragraphs may hold several lines separated by
Shift+Enter), with the runs that draw it, so formatting is checked on exactly that line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.docx.model import Para, Run
from service.review.locate.layout import DATE_LINE, Layout
from service.review.locate.lines import UNDERSCORES, Line, is_rule_para, line_below, shape_line
from service.strings import fold, is_upper_text

_SO = re.compile(r"^so\s*[:.]|^so\s+\S*\s*/")
_AUTHORITY = re.compile(r"^(tm|kt|q|tl|tuq)\s*\.|^(pho )?chu tich\b")
_PLACEHOLDER = re.compile(r"^\(.*\)$|^\[.*\]$")


@dataclass(frozen=True)
class Seg:
    """One line of a paragraph."""

    para: Para
    text: str
    runs: tuple[Run, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        visible = [r for r in self.runs if r.visible]
        if not visible:
            return (self.para.mark.size_half,)
        return tuple(sorted({r.fmt.size_half for r in visible}))

    def all(self, prop: str) -> bool:
        visible = [r for r in self.runs if r.visible]
        return bool(visible) and all(getattr(r.fmt, prop) for r in visible)

    def any(self, prop: str) -> bool:
        return any(getattr(r.fmt, prop) for r in self.runs if r.visible)


def segments(p: Para) -> list[Seg]:
    """The non-empty, non-underscore lines of a paragraph."""
    lines: list[list[Run]] = [[]]
    for run in p.runs:
        parts = run.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append([])
            if part:
                lines[-1].append(type(run)(part, run.fmt))
    out = []
    for k, runs in enumerate(lines):
        text = "".join(r.shown for r in runs).strip()
        if k == 0 and p.label:
            text = f"{p.label} {text}"
        if text and not UNDERSCORES.match(text):
            out.append(Seg(p, text, tuple(runs)))
    return out


def _segs(paras: Sequence[Para]) -> list[Seg]:
    return [s for p in paras if not is_rule_para(p) for s in segments(p)]


@dataclass(frozen=True)
class HeaderElements:
    qh: Seg | None = None
    gap: tuple[Para, ...] = ()  # empty paragraphs between the Quốc hiệu and the Tiêu ngữ
    tn: Seg | None = None
    tn_line: Line | None = None
    date: Seg | None = None
    agency: tuple[Seg, ...] = ()
    agency_line: Line | None = None
    so: Seg | None = None
    in_textbox: bool = False  # the Quốc hiệu is only found inside a text box


def locate_header(layout: Layout) -> HeaderElements:
    right, left = list(layout.header_right), list(layout.header_left)
    rsegs = _segs(right)
    qh_at = next((k for k, s in enumerate(rsegs) if "cong hoa xa hoi" in fold(s.text)), None)
    qh = rsegs[qh_at] if qh_at is not None else None
    tn = None
    if qh_at is not None and qh_at + 1 < len(rsegs):
        folded = fold(rsegs[qh_at + 1].text)
        if any(w in folded for w in ("doc lap", "tu do", "hanh phuc")):
            tn = rsegs[qh_at + 1]
    gap = _between(right, qh.para, tn.para) if qh and tn else ()
    tn_line = line_below(right, right.index(tn.para)) if tn else None
    if tn_line is None and qh is not None and tn is not None:
        tn_line = shape_line(qh.para)
    date = next((s for s in rsegs if DATE_LINE.match(fold(s.text)) and s is not qh), None)
    lsegs = _segs(left)
    so = next((s for s in lsegs if _SO.match(fold(s.text))), None)
    agency = _agency(layout, lsegs, left, so, (qh, tn, date))
    agency_line = line_below(left, left.index(agency[-1].para)) if agency else None
    if agency_line is None and agency:
        agency_line = next((x for s in agency if (x := shape_line(s.para)) is not None), None)
    boxed = qh is None and any("cong hoa xa hoi" in fold(p.textbox) for p in layout.header)
    return HeaderElements(qh, gap, tn, tn_line, date, agency, agency_line, so, boxed)


def _agency(layout: Layout, lsegs: list[Seg], left: list[Para], so: Seg | None,
            others: tuple[Seg | None, ...]) -> tuple[Seg, ...]:
    """The agency lines: above Số in the left column.  Without a header table, only capitalised
    lines above Số (or above the Quốc hiệu), so that other text is not taken for them."""
    taken = {id(s.para) for s in others if s is not None}
    if layout.header_table is not None:
        limit = left.index(so.para) if so else len(left)
        return tuple(s for s in lsegs if id(s.para) not in taken
                     and left.index(s.para) < limit and not DATE_LINE.match(fold(s.text)))
    stop = so or others[0]
    if stop is None:
        return ()
    limit = left.index(stop.para)
    return tuple(s for s in lsegs if left.index(s.para) < limit and id(s.para) not in taken
                 and is_upper_text(s.text))


def _between(paras: Sequence[Para], a: Para, b: Para) -> tuple[Para, ...]:
    i, j = paras.index(a), paras.index(b)
    return tuple(p for p in paras[i + 1:j] if p.empty and not is_rule_para(p))


@dataclass(frozen=True)
class ClosingElements:
    label: Seg | None = None  # "Nơi nhận:"
    items: tuple[Seg, ...] = ()
    authority: tuple[Seg, ...] = ()
    name: Seg | None = None


def locate_closing(layout: Layout) -> ClosingElements:
    lsegs = _segs(layout.closing_left)
    at = next((k for k, s in enumerate(lsegs) if fold(s.text[:12]).startswith("noi nhan")), None)
    label = lsegs[at] if at is not None else None
    loose = layout.signature_table is None
    items: list[Seg] = []
    for s in lsegs[at + 1:] if at is not None else []:
        dashed = s.text.startswith(("-", "–", "+", "•"))
        if loose and (_AUTHORITY.match(fold(s.text)) or not dashed):
            break
        if items and not dashed and not items[-1].text.rstrip().endswith((";", ".")):
            prev = items.pop()  # a recipient continued on the next line
            s = Seg(prev.para, f"{prev.text} {s.text}", prev.runs + s.runs)
        items.append(s)
    rsegs = [s for s in _segs(layout.closing_right)
             if s is not label and s not in items and not _PLACEHOLDER.match(s.text)]
    start = 0 if not loose else next(
        (k for k, s in enumerate(rsegs) if _AUTHORITY.match(fold(s.text))), len(rsegs))
    authority: list[Seg] = []
    for s in rsegs[start:]:
        if s.text != s.text.upper() or (authority and _gap(authority[-1], s, layout)):
            break
        authority.append(s)
    rest = rsegs[start + len(authority):]
    name = rest[-1] if rest else None
    return ClosingElements(label, tuple(items), tuple(authority), name)


def _gap(prev: Seg, cur: Seg, layout: Layout) -> bool:
    """Whether an empty paragraph (the signature space) separates two lines."""
    if prev.para is cur.para:
        return False
    paras = layout.closing_right
    i = next(k for k, p in enumerate(paras) if p is prev.para)
    j = next(k for k, p in enumerate(paras) if p is cur.para)
    return any(p.empty for p in paras[i + 1:j])
