"""Content: the words of the issuer's place — level words of another level ("Công an xã" in a
ward's plan), the wording of a centrally-run city ("của tỉnh", "Công an tỉnh", its name without
"thành phố"), village words of another region ("thôn" in a southern commune or in a ward, "ấp" in
the North) (rules LEVEL_WORD_OTHER, CITY_WORDING, CITY_NAME_BARE, VILLAGE_WORD_OTHER of
content-rules.yaml).

The issuer is read from the header; when its name fits several units, a rule speaks only where
every one of them agrees (all in centrally-run cities, all of the South …)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from service.docx.model import Para
from service.library.place import place_of
from service.review.context import Context, Rule
from service.review.rules.judged import issuer_units
from service.strings import nfc, squash
from service.units import Tier, Unit

_COMMUNE_LEVELS = ("xã", "phường", "đặc khu", "thị trấn")
_DISTRICT_LEVELS = ("huyện", "quận", "thị xã")
_ROLES = (r"Công an|Trạm y tế|Ban Chỉ huy Quân sự|Ủy ban Mặt trận Tổ quốc Việt Nam"
          r"|Văn phòng HĐND và UBND|Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"
          r"|Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Đảng ủy|Chủ tịch UBND")
_LEVEL_WORD = re.compile(
    rf"(?<!\w)(?<!các )(?<!Các )({_ROLES}) ({'|'.join(_COMMUNE_LEVELS + _DISTRICT_LEVELS)})"
    r"(?![\w,])(?!\s+(?:và|hoặc) )")
_PROVINCE_WORDS = re.compile(
    r"(?<!\w)(của tỉnh|Công an tỉnh|UBND tỉnh|Ủy ban nhân dân tỉnh|Hội đồng nhân dân tỉnh"
    r"|HĐND tỉnh|Tỉnh ủy|trên địa bàn tỉnh|trong và ngoài tỉnh|toàn tỉnh)(?!\w)")
SOUTH = frozenset({"Đông Nam Bộ", "Đồng bằng sông Cửu Long"})
RURAL = ("thôn", "bản", "buôn", "bon", "làng", "plei", "xóm", "ấp", "sóc", "phum")
NORTHERN_WORDS = ("thôn", "bản", "buôn", "bon", "làng", "plei", "xóm")
SOUTHERN_WORDS = ("ấp", "khóm", "sóc", "phum")
_VILLAGE = re.compile(
    r"(?:(?<=các )|(?<=Các )|(?<=từng )|(?<=mỗi )|(?<=Mỗi )|(?<=trưởng )|(?<=Trưởng )"
    r"|(?<=% )|(?<=%)|(?<=số )|(?<=Mặt trận ))"
    r"(thôn|bản|buôn|bon|làng|plei|xóm|ấp|khóm|sóc|phum)"
    r"(?!\w)(?!\s+(?:cam kết|sao|đồ|tin|án|chất|thân|sắc|lĩnh|quyền|nghề|hướng dẫn|kế hoạch"
    r"|ghi nhớ|thỏa thuận|báo cáo|đăng ký|mẫu|gốc|chính|in|vẽ|tự kiểm điểm))")


def _named(text: str, end: int) -> bool:
    """Whether a proper name follows (“UBND xã Tân An”: another unit, rule UNIT_OTHER)."""
    rest = text[end:].lstrip()
    return rest[:1].isupper() or rest[:1].isdigit()


def _paras(ctx: Context) -> Iterator[tuple[Para, str]]:
    """The trích yếu, the nội dung and the closing, each with its text."""
    paras = [*ctx.layout.trich_yeu, *ctx.layout.body_paras, *ctx.layout.closing]
    for p in paras:
        if not p.empty:
            yield p, _plain(p.text)


# What each distinct text holds is worked out once per process: a batch repeats the same clause
# texts in every document.

@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    return squash(nfc(text))


@lru_cache(maxsize=4096)
def _level_words(text: str) -> tuple[tuple[str, str], ...]:
    """Each role with a level word not followed by a proper name: (the words, the level)."""
    return tuple((m[0], m[2]) for m in _LEVEL_WORD.finditer(text) if not _named(text, m.end()))


@lru_cache(maxsize=4096)
def _province_word(text: str) -> str | None:
    """The first province wording not followed by a proper name (“của tỉnh”, “Công an tỉnh”)."""
    return next((m[0] for m in _PROVINCE_WORDS.finditer(text) if not _named(text, m.end())),
                None)


@lru_cache(maxsize=4096)
def _city_bare(text: str, city: str) -> str | None:
    """The city named alone (“trong và ngoài Hồ Chí Minh”), not as a body's name."""
    found = re.search(rf"(?<!\w)(?:trong và ngoài|ngoài|của|tại|trên địa bàn|địa bàn|toàn|về)"
                      rf" ({re.escape(city)})(?!\w)", text)
    return found[1] if found else None


@lru_cache(maxsize=4096)
def _village_words(text: str) -> tuple[str, ...]:
    return tuple(m[1] for m in _VILLAGE.finditer(text))


# --- level words ---------------------------------------------------------------------------------

def check_level_words(ctx: Context) -> None:
    f = ctx.facts
    if f.issuer is None:
        return
    own = f.issuer.level
    levels = (_COMMUNE_LEVELS if own in _COMMUNE_LEVELS
              else _DISTRICT_LEVELS if own in _DISTRICT_LEVELS else ())
    if not levels:
        return
    for p, text in _paras(ctx):
        value = next((words for words, level in _level_words(text)
                      if level in levels and level != own), None)
        if value is not None:
            ctx.add("LEVEL_WORD_OTHER", p, value=value, level=own)


# --- centrally-run cities ------------------------------------------------------------------------

def _city(units: list[Unit]) -> Unit | None:
    """The centrally-run city all the candidate issuers belong to (or are), if one."""
    cities = {u.province_unit.code: u.province_unit for u in units}
    if len(cities) != 1:
        return None
    city = next(iter(cities.values()))
    return city if city.tier is Tier.PROVINCE and city.level == "thành phố" else None


def check_city_wording(ctx: Context) -> None:
    city = _city(issuer_units(ctx))
    if city is None:
        return
    for p, text in _paras(ctx):
        wording = _province_word(text)
        if wording is not None:
            ctx.add("CITY_WORDING", p, value=wording, city=city.full)
            continue
        bare = _city_bare(text, city.name)
        if bare is not None:
            ctx.add("CITY_NAME_BARE", p, value=bare, city=city.full)


# --- village words -------------------------------------------------------------------------------

def _foreign_words(units: list[Unit], ctx: Context) -> tuple[tuple[str, ...], str] | None:
    """The village words that do not belong to the issuer's place, and why; None when the
    candidate issuers do not agree."""
    if not units or ctx.deps is None:
        return None
    places = [place_of(ctx.deps.library, ctx.deps.units, u) for u in units]
    urban = {"urban" in p.traits for p in places}
    south = {p.region in SOUTH for p in places}
    if urban == {True} and all(u.tier is not Tier.PROVINCE for u in units):
        return RURAL, "urban"
    if len(south) != 1 or any(u.tier is Tier.PROVINCE for u in units):
        return None
    return (NORTHERN_WORDS, "south") if south == {True} else (SOUTHERN_WORDS, "north")


def check_village_words(ctx: Context) -> None:
    units = issuer_units(ctx)
    foreign = _foreign_words(units, ctx)
    if foreign is None:
        return
    words, why = foreign
    expected = ", ".join(place_of(ctx.deps.library, ctx.deps.units, units[0]).village_words) \
        if ctx.deps is not None else ""
    for p, text in _paras(ctx):
        found = next((w for w in _village_words(text) if w in words), None)
        if found:
            ctx.add("VILLAGE_WORD_OTHER", p, variant=why, value=found, expected=expected,
                    issuer=f"{units[0].level} {units[0].name}")


RULES = (
    Rule(check_level_words, ("LEVEL_WORD_OTHER",)),
    Rule(check_city_wording, ("CITY_WORDING", "CITY_NAME_BARE")),
    Rule(check_village_words, ("VILLAGE_WORD_OTHER",)),
)
