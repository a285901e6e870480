"""Where the parts of a KẾ HOẠCH are in a document: the header (table or loose paragraphs), the
tên loại and trích yếu, the nội dung, and the closing (signature table or loose paragraphs).

Works on documents from any source: it locates the parts by content ("KẾ HOẠCH", "Nơi nhận",
"TM. …") and falls back to position when the content is not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from service.docx.model import Block, DocModel, Para, Table
from service.review.locate.lines import is_rule_para
from service.strings import fold

# a place-and-date line, on fold()ed text
DATE_LINE = re.compile(r"^[^()]{0,60}?\bngay\b.*\bthang\b.*\bnam\s*\d{4}\s*\.?$")
Part = str  # "header" | "body" | "closing" | "page"
_AUTHORITY = re.compile(r"^(tm|kt|q|tl|tuq)\. |^(pho )?chu tich\b")
_MAX_TRICH_YEU = 3


@dataclass(frozen=True)
class Layout:
    header_table: Table | None
    header_left: tuple[Para, ...]  # left column; every header paragraph when there is no table
    header_right: tuple[Para, ...]  # right column; every header paragraph when there is no table
    header: tuple[Para, ...]  # every header paragraph
    title: Para | None
    trich_yeu: tuple[Para, ...]
    after_trich_yeu: tuple[Para, ...]  # paragraphs between the trích yếu and the nội dung
    body: tuple[Para, ...]  # top-level paragraphs of the nội dung, empty ones included
    body_tables: tuple[Table, ...]
    signature_table: Table | None
    closing_left: tuple[Para, ...]
    closing_right: tuple[Para, ...]
    closing: tuple[Para, ...]

    @cached_property
    def body_paras(self) -> tuple[Para, ...]:
        """The paragraphs of the nội dung with text (no empty ones, no drawn lines)."""
        return tuple(p for p in self.body if not p.empty and not is_rule_para(p))

    def part(self, para: Para | None) -> Part:
        if para is None or para.index < 0:
            return "page"
        if any(p.index == para.index for p in self.header):
            return "header"
        if any(p.index == para.index for p in self.closing):
            return "closing"
        return "body"


def _paras(blocks: list[Block] | tuple[Block, ...]) -> tuple[Para, ...]:
    return tuple(p for b in blocks for p in ((b,) if isinstance(b, Para) else b.paras))


def _is_title(b: Block) -> bool:
    return isinstance(b, Para) and fold(b.text[:40]).replace(" ", "") == "kehoach"


def _title_at(blocks: list[Block]) -> int | None:
    """The "KẾ HOẠCH" paragraph; else the first paragraph after a leading table that looks like
    a tên loại (short, centred, bold, capitals: "NGHỊ ĐỊNH", "BÁO CÁO")."""
    found = next((i for i, b in enumerate(blocks) if _is_title(b)), None)
    if found is not None:
        return found
    start = _header_end(blocks)
    for i in range(start, min(start + 4, len(blocks))):
        b = blocks[i]
        if isinstance(b, Para) and not b.empty:
            text = b.text.strip()
            looks = (len(text.split()) <= 4 and text == text.upper() and b.all_runs("bold")
                     and b.fmt.align == "center")
            return i if looks and start > 0 else None
    return None


def find_layout(doc: DocModel) -> Layout:
    blocks = list(doc.blocks)
    title_at = _title_at(blocks)
    head_end = title_at if title_at is not None else _header_end(blocks)
    head_blocks = blocks[:head_end]
    table = next((b for b in head_blocks if isinstance(b, Table)), None)
    header = _paras(head_blocks)
    if table is not None and table.columns >= 2:
        left, right = table.column(0), table.column(-1)
    else:
        left = right = header
    title = blocks[title_at] if title_at is not None else None
    rest = blocks[head_end + (1 if title is not None else 0):]
    sig_at, closing_at = _closing_start(rest)
    main, tail = rest[:closing_at], rest[closing_at:]
    sig = rest[sig_at] if sig_at is not None else None
    closing = _paras(tail)
    sig_table = sig if isinstance(sig, Table) else None
    if sig_table is not None and sig_table.columns >= 2:
        c_left, c_right = sig_table.column(0), sig_table.column(-1)
    else:
        c_left = c_right = closing
    top = [b for b in main if isinstance(b, Para)]
    trich, between, body = _split_intro(top) if title is not None else ((), (), tuple(top))
    return Layout(table, left, right, header, title if isinstance(title, Para) else None,
                  trich, between, body, tuple(b for b in main if isinstance(b, Table)),
                  sig_table, c_left, c_right, closing)


def _header_end(blocks: list[Block]) -> int:
    """Without a "KẾ HOẠCH" title: the header ends after a leading table, or after the line
    with the date (when it is among the first paragraphs), else there is none."""
    first = next((i for i, b in enumerate(blocks) if not _blank(b)), 0)
    if first < len(blocks) and isinstance(blocks[first], Table):
        return first + 1
    for i, b in enumerate(blocks[:15]):
        if isinstance(b, Para) and len(b.text) < 120 and DATE_LINE.match(fold(b.text)):
            return i + 1
    return 0


def _closing_start(rest: list[Block]) -> tuple[int | None, int]:
    """(index of the signature table or "Nơi nhận" paragraph, index where the closing starts)."""
    for i in range(len(rest) - 1, -1, -1):
        b = rest[i]
        if isinstance(b, Table) and _looks_like_signature(b):
            return i, i
    for i, b in enumerate(rest):
        if isinstance(b, Para) and fold(b.text[:12]).startswith("noi nhan"):
            return i, i
    last = next((i for i in range(len(rest) - 1, -1, -1) if not _blank(rest[i])), None)
    if last is not None:
        block = rest[last]
        if isinstance(block, Table) and block.columns >= 2:
            return last, last
    return None, len(rest)


def _blank(b: Block) -> bool:
    return isinstance(b, Para) and b.empty


def _looks_like_signature(table: Table) -> bool:
    texts = [fold(p.text[:30]) for p in table.paras]
    return any(t.startswith("noi nhan") for t in texts) or any(_AUTHORITY.match(t) for t in texts)


def _split_intro(top: list[Para]) -> tuple[tuple[Para, ...], tuple[Para, ...], tuple[Para, ...]]:
    """(trích yếu, the line and blanks after it, the nội dung) from the paragraphs after the
    title."""
    i = 0
    while i < len(top) and top[i].empty and not is_rule_para(top[i]):
        i += 1
    start = i
    while i < len(top) and i - start < _MAX_TRICH_YEU and _trich_yeu_like(top[i]):
        i += 1
    trich = tuple(top[start:i])
    j = i
    while j < len(top) and (top[j].empty or is_rule_para(top[j])):
        j += 1
    return trich, tuple(top[i:j]), tuple(top[j:])


def _trich_yeu_like(p: Para) -> bool:
    if p.empty or is_rule_para(p):
        return False
    folded = fold(p.text)
    if re.match(r"^([ivxlc]+|\d+)\. ", folded) or folded.startswith(("can cu", "thuc hien")):
        return False
    return p.fmt.align == "center" or p.all_runs("bold")
