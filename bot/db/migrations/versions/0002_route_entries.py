"""Route entries: services per municipality, derived at import, for a one-query lookup.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Measured (docs/benchmarks.md): three queries per route took 4-5 ms at the median on the local
PostgreSQL, over the 5 ms p95 target; one query over this table is well under it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "route_entries",
        sa.Column("municipality_code", sa.String(6), nullable=False),
        sa.Column("service_key", sa.String(60), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("area_name", sa.String(200)),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name="fk_route_entries_municipality_code_municipalities",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_key"],
            ["services.key"],
            name="fk_route_entries_service_key_services",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_code", "service_key", name="pk_route_entries"),
    )
    # Existing data gets its entries at the next `hulproute directory import`/`build`.


def downgrade() -> None:
    op.drop_table("route_entries")
