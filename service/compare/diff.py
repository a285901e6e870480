"""Compare: the paragraph-level differences between two .docx (any .docx, not only ours).

The paragraphs of each body (table cells included, in document order, numbered as the checker
numbers them) are normalised (NFC, whitespace runs to one space; empty ones are left out) and
aligned with a sequence matcher.  A run of paragraphs that differ on both sides is paired
paragraph by paragraph when they are similar enough (`threshold`, a ratio over words): such a
pair is "changed" and carries word-level operations; the others are "removed" or "added".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from service.docx.reader import ensure_docx, read_docx
from service.errors import RequestError
from service.strings import nfc, squash

Op = Literal["equal", "added", "removed", "changed"]
WordOp = Literal["equal", "insert", "delete"]
OPS: tuple[Op, ...] = ("equal", "added", "removed", "changed")
THRESHOLD = 0.5
MAX_PAIRING = 1_000_000  # cells of the pairing table of one run of differing paragraphs
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Paragraph:
    """A non-empty paragraph: its index in document order (as in the checker) and its text."""

    index: int
    text: str


@dataclass(frozen=True)
class Word:
    """One word-level operation inside a changed paragraph: the text kept, inserted or
    deleted (words, punctuation and the spaces between them)."""

    op: WordOp
    text: str

    def to_json(self) -> dict[str, object]:
        return {"op": self.op, "text": self.text}


@dataclass(frozen=True)
class Change:
    """One entry of the comparison.  `a`/`b`: paragraph indices in A and B (None on the side
    where the paragraph is absent); `old`/`new`: its text in A and B; `words`: word-level
    operations (changed only); `moved`: an added or removed paragraph whose exact text is
    removed or added elsewhere (a paragraph moved)."""

    op: Op
    a: int | None
    b: int | None
    old: str | None
    new: str | None
    ratio: float = 1.0
    words: tuple[Word, ...] = ()
    moved: bool = False

    def to_json(self) -> dict[str, object]:
        return {"op": self.op, "a": self.a, "b": self.b, "old": self.old, "new": self.new,
                "ratio": round(self.ratio, 3), "words": [w.to_json() for w in self.words],
                "moved": self.moved}


@dataclass(frozen=True)
class Summary:
    equal: int
    added: int
    removed: int
    changed: int

    def to_json(self) -> dict[str, int]:
        return {"equal": self.equal, "added": self.added, "removed": self.removed,
                "changed": self.changed}


@dataclass(frozen=True)
class Diff:
    """The comparison of A with B: every paragraph of either, in reading order."""

    changes: tuple[Change, ...]

    @property
    def summary(self) -> Summary:
        counts = {op: sum(1 for c in self.changes if c.op == op) for op in OPS}
        return Summary(**counts)

    @property
    def identical(self) -> bool:
        return all(c.op == "equal" for c in self.changes)

    @property
    def differences(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.op != "equal")

    def to_json(self) -> dict[str, object]:
        return {"identical": self.identical, "summary": self.summary.to_json(),
                "paragraphs": [c.to_json() for c in self.changes]}


# --- reading ------------------------------------------------------------------------------

def normalise(text: str) -> str:
    """NFC, whitespace runs (tabs, breaks, non-breaking spaces) to one space, trimmed."""
    return squash(nfc(text))


def paragraphs(data: bytes | Path | str, *, field: str = "file") -> list[Paragraph]:
    """The non-empty paragraphs of a .docx body in document order; RequestError (naming
    `field`) when the bytes are not a readable .docx."""
    raw = Path(data).read_bytes() if isinstance(data, str | Path) else data
    ensure_docx(raw, field)
    try:
        model = read_docx(raw)
    except RequestError as e:
        e.field = field  # the same error (TooLarge stays TooLarge), naming the side
        raise
    found = ((p.index, normalise(p.text)) for p in model.paragraphs)
    return [Paragraph(i, text) for i, text in found if text]


# --- comparing ----------------------------------------------------------------------------

def diff_docx(a: bytes | Path | str, b: bytes | Path | str, *,
              threshold: float = THRESHOLD) -> Diff:
    """The differences of B against A (fields "a" and "b" in errors)."""
    return diff_paragraphs(paragraphs(a, field="a"), paragraphs(b, field="b"),
                           threshold=threshold)


def diff_paragraphs(a: Sequence[Paragraph], b: Sequence[Paragraph], *,
                    threshold: float = THRESHOLD) -> Diff:
    matcher = SequenceMatcher(None, [p.text for p in a], [p.text for p in b], autojunk=False)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.extend(Change("equal", x.index, y.index, x.text, y.text)
                           for x, y in zip(a[i1:i2], b[j1:j2], strict=True))
        else:
            changes.extend(_replace(a[i1:i2], b[j1:j2], threshold))
    return Diff(_mark_moves(changes))


def _replace(a: Sequence[Paragraph], b: Sequence[Paragraph],
             threshold: float) -> Iterator[Change]:
    """A run that differs: similar pairs (in order) are changed, the rest removed or added."""
    pairs = _pairing(a, b, threshold)
    i = j = 0
    for (pi, pj), ratio in pairs:
        yield from (_removed(p) for p in a[i:pi])
        yield from (_added(p) for p in b[j:pj])
        yield _changed(a[pi], b[pj], ratio)
        i, j = pi + 1, pj + 1
    yield from (_removed(p) for p in a[i:])
    yield from (_added(p) for p in b[j:])


def _pairing(a: Sequence[Paragraph], b: Sequence[Paragraph],
             threshold: float) -> list[tuple[tuple[int, int], float]]:
    """The order-keeping pairing of A's and B's paragraphs with the greatest total similarity,
    counting only pairs at or above `threshold` (dynamic programming; none when too large)."""
    if not a or not b or len(a) * len(b) > MAX_PAIRING:
        return []
    ratios = process.cdist([_words(p.text) for p in a], [_words(p.text) for p in b],
                           scorer=Indel.normalized_similarity, score_cutoff=threshold,
                           dtype=np.float64).tolist()
    score = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        row, below = score[i], score[i + 1]
        for j in range(len(b) - 1, -1, -1):
            r = ratios[i][j]
            best = below[j] if below[j] > row[j + 1] else row[j + 1]
            if r >= threshold and r + below[j + 1] > best:
                best = r + below[j + 1]
            row[j] = best
    return _trace(score, ratios, threshold)


def _trace(score: list[list[float]], ratios: list[list[float]],
           threshold: float) -> list[tuple[tuple[int, int], float]]:
    out: list[tuple[tuple[int, int], float]] = []
    n, m = len(ratios), len(ratios[0])
    i = j = 0
    while i < n and j < m:
        r = ratios[i][j]
        if r >= threshold and score[i][j] == r + score[i + 1][j + 1]:
            out.append(((i, j), r))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return out


def _words(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if not t.isspace()]


def _removed(p: Paragraph) -> Change:
    return Change("removed", p.index, None, p.text, None, 0.0)


def _added(p: Paragraph) -> Change:
    return Change("added", None, p.index, None, p.text, 0.0)


def _changed(a: Paragraph, b: Paragraph, ratio: float) -> Change:
    return Change("changed", a.index, b.index, a.text, b.text, ratio, word_diff(a.text, b.text))


def _mark_moves(changes: list[Change]) -> tuple[Change, ...]:
    removed = {c.old for c in changes if c.op == "removed"}
    added = {c.new for c in changes if c.op == "added"}
    return tuple(_moved(c) if (c.op == "removed" and c.old in added)
                 or (c.op == "added" and c.new in removed) else c for c in changes)


def _moved(c: Change) -> Change:
    return Change(c.op, c.a, c.b, c.old, c.new, c.ratio, c.words, moved=True)


# --- words --------------------------------------------------------------------------------

def word_diff(old: str, new: str) -> tuple[Word, ...]:
    """Word-level operations turning `old` into `new`: the equal and deleted texts put
    together give `old`, the equal and inserted ones give `new`.  A lone space kept between
    two changes is folded into them ("[-a b-]{+x y+}", not "[-a-]{+x+} [-b-]{+y+}")."""
    ta, tb = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[list[str]] = []  # [equal] or [deleted, inserted]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(["".join(ta[i1:i2])])
        else:
            segments.append(["".join(ta[i1:i2]), "".join(tb[j1:j2])])
    return tuple(_to_words(_fold_spaces(segments)))


def _fold_spaces(segments: list[list[str]]) -> list[list[str]]:
    """Spaces kept between two changes join them; adjacent changes merge."""
    out: list[list[str]] = []
    for k, seg in enumerate(segments):
        after = segments[k + 1] if k + 1 < len(segments) else []
        between = len(seg) == 1 and seg[0].isspace() and len(after) == 2
        if out and len(out[-1]) == 2 and (len(seg) == 2 or between):
            both = seg * 2 if between else seg
            out[-1] = [out[-1][0] + both[0], out[-1][1] + both[1]]
        else:
            out.append(list(seg))
    return out


def _to_words(segments: list[list[str]]) -> Iterator[Word]:
    for seg in segments:
        if len(seg) == 1:
            yield Word("equal", seg[0])
            continue
        if seg[0]:
            yield Word("delete", seg[0])
        if seg[1]:
            yield Word("insert", seg[1])


# --- text output --------------------------------------------------------------------------

def marked(words: Sequence[Word]) -> str:
    """A changed paragraph as one line: "[-deleted-]{+inserted+}" (as git's word diff)."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[w.op].format(w.text) for w in words)


def to_text(diff: Diff, *, everything: bool = False) -> Iterator[str]:
    """Lines for a terminal: "- [a] text", "+ [b] text", "~ [a→b] marked", "  [a] text"."""
    for c in diff.changes:
        moved = " (chuyển chỗ)" if c.moved else ""
        if c.op == "removed":
            yield f"- [{c.a}]{moved} {c.old}"
        elif c.op == "added":
            yield f"+ [{c.b}]{moved} {c.new}"
        elif c.op == "changed":
            yield f"~ [{c.a}→{c.b}] {marked(c.words)}"
        elif everything:
            yield f"  [{c.a}] {c.old}"
