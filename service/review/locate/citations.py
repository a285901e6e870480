"""Legal citations in running text: "Nghị định số 105/2021/NĐ-CP ngày 04/12/2021 …",
"Kế hoạch số 165/KH-CAT-PV01-PC04, ngày 15/7/2025 …", and laws cited by name ("Luật Phòng,
chống ma túy năm 2021"); matched to the registry (`clauses/legal/registry.yaml`) by number,
ignoring the year part, leading zeros and hyphens ("105/NĐ-CP" is 105/2021/NĐ-CP)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from service.docx.model import Para
from service.library.legal_model import LegalDoc
from service.memo import per_object, remember
from service.strings import nfc, squash
from service.text.tone import old_style

_TYPES = (r"Luật|Nghị định|Nghị quyết|Quyết định|Thông tư(?: liên tịch)?|Chỉ thị|Kế hoạch|"
          r"Kết luận|Công văn|Hướng dẫn|Chương trình(?: hành động| phối hợp)?|Thông báo|Đề án")
CITATION = re.compile(rf"\b({_TYPES})(?: chuyên đề)?(?: số)?\s+(\d[\w.\-]*(?:/[\w.\-]+)+)")
_DATE_AFTER = re.compile(r"^\s*,?\s*(?:ban hành\s+)?ngày\s+(\d{1,2})\s*(?:/|-|tháng)\s*"
                         r"(\d{1,2})\s*(?:/|-|năm)\s*(\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Citation:
    para: Para
    type: str
    number: str  # as written ("" for a law cited by name)
    date: dt.date | None  # the date written right after the number
    written: str  # what the text says ("Nghị định số 105/NĐ-CP ngày 04/12/2021")
    doc: LegalDoc | None  # the registry's document, when it is there


def number_key(number: str) -> tuple[str, str | None]:
    """('105/NĐCP', '2021') for '105/2021/NĐ-CP'; ('163/QH15', '2024') for '163/2024/QH-15'."""
    parts = [p for p in number.upper().replace(" ", "").split("/") if p]
    year = next((p for p in parts[1:] if _YEAR.fullmatch(p)), None)
    kept = [parts[0].lstrip("0") or "0", *(p for p in parts[1:] if p != year)]
    return "/".join(p.replace("-", "").replace("–", "") for p in kept), year


class Registry:
    """The registry's documents by number key and by name (laws)."""

    def __init__(self, docs: Iterable[LegalDoc]) -> None:
        self.by_key: dict[str, list[tuple[str | None, LegalDoc]]] = {}
        self.by_name: list[tuple[str, LegalDoc]] = []
        self._named: dict[str, tuple[LegalDoc, ...]] = {}
        for doc in docs:
            if doc.number:
                key, year = number_key(doc.number)
                self.by_key.setdefault(key, []).append((year or _year(doc), doc))
            if doc.name:
                self.by_name.append((_norm(doc.name), doc))

    def find(self, number: str, date: dt.date | None) -> LegalDoc | None:
        key, year = number_key(number)
        year = year or (str(date.year) if date else None)
        candidates = self.by_key.get(key, [])
        same = [d for y, d in candidates if year is None or y is None or y == year]
        if same:
            return same[0]
        return candidates[0][1] if candidates and number_key(number)[1] is None else None

    def named(self, text: str) -> tuple[LegalDoc, ...]:
        """The documents `text` cites by name (laws), in registry order; memoised per text."""
        return remember(self._named, text, lambda: self._named_in(_norm(text)))

    def _named_in(self, low: str) -> tuple[LegalDoc, ...]:
        return tuple(doc for name, doc in self.by_name if name in low)


_registries: dict[int, tuple[object, Registry]] = {}


def registry_of(docs: Mapping[str, LegalDoc]) -> Registry:
    """The `Registry` of the library's documents, built once per mapping object."""
    return per_object(_registries, docs, lambda: Registry(docs.values()))


def _year(doc: LegalDoc) -> str | None:
    return str(doc.date.year) if doc.date else None


def _norm(text: str) -> str:
    return squash(old_style(nfc(text))).lower()


def citations(paras: Iterable[Para], registry: Registry) -> Iterator[Citation]:
    """Every citation in `paras`, in order: numbered ones, then laws by name per paragraph."""
    for p in paras:
        text = squash(nfc(p.text))
        for kind, number, date, written in numbered(text):
            yield Citation(p, kind, number, date, written, registry.find(number, date))
        for doc in registry.named(text):
            yield Citation(p, doc.type, "", None, doc.name, doc)


@lru_cache(maxsize=4096)
def numbered(text: str) -> tuple[tuple[str, str, dt.date | None, str], ...]:
    """(type, number, date, as written) of every citation by number in `text`."""
    found: list[tuple[str, str, dt.date | None, str]] = []
    for m in CITATION.finditer(text):
        number = m[2].rstrip(".-")
        if "/" not in number:
            continue
        after = _DATE_AFTER.match(text[m.end():])
        date = _date(after) if after else None
        found.append((m[1], number, date, text[m.start():m.end() + (after.end() if after else 0)]))
    return tuple(found)


def _date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
