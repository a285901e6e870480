"""Persistence: drafts, reviews, the register of issued documents, users and jobs in one SQL
database.

`Database(url)` holds the engine; every table subclasses `service.store.db.Base` in its own module
of this package, imported here; the schema is made and upgraded by the Alembic revisions of
`service.store.migrations` (`Database.create_schema()` brings it to the newest).
"""

from service.store.db import Base, Database
from service.store.drafts import (
    STATE_VI,
    STATES,
    Draft,
    DraftContent,
    DraftFilter,
    DraftRepository,
    DraftRow,
    check_editable,
)
from service.store.events import ACTION_VI, Event, EventLog
from service.store.jobs import Job, JobSpec, JobState, JobStore, UnitResult
from service.store.register import Composed, Issued, RegisterRepository
from service.store.reviews import ReviewRepository, allowed_moves
from service.store.users import (
    ROLE_VI,
    ROLES,
    Scope,
    User,
    UserRepository,
    key_parts,
    scope_of,
    unit_key,
)

__all__ = ["Base", "Database", "Draft", "DraftContent", "DraftRepository", "DraftRow",
           "Job", "JobSpec", "JobState", "JobStore", "UnitResult"]
__all__ += ["ACTION_VI", "ROLES", "ROLE_VI", "STATES", "STATE_VI", "DraftFilter", "Event",
            "EventLog", "ReviewRepository", "Scope", "User", "UserRepository",
            "allowed_moves", "check_editable", "key_parts", "scope_of", "unit_key"]
__all__ += ["Composed", "Issued", "RegisterRepository"]
