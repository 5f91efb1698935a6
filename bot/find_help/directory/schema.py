"""Database tables of the help directory (SQLAlchemy 1.4 with the 2.0-style API).

The tables mirror the data file (`facts/directory.yml`) plus the place data from CBS
(`facts/places/`). Every row, places included, carries `source_url`, `checked` and
`confidence`. The schema is created and changed only by the Alembic migrations in
`bot/db/migrations/`; a test checks that the migrations and these classes agree.

No table holds anything a user wrote: the directory is public information only.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from bot.db.base import Base


def _provenance(checked_may_be_missing: bool = False) -> tuple[Column, Column, Column]:
    # `checked` is the date a person compared the record with its source; NULL for a directory
    # record nobody has compared yet ("not yet" in facts/directory.yml).
    return (
        Column("source_url", Text, nullable=False),
        Column("checked", Date, nullable=checked_may_be_missing),
        Column("confidence", String(8), nullable=False),
    )


class Region(Base):  # type: ignore[misc]
    """A Veilig Thuis region (VTxx) or GGD region (GGxxxx) of 2025."""

    __tablename__ = "regions"
    code = Column(String(8), primary_key=True)
    name = Column(String(120), nullable=False)
    kind = Column(String(16), nullable=False)  # "veilig_thuis" or "ggd"
    source_url, checked, confidence = _provenance()
    __table_args__ = (CheckConstraint("kind IN ('veilig_thuis', 'ggd')", name="kind"),)


class Municipality(Base):  # type: ignore[misc]
    """One of the 342 municipalities of 2025, with its province and regions."""

    __tablename__ = "municipalities"
    code = Column(String(6), primary_key=True)  # CBS code, "GM0772"
    name = Column(String(120), nullable=False)
    province = Column(String(40), nullable=False, index=True)
    veilig_thuis_region = Column(String(8), ForeignKey("regions.code"), nullable=False)
    ggd_region = Column(String(8), ForeignKey("regions.code"), nullable=False)
    source_url, checked, confidence = _provenance()


class Organisation(Base):  # type: ignore[misc]
    """An organisation that helps."""

    __tablename__ = "organisations"
    key = Column(String(60), primary_key=True)
    position = Column(Integer, nullable=False)  # order in the data file
    name = Column(String(200), nullable=False)
    website = Column(Text)
    note = Column(Text)
    source_url, checked, confidence = _provenance(checked_may_be_missing=True)
    services = relationship("Service", back_populates="organisation", order_by="Service.position")


class Service(Base):  # type: ignore[misc]
    """A way to reach an organisation, and what contacting it means."""

    __tablename__ = "services"
    key = Column(String(60), primary_key=True)
    organisation_key = Column(
        String(60), ForeignKey("organisations.key", ondelete="CASCADE"), nullable=False
    )
    position = Column(Integer, nullable=False)
    what = Column(Text, nullable=False)  # English msgid, translated in locales/
    for_whom = Column(Text)
    route = Column(String(8), nullable=False)  # "now", "more" or "none"
    phone = Column(String(40))
    email = Column(String(200))
    website = Column(Text)
    hours = Column(String(40))  # "24/7" or "mon-fri 09:00-17:00"
    open_24_7 = Column(Boolean, nullable=False)
    hours_note = Column(Text)
    languages = Column(String(200), nullable=False)  # ISO 639 codes, comma-separated
    languages_note = Column(Text)
    cost_note = Column(Text)
    # What contacting them means: true / false / NULL = not known from any source.
    free = Column(Boolean)
    anonymous = Column(Boolean)
    informs_police = Column(Boolean)
    informs_immigration = Column(Boolean)
    id_needed = Column(Boolean)
    interpreter = Column(Boolean)
    note = Column(Text)
    source_url, checked, confidence = _provenance(checked_may_be_missing=True)
    organisation = relationship("Organisation", back_populates="services")
    areas = relationship(
        "ServiceArea", cascade="all, delete-orphan", order_by="ServiceArea.position"
    )
    __table_args__ = (CheckConstraint("route IN ('now', 'more', 'none')", name="route"),)


class ServiceArea(Base):  # type: ignore[misc]
    """One area a service covers: the country, a province, a region or a municipality."""

    __tablename__ = "service_areas"
    id = Column(Integer, primary_key=True)
    service_key = Column(String(60), ForeignKey("services.key", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)
    level = Column(String(16), nullable=False)
    area = Column(String(60), nullable=False)  # "" for national
    __table_args__ = (
        UniqueConstraint("service_key", "level", "area", name="uq_service_areas_service_area"),
        # The lookup by municipality asks for (level, area) pairs.
        Index("ix_service_areas_level_area", "level", "area"),
        CheckConstraint(
            "level IN ('national', 'province', 'region', 'municipality')", name="level"
        ),
    )


class RouteEntry(Base):  # type: ignore[misc]
    """Which services cover which municipality, at which level: derived from the areas at
    every import (`store.rebuild_route_entries`), so that a route is one indexed query."""

    __tablename__ = "route_entries"
    municipality_code = Column(
        String(6), ForeignKey("municipalities.code", ondelete="CASCADE"), primary_key=True
    )
    service_key = Column(
        String(60), ForeignKey("services.key", ondelete="CASCADE"), primary_key=True
    )
    rank = Column(Integer, nullable=False)  # 0 municipality, 1 region, 2 province, 3 national
    level = Column(String(16), nullable=False)
    area_name = Column(String(200))  # e.g. "GGD Brabant-Zuidoost"; NULL for national
