"""Content: each level's own voice and the closing of a People's Committee's plan (issue 10): a
signature without "TM."/"KT.", an archive abbreviation of another level ("Lưu: VT, CAX." in a
ward's plan: clauses/tables/archive-abbreviations.yaml), a province's words in a commune's plan
and targets that contradict each other (clauses/tables/level-voice.yaml)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from service.docx.model import Para
from service.memo import per_object, remember
from service.review.context import Context, Rule, excerpt
from service.strings import fold, nfc, squash
from service.text.tone import old_style

VOICE_TABLE = "level-voice"
ABBR_TABLE = "archive-abbreviations"
COMMUNE_LEVELS = frozenset({"xã", "phường", "đặc khu", "thị trấn"})
_PREFIX = re.compile(r"^(TM|KT|Q|TL|TUQ)\.?\s")
_LUU = re.compile(r"Lưu\s*:?\s*(.*?)\.?$", re.IGNORECASE)
_COUNT = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern[str]
    why: str


@dataclass(frozen=True)
class Contradiction:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    why: str
    title: re.Pattern[str] | None


@dataclass(frozen=True)
class VoiceTable:
    commune: tuple[Phrase, ...]
    contradictions: tuple[Contradiction, ...]
    said: dict[str, tuple[tuple[Phrase, str], ...]] = field(default_factory=dict, compare=False)
    """What each paragraph text says of `commune` (a batch repeats the same clause texts)."""
    contradicted: dict[str, tuple[tuple[Contradiction, str], ...]] = field(
        default_factory=dict, compare=False)
    """Which `contradictions` each paragraph text holds, and the words, whatever the title."""


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(old_style(pattern), re.IGNORECASE)


def voice_table(table: Any) -> VoiceTable:
    raw: Mapping[str, Any] = table if isinstance(table, Mapping) else {}
    phrases = tuple(Phrase(_compile(r["pattern"]), squash(r["why"]))
                    for r in raw.get("commune") or [])
    contradictions = tuple(
        Contradiction(r["name"], tuple(_compile(p) for p in r["all"]), squash(r["why"]),
                      _compile(r["title"]) if r.get("title") else None)
        for r in raw.get("contradictions") or [])
    return VoiceTable(phrases, contradictions)


_tables: dict[int, tuple[object, VoiceTable]] = {}


def _voice(ctx: Context) -> VoiceTable | None:
    if ctx.deps is None:
        return None
    table = ctx.deps.library.tables.get(VOICE_TABLE)
    return per_object(_tables, table, lambda: voice_table(table))


@dataclass(frozen=True)
class Text:
    """A paragraph's text as written and in the old tone-mark style (for matching)."""

    written: str
    old: str

    def words(self, start: int, end: int) -> str:
        """The words at a match in `old`, as written (when the styles keep the length)."""
        same = len(self.written) == len(self.old)
        return (self.written if same else self.old)[start:end]


def _paragraphs(ctx: Context) -> list[tuple[Para, Text]]:
    """The nội dung's paragraphs with text (once per document)."""
    found = ctx.memo.get("voice_texts")
    if found is None:
        texts = ((p, squash(nfc(p.text))) for p in ctx.layout.body_paras if not p.empty)
        found = ctx.memo["voice_texts"] = [(p, Text(t, old_style(t))) for p, t in texts]
    return list(found)


# --- the commune's own voice -------------------------------------------------------------------

def said(table: VoiceTable, text: Text) -> tuple[tuple[Phrase, str], ...]:
    """(phrase, the words matched) for every phrase of `table` that `text` says."""
    return remember(table.said, text.written, lambda: tuple(
        (phrase, text.words(*m.span())) for phrase in table.commune
        if (m := phrase.pattern.search(text.old))))


def check_voice(ctx: Context) -> None:
    table, issuer = _voice(ctx), ctx.facts.issuer
    if table is None or issuer is None or issuer.level not in COMMUNE_LEVELS:
        return
    for p, text in _paragraphs(ctx):
        for phrase, value in said(table, text):
            ctx.add("VOICE_LEVEL", p, value=excerpt(value, 100), why=phrase.why,
                    issuer=f"{issuer.level} {issuer.name}")


def check_contradictions(ctx: Context) -> None:
    table = _voice(ctx)
    if table is None:
        return
    title = old_style(squash(nfc(" ".join(p.text for p in (ctx.layout.title,
                                                               *ctx.layout.trich_yeu)
                                          if p is not None))))
    for p, text in _paragraphs(ctx):
        for c, value in contradicted(table, text):
            if c.title is None or c.title.search(title):
                ctx.add("TARGET_CONTRADICTION", p, name=c.name, value=excerpt(value, 100),
                        why=c.why)


def contradicted(table: VoiceTable, text: Text) -> tuple[tuple[Contradiction, str], ...]:
    """(contradiction, the words from its first match to its last) for each of `table`'s
    contradictions whose every pattern `text` holds."""
    def compute() -> tuple[tuple[Contradiction, str], ...]:
        out = []
        for c in table.contradictions:
            found = [m for pattern in c.patterns if (m := pattern.search(text.old))]
            if len(found) == len(c.patterns):
                out.append((c, text.words(min(m.start() for m in found),
                                          max(m.end() for m in found))))
        return tuple(out)
    return remember(table.contradicted, text.written, compute)


# --- signature and archive ---------------------------------------------------------------------

def check_authority(ctx: Context) -> None:
    lines = ctx.close.authority
    if not lines or not ctx.head.agency:
        return
    if not fold(ctx.head.agency[0].text).strip().startswith("uy ban nhan dan"):
        return
    if not any(_PREFIX.match(squash(nfc(seg.text))) for seg in lines):
        value = " / ".join(squash(nfc(seg.text)) for seg in lines)
        ctx.add("SIGN_NO_AUTHORITY", lines[0].para, text=lines[0].text, value=value)


def check_archive(ctx: Context) -> None:
    issuer = ctx.facts.issuer
    if ctx.deps is None or issuer is None or not ctx.close.items:
        return
    police: Mapping[str, str] = (ctx.deps.library.tables.get(ABBR_TABLE) or {}).get("police") or {}
    expected = police.get(issuer.level)
    last = ctx.close.items[-1]
    m = _LUU.search(squash(nfc(last.text)))
    if expected is None or m is None:
        return
    levels = {abbr: level for level, abbr in police.items()}
    for part in m[1].split(","):
        value = _COUNT.sub("", part).strip()
        if value in levels and value != expected:
            ctx.add("ARCHIVE_LEVEL", last.para, text=last.text, value=value,
                    other=levels[value], issuer=f"{issuer.level} {issuer.name}",
                    expected=expected)


RULES = (
    Rule(check_voice, ("VOICE_LEVEL",)),
    Rule(check_contradictions, ("TARGET_CONTRADICTION",)),
    Rule(check_authority, ("SIGN_NO_AUTHORITY",)),
    Rule(check_archive, ("ARCHIVE_LEVEL",)),
)
