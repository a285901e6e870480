"""Baseline: the schema of release 8035fd1, the last one made by `create_all` alone.

Users, drafts, their events, batch jobs and their results, exactly as that release created them
on SQLite and PostgreSQL (`tests/fixtures/db/8035fd1/schema-*.sql` hold its DDL; the upgrade
tests compare).  A database of that release (these tables, no `alembic_version`) is stamped with
this revision instead of running it.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    _users()
    _draft_events()
    _drafts()
    _batch_jobs()
    _batch_results()


def downgrade() -> None:
    for table in ("batch_results", "batch_jobs", "drafts", "draft_events", "users"):
        op.drop_table(table)


def _users() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("unit_key", sa.String(40), nullable=False),
        sa.Column("unit_label", sa.String(300), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_users_unit_key", "users", ["unit_key"])
    op.create_index("ix_users_token_hash", "users", ["token_hash"], unique=True)


def _draft_events() -> None:
    op.create_table(
        "draft_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("user_role", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
    )
    op.create_index("ix_draft_events_draft_id", "draft_events", ["draft_id"])


def _drafts() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("unit_code", sa.Integer(), nullable=False),
        sa.Column("unit_label", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("owner_name", sa.String(200), nullable=False),
        sa.Column("unit_key", sa.String(40), nullable=False),
        sa.Column("district_key", sa.String(40), nullable=True),
        sa.Column("province_key", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    for column in ("kind", "unit_code", "unit_key", "updated_at", "province_key", "state",
                   "district_key", "year"):
        op.create_index(f"ix_drafts_{column}", "drafts", [column])


def _batch_jobs() -> None:
    op.create_table(
        "batch_jobs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("input", sa.JSON(), nullable=False),
        sa.Column("review", sa.Boolean(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_batch_jobs_state", "batch_jobs", ["state"])
    op.create_index("ix_batch_jobs_created_at", "batch_jobs", ["created_at"])


def _batch_results() -> None:
    op.create_table(
        "batch_results",
        sa.Column("job_id", sa.String(36), sa.ForeignKey("batch_jobs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("item_index", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("unit_code", sa.Integer(), nullable=False),
        sa.Column("unit_name", sa.String(300), nullable=False),
        sa.Column("level", sa.String(60), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("file", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
    )
