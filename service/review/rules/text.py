"""Font, colour and encoding of all text (Phụ lục I, mục I.4; TCVN 6909:2001), real capitals,
tone-mark consistency, capitalisation of unit names (Phụ lục II) and first citations
(Phụ lục I, mục II.6.b)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from service.docx.model import Para, Run
from service.memo import MEMO_SIZE, per_object
from service.review.context import Context, Rule
from service.strings import is_upper_text
from service.text.tone import tone_styles

TNR = "times new roman"
LEGACY_FONT = re.compile(r"^(\.vn|vni[- ]|vn[ -]?time|tcvn|abc[ -])", re.IGNORECASE)
BLACK = frozenset({"auto", "000000"})
NO_FILL = frozenset({"auto", "ffffff", "none"})
_UNIT = re.compile(r"(Xã|Phường|Thị trấn|Huyện|Quận|Thị xã|Tỉnh|Thành phố|Đặc khu) (\S+)")
_SPECIAL_UNITS = ("Thành phố Hồ Chí Minh", "Thủ đô Hà Nội")
_UBND = re.compile(r"\b(?:Ủy|Uỷ) [Bb]an [Nn]hân [Dd]ân\b")
_CITATION = re.compile(r"\b(Nghị định|Thông tư|Quyết định|Kế hoạch|Chỉ thị|Nghị quyết|Công văn|"
                       r"Hướng dẫn|Chương trình|Thông báo)( số)? (\d+/[\w/.\-Đđ]+\w)")
CITATION_WINDOW = 160
_DATE_WORDS = re.compile(r"\bngày\b|\d{1,2}/\d{1,2}/\d{4}")
_OF = re.compile(r"\bcủa\b")


@dataclass(frozen=True)
class RunFacts:
    """What the runs of a paragraph say about fonts, colour and capitals, worked out once per
    runs (a batch's documents share the runs of the paragraphs they repeat)."""

    wrong_fonts: tuple[str, ...]  # fonts other than Times New Roman, as the finding names them
    themed: bool  # a font from the theme
    legacy: bool  # a pre-Unicode Vietnamese font (.VnTime, VNI-…)
    colours: tuple[str, ...]  # colours other than black
    marked: bool  # highlighted or shaded
    fake_caps: bool  # capitals shown by formatting, not typed


def run_facts(runs: tuple[Run, ...]) -> RunFacts:
    return per_object(_run_facts, runs, lambda: _facts_of(runs), size=MEMO_SIZE)


_run_facts: dict[int, tuple[object, RunFacts]] = {}


def _facts_of(runs: tuple[Run, ...]) -> RunFacts:
    visible = [r for r in runs if r.visible]
    wrong: list[str] = []
    themed = legacy = False
    for font in (f for r in visible for f in (r.fmt.ascii, r.fmt.h_ansi) if f is not None):
        if font.name is not None and not font.name.strip().lower().startswith(TNR):
            wrong.append(f"{font.name} (phông chủ đề)" if font.theme else font.name)
            legacy = legacy or bool(LEGACY_FONT.match(font.name.strip()))
        elif font.theme:
            themed = True
    colours = {(r.fmt.color or "auto").lower() for r in visible} - BLACK
    marked = any((r.fmt.highlight or "none") != "none"
                 or (r.fmt.shading or "auto").lower() not in NO_FILL for r in visible)
    fake = any((r.fmt.caps or r.fmt.small_caps) and r.text != r.text.upper() for r in visible)
    return RunFacts(tuple(dict.fromkeys(wrong)), themed, legacy, tuple(sorted(colours)), marked,
                    fake)


def check_fonts_and_colour(ctx: Context) -> None:
    """Times New Roman (named, not a theme's font, not a pre-Unicode one), black, neither
    highlighted nor shaded."""
    for p in ctx.doc.all_paras:
        facts = run_facts(p.runs)
        if facts.wrong_fonts:
            ctx.add("FONT_FAMILY", p, value=", ".join(facts.wrong_fonts))
        elif facts.themed:
            ctx.add("FONT_THEME", p)
        if facts.legacy:
            ctx.add("TEXT_LEGACY", p)
        if facts.colours:
            ctx.add("FONT_COLOR", p, value=", ".join(facts.colours))
        if facts.marked:
            ctx.add("FONT_HIGHLIGHT", p)


def check_unicode(ctx: Context) -> None:
    for p in ctx.doc.all_paras:
        raw = p.raw
        if not unicodedata.is_normalized("NFC", raw):
            marks = sum(1 for c in raw if unicodedata.combining(c))
            ctx.add("TEXT_UNICODE", p, value=str(marks))


def check_caps(ctx: Context) -> None:
    for p in ctx.doc.all_paras:
        if run_facts(p.runs).fake_caps:
            ctx.add("CAPS_REAL", p)


def check_tone_marks(ctx: Context) -> None:
    old: list[tuple[Para, str]] = []
    new: list[tuple[Para, str]] = []
    for p in ctx.doc.all_paras:
        o, n = tone_styles(p.text)
        old.extend((p, w) for w in o)
        new.extend((p, w) for w in n)
    if old and new:
        minority = new if len(new) <= len(old) else old
        majority = old if minority is new else new
        ctx.add("SPELL_VARIANTS", minority[0][0], value=minority[0][1],
                other=majority[0][1], count=str(len(minority)))


def check_unit_case(ctx: Context) -> None:
    for p in ctx.layout.body_paras:
        for variant, value, fixed in unit_case(p.text):
            ctx.add("VIET_HOA_UNITS", p, variant=variant, value=value, fixed=fixed)


@lru_cache(maxsize=4096)
def unit_case(text: str) -> tuple[tuple[str, str, str], ...]:
    """(variant, as written, as it should be) of the capitals `text` gets wrong: the level word
    of a unit inside a sentence ("Xã Tân An" for "xã Tân An", the first one), "Ủy Ban Nhân
    Dân" (the agency variant's message needs no correction)."""
    if is_upper_text(text):
        return ()
    found: list[tuple[str, str, str]] = []
    for m in _UNIT.finditer(text):
        before = text[:m.start()].rstrip()
        name = _proper_name(text[m.start(2):])
        if not before or before[-1] in ".!?:(“\"-–\n" or not name:
            continue
        if any(text.startswith(s, m.start()) for s in _SPECIAL_UNITS):
            continue
        found.append(("unit", f"{m[1]} {name}", f"{m[1].lower()} {name}"))
        break
    if (u := _UBND.search(text)) and u[0] not in ("Ủy ban nhân dân", "Uỷ ban nhân dân"):
        found.append(("agency", u[0], ""))
    return tuple(found)


def _proper_name(text: str) -> str:
    """The capitalised words at the start of `text` ("Tân An" of "Tân An năm 2026")."""
    words: list[str] = []
    for word in text.split():
        bare = word.rstrip(",.;:)”\"")
        if not bare or not bare[0].isupper():
            break
        words.append(bare)
        if bare != word:
            break
    return " ".join(words)


def check_citations(ctx: Context) -> None:
    seen: set[str] = set()
    for p in ctx.layout.body_paras:
        for number, value, missing in first_citations(p.text):
            if number not in seen:
                seen.add(number)
                if missing:
                    ctx.add("CITATION_FIRST", p, value=value, missing=missing)


@lru_cache(maxsize=4096)
def first_citations(text: str) -> tuple[tuple[str, str, str], ...]:
    """(number, "Nghị định số …", what is missing: "ngày ban hành và cơ quan ban hành" or "")
    of every citation by number in `text`: a first citation names the date and the issuer."""
    found: list[tuple[str, str, str]] = []
    for m in _CITATION.finditer(text):
        after = text[m.end():m.end() + CITATION_WINDOW]
        nxt = _CITATION.search(after)
        window = after[:nxt.start()] if nxt else after
        missing = [w for w, pat in (("ngày ban hành", _DATE_WORDS), ("cơ quan ban hành", _OF))
                   if not pat.search(window)]
        found.append((m[3], f"{m[1]} số {m[3]}", " và ".join(missing)))
    return tuple(found)


RULES = (
    Rule(check_fonts_and_colour, ("FONT_FAMILY", "FONT_THEME", "TEXT_LEGACY", "FONT_COLOR",
                                  "FONT_HIGHLIGHT")),
    Rule(check_unicode, ("TEXT_UNICODE",)),
    Rule(check_caps, ("CAPS_REAL",)),
    Rule(check_tone_marks, ("SPELL_VARIANTS",)),
    Rule(check_unit_case, ("VIET_HOA_UNITS",)),
    Rule(check_citations, ("CITATION_FIRST",)),
)
