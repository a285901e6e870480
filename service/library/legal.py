"""The legal-basis registry at work: status at a date, citations, defaults and ordering.

Citation form (ND30 Phụ lục I II.6): first mention "<type> số <number> ngày <dd/mm/yyyy> của
<issuer> <subject>"; laws by name ("Luật Phòng, chống ma túy năm 2021"); later mentions
"<type> số <number>".  Dates: day two digits, month zero-padded only for January and February.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal, Protocol

from service.errors import LegalBasisError
from service.library.legal_model import LegalDoc

Status = Literal["not_yet_issued", "not_yet_in_force", "in_force", "expired"]


class Numbered(Protocol):
    """A document known by its type and number (a request's own document)."""

    @property
    def type(self) -> str: ...

    @property
    def number(self) -> str: ...


class HasLegal(Protocol):
    """What this module needs of a Library: its registry."""

    @property
    def legal(self) -> dict[str, LegalDoc]: ...


def dm(date: dt.date) -> str:
    """'04/12/2021', '02/02/2024', '24/8/2025': month zero-padded only for 1 and 2."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


# --- status ----------------------------------------------------------------------------------

def status_at(doc: LegalDoc, date: dt.date) -> Status:
    """The document's status on `date` (expires = first day no longer in force)."""
    if doc.date is not None and date < doc.date:
        return "not_yet_issued"
    effective = doc.effective or doc.date
    if effective is not None and date < effective:
        return "not_yet_in_force"
    if doc.expires is not None and date >= doc.expires:
        return "expired"
    return "in_force"


def in_force_version(library: HasLegal, doc_id: str, date: dt.date) -> LegalDoc:
    """The document, or the replacement in force at `date` when it has expired."""
    doc = document(library, doc_id)
    seen = {doc.id}
    while status_at(doc, date) == "expired" and doc.replaced_by:
        doc = document(library, doc.replaced_by)
        if doc.id in seen:
            break
        seen.add(doc.id)
    return doc


def document(library: HasLegal, doc_id: str) -> LegalDoc:
    try:
        return library.legal[doc_id]
    except KeyError:
        raise LegalBasisError(f"Không có văn bản “{doc_id}” trong danh mục căn cứ pháp lý.",
                              field="legal_bases") from None


# --- citations -------------------------------------------------------------------------------

def cite(doc: LegalDoc) -> str:
    """First mention: 'Nghị định số 105/2021/NĐ-CP ngày 04/12/2021 của Chính phủ quy định …'."""
    if doc.name:
        return doc.name
    parts = [short(doc)]
    if doc.date is not None:
        parts.append(f"ngày {dm(doc.date)}")
    if doc.issuer:
        parts.append(f"của {doc.issuer}")
    if doc.subject:
        parts.append(" ".join(doc.subject.split()))
    return " ".join(parts)


def cite_at(library: HasLegal, doc_id: str, date: dt.date) -> str:
    """`cite` of the document, or of its replacement when it has expired by `date`."""
    return cite(in_force_version(library, doc_id, date))


def short(doc: LegalDoc) -> str:
    """Later mentions: 'Nghị định số 105/2021/NĐ-CP'; a law by its name."""
    if doc.name:
        return doc.name
    return f"{doc.type} số {doc.number}" if doc.number else doc.type


def designation(doc: LegalDoc) -> str:
    """Unambiguous label for messages: laws with their number ('Luật … số 120/2025/QH15')."""
    if doc.name and doc.number:
        return f"{_YEAR_SUFFIX.sub('', doc.name)} số {doc.number}"
    return short(doc)


_YEAR_SUFFIX = re.compile(r"\s+năm\s+\d{4}$")


# --- defaults and checks ---------------------------------------------------------------------

def default_bases(library: HasLegal, kind_id: str, date: dt.date,
                  province: str | None = None) -> list[LegalDoc]:
    """Verified documents in force at `date` that `kind_id` cites by default.

    Ordered by legal force (rank) descending, then by date.  Provincial registry entries count
    only for their own province (`province`: its code as text).
    """
    docs = [
        d for d in library.legal.values()
        if d.verified
        and (kind_id in d.cite_by_default or "*" in d.cite_by_default)
        and (d.scope == "national" or d.scope == province)
        and status_at(d, date) == "in_force"
    ]
    return sorted(docs, key=lambda d: (-d.rank, d.date or dt.date.min))


def check_requested(library: HasLegal, ids: Iterable[str], date: dt.date) -> list[LegalDoc]:
    """The requested registry documents, or LegalBasisError for one not in force at `date`."""
    docs = []
    for i, doc_id in enumerate(ids):
        doc = document(library, doc_id)
        message = _not_in_force(library, doc, date)
        if message:
            raise LegalBasisError(message, field=f"legal_bases.{i}")
        docs.append(doc)
    return docs


def _not_in_force(library: HasLegal, doc: LegalDoc, date: dt.date) -> str:
    status = status_at(doc, date)
    name = cite(doc) if doc.name else short(doc)
    if status == "not_yet_issued":
        assert doc.date is not None
        return (f"{name} ban hành ngày {dm(doc.date)}, sau ngày của kế hoạch ({dm(date)}): "
                "chưa thể làm căn cứ.")
    if status == "not_yet_in_force":
        effective = doc.effective or doc.date
        assert effective is not None
        return f"{name} có hiệu lực từ ngày {dm(effective)}, chưa có hiệu lực vào ngày {dm(date)}."
    if status == "expired":
        assert doc.expires is not None
        message = f"{name} đã hết hiệu lực từ ngày {dm(doc.expires)}"
        if doc.replaced_by and doc.replaced_by in library.legal:
            message += f", được thay thế bởi {designation(library.legal[doc.replaced_by])}"
        return message + "."
    return ""


# --- legal force of a request's own document ------------------------------------------------

_PARTY = re.compile(r"[-/](TW|TU|HU|QU|ThU|TxU|ĐU|ĐUK|BCS)\b|/ĐU$|-(NQ|CT|KL|CTr|QĐ|KH|CV)/")


def local_rank(doc: Numbered) -> int:
    """Legal force of a request's document, on the registry's scale (Party 100 … others 50)."""
    number, kind = doc.number, doc.type.strip().lower()
    if _PARTY.search(number):
        return 100
    if kind.startswith("luật"):
        return 90
    if "QH" in number:
        return 85
    if "HĐND" in number:
        return 80
    if kind.startswith("nghị định") or "NQ-CP" in number:
        return 70
    if "TTg" in number:
        return 55 if kind.startswith("công văn") else 60
    if kind.startswith(("quyết định", "chỉ thị", "nghị quyết")):
        return 60
    return 50
