"""Persistence: drafts (and, later, reviews, users and jobs) in one SQL database.

`Database(url)` holds the engine; every table subclasses `service.store.db.Base` in its own module
of this package, imported here so that `Database.create_schema()` creates it.
"""

from service.store.db import Base, Database
from service.store.drafts import Draft, DraftContent, DraftRepository, DraftRow

__all__ = ["Base", "Database", "Draft", "DraftContent", "DraftRepository", "DraftRow"]
