"""Content of the nội dung, word by word: template syntax left over, blanks still to fill,
doubled words, gaps in the numbering of sections and items, percentages that do not match their
counts, deadlines outside the plan's period (rules of clauses/tables/content-rules.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from service.docx.model import Para
from service.docx.numbering import roman
from service.library.legal import dm
from service.review.context import Context, Rule
from service.review.locate.headings import heading
from service.review.rules.judged import judged
from service.strings import nfc, squash
from service.text.tone import old_style
from service.text.vietnamese import decimal

WINDOW = 30
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\[\[.*?\]\]|<<[^<>]{0,40}>>|«[^»]{0,40}»"
                      r"|\$\{[^}]{0,40}\}|\bX{3,}\b")
# TEMPLATE cannot match a text without one of these (a quick test before the slower search)
_TEMPLATE_MARKS = ("{{", "{%", "{#", "[[", "<<", "«", "${", "XXX")
BLANK = re.compile(r"\.{5,}|…{2,}|_{3,}|\bsố\s+[-/][\w/.\-]*|\bngày\s+/\s*\d{1,2}/\d{4}")
DOUBLED = re.compile(r"(?<!\w)([^\W\d_]+)\s+(\1)(?!\w)", re.IGNORECASE)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _excerpt(text: str, start: int, end: int) -> str:
    lead = "…" if start > WINDOW else ""
    tail = "…" if end + WINDOW < len(text) else ""
    return lead + text[max(0, start - WINDOW):end + WINDOW] + tail


def _texts(ctx: Context) -> list[tuple[Para, str]]:
    """The title, the trích yếu and the nội dung, each with its text (once per document)."""
    found = ctx.memo.get("word_texts")
    if found is None:
        paras = [p for p in (ctx.layout.title, *ctx.layout.trich_yeu) if p is not None]
        found = ctx.memo["word_texts"] = [(p, squash(nfc(p.text)))
                                          for p in [*paras, *ctx.layout.body_paras]]
    return list(found)


def check_template(ctx: Context) -> None:
    for p, text in _texts(ctx):
        for rule, m in leftovers(text):
            ctx.add(rule, p, text=_excerpt(text, m.start(), m.end()), value=m[0])


@lru_cache(maxsize=4096)
def leftovers(text: str) -> tuple[tuple[str, re.Match[str]], ...]:
    """Template syntax and blanks left in `text`: (rule, match), the first of each."""
    found: list[tuple[str, re.Match[str]]] = []
    if any(mark in text for mark in _TEMPLATE_MARKS) and (m := TEMPLATE.search(text)):
        found.append(("TEMPLATE_LEFTOVER", m))
    if m := BLANK.search(text):
        found.append(("TEXT_BLANK", m))
    return tuple(found)


def check_doubled(ctx: Context) -> None:
    words, phrases = _doubled_allowed(ctx)
    for p, text in _texts(ctx):
        pairs = doubled(text)
        low = old_style(text).lower() if pairs else ""
        for m in pairs:
            if old_style(m[1]).lower() in words or _in_phrase(low, m, phrases):
                continue
            ctx.add("WORD_DOUBLED", p, text=_excerpt(text, m.start(), m.end()), value=m[0])


@lru_cache(maxsize=4096)
def doubled(text: str) -> tuple[re.Match[str], ...]:
    """Every word written twice in a row in `text`."""
    return tuple(DOUBLED.finditer(text))


def _doubled_allowed(ctx: Context) -> tuple[set[str], list[str]]:
    """The words and phrases of the table `doubled-words` (old-style tone marks, lower case)."""
    table = ctx.deps.library.tables.get("doubled-words") or {} if ctx.deps else {}
    words = {old_style(w).lower() for w in table.get("words", [])}
    return words, [old_style(w).lower() for w in table.get("phrases", [])]


def _in_phrase(low: str, m: re.Match[str], phrases: list[str]) -> bool:
    """The pair at `m` lies inside one of `phrases` (`low`: the text, lower case, same length)."""
    for phrase in phrases:
        at = low.find(phrase, max(0, m.start() - len(phrase)))
        while 0 <= at <= m.start():
            if at + len(phrase) >= m.end():
                return True
            at = low.find(phrase, at + 1)
    return False


# --- numbering ---------------------------------------------------------------------------------

def roman_value(text: str) -> int:
    total = 0
    for k, c in enumerate(text):
        value = _ROMAN_VALUES.get(c, 0)
        following = _ROMAN_VALUES.get(text[k + 1], 0) if k + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def check_numbering(ctx: Context) -> None:
    last_roman = last_khoan = 0
    for p in ctx.layout.body_paras:
        level, number, _ = heading(p.text)
        if level == "roman":
            n = roman_value(number)
            _gap(ctx, p, "roman", last_roman, n, number)
            last_roman, last_khoan = n, 0
        elif level == "khoan":
            n = int(number)
            _gap(ctx, p, "khoan", last_khoan, n, number)
            last_khoan = n


def _gap(ctx: Context, p: Para, variant: str, last: int, n: int, shown: str) -> None:
    if n == last + 1 or n == 1 and variant == "khoan":
        return
    expected = roman(last + 1) if variant == "roman" else str(last + 1)
    ctx.add("NUMBER_GAP", p, variant=variant, value=shown, expected=expected)


# --- percentages -------------------------------------------------------------------------------

_PCT = r"(\d+(?:[,.]\d+)?)\s*%"
_RATIO_PCT = re.compile(rf"(?<![/\d])(\d+)\s*/\s*(\d+)(?![/\d])[^\d%;]{{0,60}}?"
                        rf"(?:chiếm|đạt|bằng|tỷ lệ|tỉ lệ|=|\()\s*(?:tỷ lệ\s+|tỉ lệ\s+)?{_PCT}")
_COUNT_PCT_TOTAL = re.compile(rf"(?<![/\d,.])(\d+)\s+[^\d%;]{{1,60}}?chiếm\s+(?:tỷ lệ\s+)?{_PCT}"
                              rf"\s*(?:trên\s+|so với\s+|của\s+)?tổng số\s+[^\d%;]{{0,30}}?(\d+)")


_DATE_BEFORE = re.compile(r"(?:ngày|tháng|từ|đến)\s*$", re.IGNORECASE)  # "ngày 5/6 đạt 80%"


@lru_cache(maxsize=4096)
def percent_problems(text: str) -> tuple[tuple[int, int, str, float, re.Match[str]], ...]:
    """(count, total, percent as written, percent computed, match) where they disagree."""
    out = []
    for m in _RATIO_PCT.finditer(text):
        out.append((int(m[1]), int(m[2]), m[3], m))
    for m in _COUNT_PCT_TOTAL.finditer(text):
        out.append((int(m[1]), int(m[3]), m[2], m))
    bad = []
    for count, total, shown, m in out:
        if total <= 0 or count > total or _DATE_BEFORE.search(text[:m.start()]):
            continue
        value = float(shown.replace(",", "."))
        decimals = len(re.split(r"[,.]", shown)[1]) if re.search(r"[,.]", shown) else 0
        actual = 100 * count / total
        if abs(actual - value) > 10 ** -decimals + 1e-9:
            bad.append((count, total, shown, actual, m))
    return tuple(bad)


def check_percentages(ctx: Context) -> None:
    for p, text in _texts(ctx):
        for count, total, shown, actual, m in percent_problems(text):
            computed = decimal(actual, 2)
            ctx.add("PERCENT_MISMATCH", p, text=_excerpt(text, m.start(), m.end()),
                    value=f"{shown}%", count=str(count), total=str(total), computed=computed)


# --- deadlines ---------------------------------------------------------------------------------

_DEADLINE = re.compile(
    r"(?:trước|chậm nhất|hạn chót|không quá|xong trước|hạn)\s+(?:là\s+)?(?:ngày\s+)?"
    r"(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
GRACE_MONTHS = 1  # a report on the plan's last year may fall due in January of the next


def check_deadlines(ctx: Context) -> None:
    f = ctx.facts
    if f.period is None:
        return
    start, end = f.period
    latest = dt.date(end + 1, GRACE_MONTHS, 31)
    for p, text in _texts(ctx):
        for day, m in deadlines(text):
            before = day.year < start and (f.first_day is None or day < f.first_day)
            if day > latest or before:
                span = str(start) if start == end else f"{start}–{end}"
                ctx.add("DEADLINE_OUTSIDE", p, text=_excerpt(text, m.start(), m.end()),
                        variant="before" if before else None, value=dm(day), period=span)


def check_deadlines_past(ctx: Context) -> None:
    """A deadline before the plan's date (its own; with day and month blank, its kind's usual
    signing date), within the plan's period (before it: DEADLINE_OUTSIDE)."""
    day, f = judged(ctx), ctx.facts
    if day is None or f.period is None:
        return
    for p, text in _texts(ctx):
        for due, m in deadlines(text):
            if due < day.date and due.year >= f.period[0]:
                ctx.add("DEADLINE_PAST", p, text=_excerpt(text, m.start(), m.end()),
                        value=dm(due), plan=day.describe())


@lru_cache(maxsize=4096)
def deadlines(text: str) -> tuple[tuple[dt.date, re.Match[str]], ...]:
    """Every deadline `text` sets ("trước ngày 15/12/2026"), with a valid date."""
    found: list[tuple[dt.date, re.Match[str]]] = []
    for m in _DEADLINE.finditer(text):
        try:
            found.append((dt.date(int(m[3]), int(m[2]), int(m[1])), m))
        except ValueError:
            continue
    return tuple(found)


RULES = (
    Rule(check_template, ("TEMPLATE_LEFTOVER", "TEXT_BLANK")),
    Rule(check_doubled, ("WORD_DOUBLED",)),
    Rule(check_numbering, ("NUMBER_GAP",)),
    Rule(check_percentages, ("PERCENT_MISMATCH",)),
    Rule(check_deadlines, ("DEADLINE_OUTSIDE",)),
    Rule(check_deadlines_past, ("DEADLINE_PAST",)),
)
