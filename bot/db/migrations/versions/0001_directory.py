"""The help directory: regions, municipalities, organisations, services and their areas.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _provenance() -> list[sa.Column]:
    return [
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("checked", sa.Date(), nullable=False),
        sa.Column("confidence", sa.String(8), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        *_provenance(),
        sa.CheckConstraint("kind IN ('veilig_thuis', 'ggd')", name="ck_regions_kind"),
        sa.PrimaryKeyConstraint("code", name="pk_regions"),
    )
    op.create_table(
        "municipalities",
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("province", sa.String(40), nullable=False),
        sa.Column("veilig_thuis_region", sa.String(8), nullable=False),
        sa.Column("ggd_region", sa.String(8), nullable=False),
        *_provenance(),
        sa.ForeignKeyConstraint(
            ["veilig_thuis_region"],
            ["regions.code"],
            name="fk_municipalities_veilig_thuis_region_regions",
        ),
        sa.ForeignKeyConstraint(
            ["ggd_region"], ["regions.code"], name="fk_municipalities_ggd_region_regions"
        ),
        sa.PrimaryKeyConstraint("code", name="pk_municipalities"),
    )
    op.create_index("ix_municipalities_province", "municipalities", ["province"])
    op.create_table(
        "organisations",
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("website", sa.Text()),
        sa.Column("note", sa.Text()),
        *_provenance(),
        sa.PrimaryKeyConstraint("key", name="pk_organisations"),
    )
    op.create_table(
        "services",
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("organisation_key", sa.String(60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("for_whom", sa.Text()),
        sa.Column("route", sa.String(8), nullable=False),
        sa.Column("phone", sa.String(40)),
        sa.Column("email", sa.String(200)),
        sa.Column("website", sa.Text()),
        sa.Column("hours", sa.String(40)),
        sa.Column("open_24_7", sa.Boolean(), nullable=False),
        sa.Column("hours_note", sa.Text()),
        sa.Column("languages", sa.String(200), nullable=False),
        sa.Column("languages_note", sa.Text()),
        sa.Column("cost_note", sa.Text()),
        sa.Column("free", sa.Boolean()),
        sa.Column("anonymous", sa.Boolean()),
        sa.Column("informs_police", sa.Boolean()),
        sa.Column("informs_immigration", sa.Boolean()),
        sa.Column("id_needed", sa.Boolean()),
        sa.Column("interpreter", sa.Boolean()),
        sa.Column("note", sa.Text()),
        *_provenance(),
        sa.CheckConstraint("route IN ('now', 'more', 'none')", name="ck_services_route"),
        sa.ForeignKeyConstraint(
            ["organisation_key"],
            ["organisations.key"],
            name="fk_services_organisation_key_organisations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name="pk_services"),
    )
    op.create_table(
        "service_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_key", sa.String(60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("area", sa.String(60), nullable=False),
        sa.CheckConstraint(
            "level IN ('national', 'province', 'region', 'municipality')",
            name="ck_service_areas_level",
        ),
        sa.ForeignKeyConstraint(
            ["service_key"],
            ["services.key"],
            name="fk_service_areas_service_key_services",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_service_areas"),
        sa.UniqueConstraint("service_key", "level", "area", name="uq_service_areas_service_area"),
    )
    op.create_index("ix_service_areas_level_area", "service_areas", ["level", "area"])


def downgrade() -> None:
    op.drop_index("ix_service_areas_level_area", table_name="service_areas")
    op.drop_table("service_areas")
    op.drop_table("services")
    op.drop_table("organisations")
    op.drop_index("ix_municipalities_province", table_name="municipalities")
    op.drop_table("municipalities")
    op.drop_table("regions")
