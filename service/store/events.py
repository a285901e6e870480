"""The events of drafts: every change (create, update, submit, approve, return, delete, issue),
who made it and when, with the reviewer's comments and the check report of that moment; a
return keeps the document returned, so that the reviewer later sees what changed since.

Events outlive their draft (no foreign key): a deleted draft's trail stays in the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy import JSON, Integer, LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column

from service.store.db import Base, Database, UTCDateTime, utcnow
from service.store.text import COMMENTS_MAX, stored
from service.store.users import User

Action = Literal["create", "update", "submit", "approve", "return", "delete", "issue", "sign"]
ACTIONS: tuple[Action, ...] = get_args(Action)
ACTION_VI: dict[str, str] = {"create": "tạo bản nháp", "update": "sửa bản nháp",
                             "submit": "gửi duyệt", "approve": "duyệt", "return": "trả lại",
                             "delete": "xóa bản nháp", "issue": "ban hành",
                             "sign": "nhận bản đã ký số"}


class EventRow(Base):
    __tablename__ = "draft_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(Integer)
    user_name: Mapped[str] = mapped_column(String(200))
    user_role: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    comments: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    document: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))


@dataclass(frozen=True)
class Event:
    """One change of a draft: the action, the state it left the draft in, who and when."""

    id: int
    draft_id: str
    action: Action
    state: str
    user_id: int
    user_name: str
    user_role: str
    at: dt.datetime
    comments: str
    report: list[dict[str, Any]] | None


def record(session: Session, draft_id: str, action: Action, state: str, actor: User, *,
           comments: str = "", report: list[dict[str, Any]] | None = None,
           document: bytes | None = None) -> None:
    """Log one change inside the caller's transaction (so the change and its event go together);
    `document`: the draft's document at that moment, when the change keeps it."""
    session.add(EventRow(draft_id=draft_id, action=action, state=state, user_id=actor.id,
                         user_name=actor.name, user_role=actor.role, at=utcnow(),
                         comments=stored(comments, "comments", COMMENTS_MAX, lines=True),
                         report=report, document=document))


class EventLog:
    """Read the trail of a draft, oldest first."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def history(self, draft_id: str) -> list[Event]:
        query = select(EventRow).where(EventRow.draft_id == draft_id).order_by(EventRow.id)
        with self._db.session() as session:
            return [_event(r) for r in session.scalars(query)]

    def last_returned(self, draft_id: str) -> tuple[Event, bytes | None] | None:
        """The draft's last return and the document it returned (None when that return was
        made before documents were kept with returns); None when it was never returned."""
        query = (select(EventRow).where(EventRow.draft_id == draft_id,
                                        EventRow.action == "return")
                 .order_by(EventRow.id.desc()).limit(1))
        with self._db.session() as session:
            row = session.scalars(query).first()
            return None if row is None else (_event(row), row.document)


def _event(row: EventRow) -> Event:
    action: Action = next(a for a in ACTIONS if a == row.action)
    return Event(row.id, row.draft_id, action, row.state, row.user_id, row.user_name,
                 row.user_role, row.at, row.comments or "",
                 None if row.report is None else list(row.report))
