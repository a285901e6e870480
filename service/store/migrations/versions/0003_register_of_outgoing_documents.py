"""The register of outgoing documents (sổ văn bản đi): one row per issued draft, numbered per
issuing unit and year (unique: unit, year, sequence), with the issued PDF (its empty signature
fields) once made and the signed PDF once it comes back.

Drafts gain a state, `issued`, and their events an action, `issue` (both plain strings: no
column changes).  The upgrade test is in tests/store/test_migrations.py, REVISIONS.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "register_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_key", sa.String(40), nullable=False),
        sa.Column("province_key", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("draft_id", sa.String(36), nullable=False),
        sa.Column("unit_code", sa.Integer(), nullable=False),
        sa.Column("unit_label", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("subject", sa.String(600), nullable=False),
        sa.Column("issuer", sa.String(300), nullable=False),
        sa.Column("plan_year", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("signed_pdf", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id"),
        sa.UniqueConstraint("unit_key", "year", "seq", name="uq_register_unit_year_seq"),
    )
    for column in ("province_key", "unit_key", "year"):
        op.create_index(f"ix_register_entries_{column}", "register_entries", [column])


def downgrade() -> None:
    op.drop_table("register_entries")
