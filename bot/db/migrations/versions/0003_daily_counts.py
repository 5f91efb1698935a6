"""Anonymous aggregate statistics: conversations per day, language, intent family and region.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Counts only (bot/usage/counts.py): no conversation id, no time of day, nothing a user wrote.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("family", sa.String(32), nullable=False),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "language", "family", "region", name="pk_daily_counts"),
    )


def downgrade() -> None:
    op.drop_table("daily_counts")
