"""Drafts: a saved request with the document rendered from it, and when it was made and changed."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, deferred, mapped_column

from service.store.db import Base, Database, UTCDateTime, utcnow


class DraftRow(Base):
    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    unit_code: Mapped[int] = mapped_column(Integer, index=True)
    unit_label: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(60), index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    docx: Mapped[bytes] = deferred(mapped_column(LargeBinary))
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
    request: dict[str, Any]
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
    request: dict[str, Any]
    docx: bytes


class DraftRepository:
    """Create, list, read, replace and delete drafts; every call is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, content: DraftContent) -> Draft:
        now = utcnow()
        row = DraftRow(id=str(uuid.uuid4()), created_at=now, updated_at=now)
        _fill(row, content)
        with self._db.session() as session:
            session.add(row)
            session.flush()
            return _draft(row)

    def recent(self, limit: int = 100, offset: int = 0) -> list[Draft]:
        query = select(DraftRow).order_by(DraftRow.updated_at.desc(), DraftRow.id)
        with self._db.session() as session:
            rows = session.scalars(query.limit(limit).offset(offset))
            return [_draft(r, size=False) for r in rows]

    def get(self, draft_id: str) -> Draft | None:
        with self._db.session() as session:
            row = session.get(DraftRow, draft_id)
            return None if row is None else _draft(row)

    def document(self, draft_id: str) -> bytes | None:
        with self._db.session() as session:
            row = session.get(DraftRow, draft_id)
            return None if row is None else row.docx

    def update(self, draft_id: str, content: DraftContent) -> Draft | None:
        with self._db.session() as session:
            row = session.get(DraftRow, draft_id)
            if row is None:
                return None
            _fill(row, content)
            row.updated_at = max(utcnow(), row.created_at)
            session.flush()
            return _draft(row)

    def delete(self, draft_id: str) -> bool:
        with self._db.session() as session:
            row = session.get(DraftRow, draft_id)
            if row is None:
                return False
            session.delete(row)
            return True


def _fill(row: DraftRow, content: DraftContent) -> None:
    row.title = content.title
    row.unit_code = content.unit_code
    row.unit_label = content.unit_label
    row.kind = content.kind
    row.request = content.request
    row.docx = content.docx


def _draft(row: DraftRow, *, size: bool = True) -> Draft:
    return Draft(row.id, row.title, row.unit_code, row.unit_label, row.kind, dict(row.request),
                 row.created_at, row.updated_at, len(row.docx) if size else 0)
