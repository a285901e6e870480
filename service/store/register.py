"""The register of outgoing documents (sổ văn bản đi): one per issuing unit and year.

Nghị định 30/2020, Điều 15: a unit's documents are numbered from 01 on 1 January, continuously,
and a number is never given twice.  `RegisterRepository.issue` takes an approved draft, gives it
the next number of its unit's register for the year of the issue date, stores the issued
document (made by the caller's `compose` with that number and date), moves the draft to
`issued` and logs the event — all in one transaction.  Two issues at once may read the same
last number: the unique key (unit, year, sequence) refuses the second, which tries again with
the next number (on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column

from service.errors import StateConflict
from service.store.db import Base, Database, UTCDateTime, utcnow
from service.store.drafts import STATE_VI, Draft, DraftRow, as_draft, locked_row
from service.store.events import record
from service.store.users import User

ATTEMPTS = 20
"""How many times an issue tries again when another took its number in the meantime."""


class RegisterRow(Base):
    __tablename__ = "register_entries"
    __table_args__ = (UniqueConstraint("unit_key", "year", "seq",
                                       name="uq_register_unit_year_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_key: Mapped[str] = mapped_column(String(40), index=True)
    province_key: Mapped[str] = mapped_column(String(40), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    draft_id: Mapped[str] = mapped_column(String(36), unique=True)
    unit_code: Mapped[int] = mapped_column(Integer)
    unit_label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(600))
    issuer: Mapped[str] = mapped_column(String(300))
    plan_year: Mapped[int] = mapped_column(Integer)
    user_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    signed_pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))


@dataclass(frozen=True)
class Composed:
    """The issued document the caller made for a number and date: its .docx, the request it was
    made from, the trích yếu and the issuing body's name as the document writes them."""

    docx: bytes
    request: dict[str, Any]
    subject: str
    issuer: str


@dataclass(frozen=True)
class Issued:
    """One entry of the register: the number given to a draft, and what was issued."""

    number: str
    symbol: str
    date: dt.date
    year: int
    draft_id: str
    unit_key: str
    unit_code: int
    unit_label: str
    kind: str
    title: str
    subject: str
    issuer: str
    plan_year: int
    user_name: str
    issued_at: dt.datetime

    @property
    def reference(self) -> str:
        """'01/KH-UBND'."""
        return f"{self.number}/{self.symbol}"


Compose = Callable[[Draft, str, dt.date], Composed]
"""Makes the issued document of a draft for its number ('01') and date."""


def number_of(seq: int) -> str:
    """The number as ND30 writes it: two digits at least ('01', '12', '105')."""
    return f"{seq:02d}"


class RegisterRepository:
    """Issue approved drafts with the next number; read the register."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def issue(self, draft_id: str, actor: User, date: dt.date,
              compose: Compose) -> tuple[Draft, Issued] | None:
        """The issued draft and its register entry (None: no such draft); StateConflict unless
        the draft is approved."""
        for attempt in range(ATTEMPTS):
            try:
                return self._issue_once(draft_id, actor, date, compose)
            except (IntegrityError, OperationalError):
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _issue_once(self, draft_id: str, actor: User, date: dt.date,
                    compose: Compose) -> tuple[Draft, Issued] | None:
        with self._db.session() as session:
            row = locked_row(session, draft_id)
            if row is None:
                return None
            check_issuable(row.state)
            seq = _next_seq(session, row.unit_key, date.year)
            composed = compose(as_draft(row), number_of(seq), date)
            entry = _entry(row, seq, date, composed, actor)
            session.add(entry)
            row.state, row.docx, row.request = "issued", composed.docx, composed.request
            row.updated_at = max(utcnow(), row.created_at)
            record(session, row.id, "issue", row.state, actor,
                   comments=f"Số {number_of(seq)}/{entry.symbol}, ngày {date:%d/%m/%Y}")
            session.flush()
            return as_draft(row), _issued(entry)

    def pdf(self, draft_id: str) -> tuple[bytes | None, bytes | None]:
        """The issued PDF (with its empty signature fields) and the signed one, when made."""
        query = select(RegisterRow).where(RegisterRow.draft_id == draft_id)
        with self._db.session() as session:
            row = session.scalars(query).first()
            return (None, None) if row is None else (row.pdf, row.signed_pdf)

    def keep_pdf(self, draft_id: str, pdf: bytes) -> bytes:
        """Keep the issued PDF the first time it is made; the one kept (first made wins): the
        signed copies must be this very file plus their signatures."""
        with self._db.session() as session:
            row = _locked_entry(session, draft_id)
            if row.pdf is None:
                row.pdf = pdf
            return row.pdf

    def keep_signed(self, draft_id: str, signed: bytes, actor: User, note: str) -> None:
        """Keep the signed PDF (it becomes the document the draft serves), with its event."""
        with self._db.session() as session:
            row = _locked_entry(session, draft_id)
            row.signed_pdf = signed
            record(session, draft_id, "sign", "issued", actor, comments=note)

    def entries(self, unit_key: str, year: int) -> list[Issued]:
        query = (select(RegisterRow).where(RegisterRow.unit_key == unit_key,
                                           RegisterRow.year == year)
                 .order_by(RegisterRow.seq))
        with self._db.session() as session:
            return [_issued(r) for r in session.scalars(query)]

    def of_draft(self, draft_id: str) -> Issued | None:
        query = select(RegisterRow).where(RegisterRow.draft_id == draft_id)
        with self._db.session() as session:
            row = session.scalars(query).first()
            return None if row is None else _issued(row)

    def province_plans(self, province_key: str, plan_year: int) -> list[Issued]:
        """The plans a province issued for a year (for its communes to cite), newest first."""
        query = (select(RegisterRow).where(RegisterRow.unit_key == province_key,
                                           RegisterRow.plan_year == plan_year)
                 .order_by(RegisterRow.issued_on.desc(), RegisterRow.seq.desc()))
        with self._db.session() as session:
            return [_issued(r) for r in session.scalars(query)]


def _locked_entry(session: Session, draft_id: str) -> RegisterRow:
    query = select(RegisterRow).where(RegisterRow.draft_id == draft_id).with_for_update()
    row = session.scalars(query).first()
    if row is None:
        raise StateConflict("Kế hoạch này chưa được ban hành.")
    return row


def check_issuable(state: str) -> None:
    """StateConflict (in Vietnamese) unless a draft in `state` may be issued."""
    if state == "issued":
        raise StateConflict("Kế hoạch này đã được ban hành; không cấp số lần nữa.")
    if state != "approved":
        raise StateConflict(f"Bản nháp đang ở trạng thái “{STATE_VI[state]}”: chỉ ban hành"
                            " được bản đã duyệt.")


def _next_seq(session: Session, unit_key: str, year: int) -> int:
    last = session.scalar(select(func.max(RegisterRow.seq)).where(
        RegisterRow.unit_key == unit_key, RegisterRow.year == year))
    return int(last or 0) + 1


def _entry(row: DraftRow, seq: int, date: dt.date, composed: Composed,
           actor: User) -> RegisterRow:
    return RegisterRow(
        unit_key=row.unit_key, province_key=row.province_key, year=date.year, seq=seq,
        symbol=str(composed.request.get("symbol") or "KH-UBND"), issued_on=date,
        draft_id=row.id, unit_code=row.unit_code, unit_label=row.unit_label, kind=row.kind,
        title=row.title, subject=composed.subject[:600], issuer=composed.issuer[:300],
        plan_year=row.year, user_name=actor.name, issued_at=utcnow())


def _issued(row: RegisterRow) -> Issued:
    return Issued(number_of(row.seq), row.symbol, row.issued_on, row.year, row.draft_id,
                  row.unit_key, row.unit_code, row.unit_label, row.kind, row.title, row.subject,
                  row.issuer, row.plan_year, row.user_name, row.issued_at)
