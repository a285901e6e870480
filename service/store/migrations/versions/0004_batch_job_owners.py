"""Batch jobs get an owner and a province (issue 11): who started a job (`owner_id`,
`owner_name`) and the unit key of the province it renders for (`province_key`), so that a job
is seen only by its owner, its province's users and the admins.

Jobs of the revisions before keep no owner and an empty province: only admins see them (their
stored input names the province as it was typed, which a migration cannot resolve without the
unit directory).  The upgrade test is in tests/store/test_migrations.py, REVISIONS.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("batch_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("owner_name", sa.String(length=200), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("province_key", sa.String(length=40), nullable=False,
                                      server_default=""))
        batch_op.create_index(batch_op.f("ix_batch_jobs_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_batch_jobs_province_key"), ["province_key"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("batch_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_batch_jobs_province_key"))
        batch_op.drop_index(batch_op.f("ix_batch_jobs_owner_id"))
        batch_op.drop_column("province_key")
        batch_op.drop_column("owner_name")
        batch_op.drop_column("owner_id")
