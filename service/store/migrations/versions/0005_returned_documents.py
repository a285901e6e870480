"""A return keeps the document returned (issue 13): `draft_events.document`, so that the
reviewer of a resubmitted draft sees what changed since it was returned (the compare engine,
`GET /api/drafts/{id}/changes`).

Returns made before this revision kept no document: their drafts answer that the returned
version is not known (nothing can be recovered: the draft's document has been replaced since).
The upgrade test is in tests/store/test_migrations.py, REVISIONS.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("draft_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft_events", schema=None) as batch_op:
        batch_op.drop_column("document")
