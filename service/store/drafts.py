"""Drafts: a saved request with the document rendered from it, its review state, its owner, the
unit keys that say who may see it, and when it was made and changed.

Every change is logged in the same transaction (`service.store.events`).  A draft can be edited
or deleted only in the states `draft` and `returned`; otherwise `StateConflict`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy import JSON, ColumnElement, Integer, LargeBinary, String, func, or_, select
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column

from service.errors import StateConflict
from service.store.db import Base, Database, UTCDateTime, utcnow
from service.store.events import record
from service.store.text import TITLE_MAX, stored
from service.store.users import Scope, User

State = Literal["draft", "submitted", "approved", "returned", "issued"]
STATES: tuple[State, ...] = get_args(State)
EDITABLE: frozenset[str] = frozenset({"draft", "returned"})
STATE_VI: dict[str, str] = {"draft": "đang soạn", "submitted": "chờ duyệt",
                            "approved": "đã duyệt", "returned": "bị trả lại",
                            "issued": "đã ban hành"}


class DraftRow(Base):
    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    unit_code: Mapped[int] = mapped_column(Integer, index=True)
    unit_label: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(60), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    docx: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    state: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    owner_id: Mapped[int] = mapped_column(Integer)
    owner_name: Mapped[str] = mapped_column(String(200))
    unit_key: Mapped[str] = mapped_column(String(40), index=True)
    district_key: Mapped[str | None] = mapped_column(String(40), index=True, nullable=True)
    province_key: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


@dataclass(frozen=True)
class Draft:
    """A draft as the rest of the service sees it (no ORM object escapes the store)."""

    id: str
    title: str
    unit_code: int
    unit_label: str
    kind: str
    year: int
    request: dict[str, Any]
    state: State
    owner_name: str
    scope: Scope
    created_at: dt.datetime
    updated_at: dt.datetime
    docx_size: int = 0


@dataclass(frozen=True)
class DraftContent:
    """What a draft is made of when it is saved."""

    title: str
    unit_code: int
    unit_label: str
    kind: str
    year: int
    scope: Scope
    request: dict[str, Any]
    docx: bytes


@dataclass(frozen=True)
class DraftFilter:
    """Which drafts a list shows: those a user's unit key covers, narrowed by the other fields."""

    scope_key: str | None = None
    states: tuple[str, ...] = ()
    province_keys: tuple[str, ...] = ()
    unit_code: int | None = None
    kind: str | None = None
    year: int | None = None

    def where(self) -> list[ColumnElement[bool]]:
        out: list[ColumnElement[bool]] = []
        if self.scope_key is not None:
            k = self.scope_key
            out.append(or_(DraftRow.unit_key == k, DraftRow.district_key == k,
                           DraftRow.province_key == k))
        if self.states:
            out.append(DraftRow.state.in_(self.states))
        if self.province_keys:
            out.append(DraftRow.province_key.in_(self.province_keys))
        for column, value in ((DraftRow.unit_code, self.unit_code), (DraftRow.kind, self.kind),
                              (DraftRow.year, self.year)):
            if value is not None:
                out.append(column == value)
        return out


class DraftRepository:
    """Create, list, read, replace and delete drafts; every call is one transaction, and every
    change is logged with who made it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, content: DraftContent, actor: User) -> Draft:
        now = utcnow()
        row = DraftRow(id=str(uuid.uuid4()), state="draft", owner_id=actor.id,
                       owner_name=actor.name, created_at=now, updated_at=now)
        _fill(row, content)
        with self._db.session() as session:
            session.add(row)
            record(session, row.id, "create", row.state, actor)
            session.flush()
            return as_draft(row)

    def recent(self, limit: int = 100, offset: int = 0,
               where: DraftFilter | None = None) -> list[Draft]:
        query = (select(DraftRow).where(*_conditions(where))
                 .order_by(DraftRow.updated_at.desc(), DraftRow.id))
        with self._db.session() as session:
            rows = session.scalars(query.limit(limit).offset(offset))
            return [as_draft(r, size=False) for r in rows]

    def count(self, where: DraftFilter | None = None) -> int:
        query = select(func.count()).select_from(DraftRow).where(*_conditions(where))
        with self._db.session() as session:
            return int(session.scalar(query) or 0)

    def get(self, draft_id: str) -> Draft | None:
        with self._db.session() as session:
            row = session.get(DraftRow, draft_id)
            return None if row is None else as_draft(row)

    def document(self, draft_id: str) -> bytes | None:
        with self._db.session() as session:
            row = session.get(DraftRow, draft_id)
            return None if row is None else row.docx

    def update(self, draft_id: str, content: DraftContent, actor: User) -> Draft | None:
        with self._db.session() as session:
            row = locked_row(session, draft_id)
            if row is None:
                return None
            check_editable(row.state)
            _fill(row, content)
            row.updated_at = max(utcnow(), row.created_at)
            record(session, row.id, "update", row.state, actor)
            session.flush()
            return as_draft(row)

    def delete(self, draft_id: str, actor: User) -> bool:
        with self._db.session() as session:
            row = locked_row(session, draft_id)
            if row is None:
                return False
            check_editable(row.state)
            record(session, row.id, "delete", row.state, actor)
            session.delete(row)
            return True


def _conditions(where: DraftFilter | None) -> list[ColumnElement[bool]]:
    return where.where() if where else []


def locked_row(session: Session, draft_id: str) -> DraftRow | None:
    """The row, locked for the rest of the transaction where the database can (PostgreSQL)."""
    return session.get(DraftRow, draft_id, with_for_update=True)


def check_editable(state: str) -> None:
    """StateConflict unless a draft in `state` may be edited or deleted."""
    if state not in EDITABLE:
        raise StateConflict(f"Bản nháp {STATE_VI[state]}: không sửa, không xóa được nữa"
                            " (chỉ sửa được khi đang soạn hoặc bị trả lại).")


def _fill(row: DraftRow, content: DraftContent) -> None:
    row.title = stored(content.title, "title", TITLE_MAX)
    row.unit_code = content.unit_code
    row.unit_label = content.unit_label
    row.kind = content.kind
    row.year = content.year
    row.unit_key, row.district_key, row.province_key = content.scope
    row.request = content.request
    row.docx = content.docx


def _state(value: str) -> State:
    return next(s for s in STATES if s == value)


def as_draft(row: DraftRow, *, size: bool = True) -> Draft:
    return Draft(row.id, row.title, row.unit_code, row.unit_label, row.kind, row.year,
                 dict(row.request), _state(row.state), row.owner_name,
                 Scope(row.unit_key, row.district_key, row.province_key), row.created_at,
                 row.updated_at, len(row.docx) if size else 0)
