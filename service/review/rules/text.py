"""Font, colour and encoding of all text (Phụ lục I, mục I.4; TCVN 6909:2001), real capitals,
tone-mark consistency, capitalisation of unit names (Phụ lục II) and first citations
(Phụ lục I, mục II.6.b)."""

from __future__ import annotations

import re
import unicodedata

from service.docx.model import Para
from service.docx.styles import Font
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


def _name(font: Font | None) -> str | None:
    return None if font is None or font.name is None else font.name


def check_fonts(ctx: Context) -> None:
    for p in ctx.doc.all_paras:
        wrong: list[str] = []
        themed = legacy = False
        for r in p.text_runs:
            for font in (r.fmt.ascii, r.fmt.h_ansi):
                name = _name(font)
                if name is not None and not name.strip().lower().startswith(TNR):
                    label = f"{name} (phông chủ đề)" if font and font.theme else name
                    wrong.append(label)
                    legacy = legacy or bool(LEGACY_FONT.match(name.strip()))
                elif font is not None and font.theme:
                    themed = True
        if wrong:
            ctx.add("FONT_FAMILY", p, value=", ".join(dict.fromkeys(wrong)))
        elif themed:
            ctx.add("FONT_THEME", p)
        if legacy:
            ctx.add("TEXT_LEGACY", p)


def check_colour(ctx: Context) -> None:
    for p in ctx.doc.all_paras:
        colours = {(r.fmt.color or "auto").lower() for r in p.text_runs} - BLACK
        if colours:
            ctx.add("FONT_COLOR", p, value=", ".join(sorted(colours)))
        marked = any((r.fmt.highlight or "none") != "none"
                     or (r.fmt.shading or "auto").lower() not in NO_FILL for r in p.text_runs)
        if marked:
            ctx.add("FONT_HIGHLIGHT", p)


def check_unicode(ctx: Context) -> None:
    for p in ctx.doc.all_paras:
        raw = p.raw
        if raw != unicodedata.normalize("NFC", raw):
            marks = sum(1 for c in raw if unicodedata.combining(c))
            ctx.add("TEXT_UNICODE", p, value=str(marks))


def check_caps(ctx: Context) -> None:
    for p in ctx.doc.all_paras:
        if any(r.visible and (r.fmt.is_caps or r.fmt.small_caps) and r.text != r.text.upper()
               for r in p.runs):
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
        text = p.text
        if is_upper_text(text):
            continue
        for m in _UNIT.finditer(text):
            before = text[:m.start()].rstrip()
            name = _proper_name(text[m.start(2):])
            if not before or before[-1] in ".!?:(“\"-–\n" or not name:
                continue
            if any(text.startswith(s, m.start()) for s in _SPECIAL_UNITS):
                continue
            ctx.add("VIET_HOA_UNITS", p, variant="unit", value=f"{m[1]} {name}",
                    fixed=f"{m[1].lower()} {name}")
            break
        if (u := _UBND.search(text)) and u[0] not in ("Ủy ban nhân dân", "Uỷ ban nhân dân"):
            ctx.add("VIET_HOA_UNITS", p, variant="agency", value=u[0])


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
        text = p.text
        for m in _CITATION.finditer(text):
            number = m[3]
            if number in seen:
                continue
            seen.add(number)
            after = text[m.end():m.end() + CITATION_WINDOW]
            nxt = _CITATION.search(after)
            window = after[:nxt.start()] if nxt else after
            missing = [w for w, pat in (("ngày ban hành", r"\bngày\b|\d{1,2}/\d{1,2}/\d{4}"),
                                        ("cơ quan ban hành", r"\bcủa\b"))
                       if not re.search(pat, window)]
            if missing:
                ctx.add("CITATION_FIRST", p, value=f"{m[1]} số {number}",
                        missing=" và ".join(missing))


RULES = (
    Rule(check_fonts, ("FONT_FAMILY", "FONT_THEME", "TEXT_LEGACY")),
    Rule(check_colour, ("FONT_COLOR", "FONT_HIGHLIGHT")),
    Rule(check_unicode, ("TEXT_UNICODE",)),
    Rule(check_caps, ("CAPS_REAL",)),
    Rule(check_tone_marks, ("SPELL_VARIANTS",)),
    Rule(check_unit_case, ("VIET_HOA_UNITS",)),
    Rule(check_citations, ("CITATION_FIRST",)),
)
