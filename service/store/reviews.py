"""The approval trail: a draft moves draft → submitted → approved | returned (returned →
submitted again after edits); each move stores who, when, the comments and the check report.

Who may make a move (role, scope) is the API's business (`service.api.auth`); this module only
keeps the states consistent: a move from a state that does not allow it is a `StateConflict`,
checked inside the transaction that makes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from service.errors import StateConflict
from service.store.db import Database, utcnow
from service.store.drafts import (
    STATE_VI,
    Draft,
    DraftRow,
    State,
    as_draft,
    locked_row,
)
from service.store.events import record
from service.store.users import Role, User

Move = Literal["submit", "approve", "return"]


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: State
    role: Role
    verb: str  # Vietnamese, for messages


TRANSITIONS: dict[Move, Transition] = {
    "submit": Transition(frozenset({"draft", "returned"}), "submitted", "drafter", "gửi duyệt"),
    "approve": Transition(frozenset({"submitted"}), "approved", "reviewer", "duyệt"),
    "return": Transition(frozenset({"submitted"}), "returned", "reviewer", "trả lại"),
}


def allowed_moves(state: str, role: str) -> list[str]:
    """The moves a user of `role` may make on a draft in `state` (scope aside)."""
    return [m for m, t in TRANSITIONS.items() if state in t.sources and t.role == role]


def check_move(move: Move, state: str) -> None:
    """StateConflict (in Vietnamese) if the draft's state does not allow the move."""
    t = TRANSITIONS[move]
    if state not in t.sources:
        raise StateConflict(f"Bản nháp đang ở trạng thái “{STATE_VI[state]}”, không {t.verb}"
                            " được.")


class ReviewRepository:
    """Make one move of a draft, with its event, in one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def move(self, draft_id: str, move: Move, actor: User, *, comments: str = "",
             report: list[dict[str, Any]] | None = None,
             seen: dt.datetime | None = None) -> Draft | None:
        """`seen`: the draft's `updated_at` when the report was made; a draft changed since then
        is a StateConflict (the report would not be of the document moved)."""
        with self._db.session() as session:
            row = locked_row(session, draft_id)
            if row is None:
                return None
            check_move(move, row.state)
            if seen is not None and row.updated_at != seen:
                raise StateConflict("Bản nháp vừa được thay đổi; hãy tải lại và thử lại.")
            _apply(row, TRANSITIONS[move].target)
            returned = row.docx if move == "return" else None  # kept: what changed since
            record(session, row.id, move, row.state, actor, comments=comments, report=report,
                   document=returned)
            session.flush()
            return as_draft(row)


def _apply(row: DraftRow, target: State) -> None:
    row.state = target
    row.updated_at = max(utcnow(), row.created_at)
