"""A directory record nobody has compared with its source yet has no check date.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07

`checked` of organisations and services may be NULL ("not yet" in facts/directory.yml), so that
`hulproute directory check` lists them instead of trusting a date that no person set.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("organisations", "services"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("checked", existing_type=sa.Date(), nullable=True)


def downgrade() -> None:
    for table in ("organisations", "services"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("checked", existing_type=sa.Date(), nullable=False)
