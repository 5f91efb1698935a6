"""The directory in the database: import, export, freshness check and lookup.

Import replaces the whole directory in one transaction, so a running bot never sees half a
directory. Export reads it back into records (`records.dump_directory` writes the file).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, func, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, selectinload

from bot.find_help.directory import schema
from bot.find_help.directory.records import (
    ACCESS_QUESTIONS,
    Coverage,
    Directory,
    DirectoryDataError,
    Organisation,
    Provenance,
    Service,
)
from bot.i18n.opening_hours import OpeningHours

# Provenance of the place tables (facts/places/SOURCES.md).
PLACES_SOURCE = (
    "https://github.com/entranos/regioviewer/tree/b05b4324ff1032f57e3b15fe2bff37b366b8227e/data"
)
REGIONS_SOURCE = (
    "https://github.com/cartomap/nl/tree/01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6/wgs84"
)
PLACES_CHECKED = date(2026, 11, 28)
STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class MunicipalityInfo:
    """A municipality with its province and regions, as the route shows it."""

    code: str
    name: str
    province: str
    veilig_thuis_region: tuple[str, str]  # (code, name)
    ggd_region: tuple[str, str]


@dataclass(frozen=True)
class Finding:
    """A record `hulproute directory check` reports."""

    record: str
    problem: str


# --- import --------------------------------------------------------------------------------


def import_places(session: Session, places_dir: Path) -> None:
    """Municipalities with their province and Veilig Thuis and GGD regions (CBS 2025)."""
    session.execute(delete(schema.RouteEntry))
    session.execute(delete(schema.Municipality))
    session.execute(delete(schema.Region))
    with (places_dir / "gemeente_regions_2025.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    regions: dict[str, schema.Region] = {}
    for row in rows:
        for code, name, kind in (
            (row["vt_code"], row["vt_regio"], "veilig_thuis"),
            (row["ggd_code"], row["ggd_regio"], "ggd"),
        ):
            regions.setdefault(
                code,
                schema.Region(
                    code=code,
                    name=name,
                    kind=kind,
                    source_url=REGIONS_SOURCE,
                    checked=PLACES_CHECKED,
                    # Each municipality's region is the majority region of its GeoNames points
                    # (facts/places/SOURCES.md): sound, but derived, not a CBS table.
                    confidence="medium",
                ),
            )
    session.add_all(regions.values())
    session.flush()
    session.add_all(
        schema.Municipality(
            code=row["gm_code"],
            name=row["gemeente"],
            province=row["provincie"],
            veilig_thuis_region=row["vt_code"],
            ggd_region=row["ggd_code"],
            source_url=PLACES_SOURCE,
            checked=PLACES_CHECKED,
            confidence="high",
        )
        for row in rows
    )


def import_directory(session: Session, directory: Directory) -> None:
    """Replace organisations and services with those of the data file."""
    _check_areas_exist(session, directory)
    session.execute(delete(schema.RouteEntry))
    session.execute(delete(schema.ServiceArea))
    session.execute(delete(schema.Service))
    session.execute(delete(schema.Organisation))
    for org_position, org in enumerate(directory.organisations):
        row = schema.Organisation(
            key=org.key,
            position=org_position,
            name=org.name,
            website=org.website,
            note=org.note,
            **_provenance_columns(org.provenance),
        )
        session.add(row)
        for position, service in enumerate(org.services):
            session.add(_service_row(service, position))
    session.flush()
    rebuild_route_entries(session)


def _service_row(service: Service, position: int) -> schema.Service:
    return schema.Service(
        key=service.key,
        organisation_key=service.organisation,
        position=position,
        what=service.what,
        for_whom=service.for_whom,
        route=service.route,
        phone=service.phone,
        email=service.email,
        website=service.website,
        hours=service.hours.to_text() if service.hours else None,
        open_24_7=service.open_24_7,
        hours_note=service.hours_note,
        languages=",".join(service.languages),
        languages_note=service.languages_note,
        cost_note=service.cost_note,
        note=service.note,
        areas=[
            schema.ServiceArea(position=i, level=c.level, area=c.area)
            for i, c in enumerate(service.coverage)
        ],
        **{q: getattr(service, q) for q in ACCESS_QUESTIONS},
        **_provenance_columns(service.provenance),
    )


def _provenance_columns(provenance: Provenance) -> dict[str, object]:
    return {
        "source_url": provenance.source,
        "checked": provenance.checked,
        "confidence": provenance.confidence,
    }


def _check_areas_exist(session: Session, directory: Directory) -> None:
    """A coverage area that names no known province, region or municipality is a typo."""
    provinces = set(session.scalars(select(schema.Municipality.province).distinct()))
    regions = set(session.scalars(select(schema.Region.code)))
    municipalities = set(session.scalars(select(schema.Municipality.code)))
    known = {"province": provinces, "region": regions, "municipality": municipalities}
    for service in directory.services():
        for coverage in service.coverage:
            if coverage.level != "national" and coverage.area not in known[coverage.level]:
                raise DirectoryDataError(
                    f"service {service.key!r}: no {coverage.level} {coverage.area!r} "
                    "(see facts/places/gemeente_regions_2025.csv)"
                )


# --- export --------------------------------------------------------------------------------


def export_directory(session: Session) -> Directory:
    """The directory as records, in data-file order."""
    organisations = session.scalars(
        select(schema.Organisation)
        .options(selectinload(schema.Organisation.services).selectinload(schema.Service.areas))
        .order_by(schema.Organisation.position)
    ).all()
    return Directory(
        tuple(
            Organisation(
                key=org.key,
                name=org.name,
                provenance=_provenance(org),
                website=org.website,
                note=org.note,
                services=tuple(service_record(s) for s in org.services),
            )
            for org in organisations
        )
    )


def service_record(row: schema.Service) -> Service:
    """An ORM row as a record."""
    columns = {c.name: getattr(row, c.name) for c in schema.Service.__table__.columns}
    return _service_from_columns(columns, tuple(Coverage(a.level, a.area) for a in row.areas))


def _provenance(row: schema.Organisation | schema.Service) -> Provenance:
    return Provenance(row.source_url, row.checked, row.confidence)


# --- check ---------------------------------------------------------------------------------


def check_directory(session: Session, today: date) -> list[Finding]:
    """Records nobody has compared with their source yet, records checked more than 12 months
    ago, and records without a source (the file loader refuses the latter, but a database can
    be edited directly)."""
    findings: list[Finding] = []
    rows: Iterable[schema.Organisation | schema.Service] = [
        *session.scalars(select(schema.Organisation).order_by(schema.Organisation.position)),
        *session.scalars(select(schema.Service).order_by(schema.Service.key)),
    ]
    for row in rows:
        kind = "organisation" if isinstance(row, schema.Organisation) else "service"
        name = f"{kind} {row.key}"
        if not (row.source_url or "").startswith(("https://", "http://")):
            findings.append(Finding(name, "has no source URL"))
        if row.checked is None:
            findings.append(Finding(name, "not yet checked against its source"))
        elif today - row.checked > STALE_AFTER:
            age = (today - row.checked).days
            findings.append(Finding(name, f"last checked {row.checked} ({age} days ago)"))
    return findings


# --- lookup --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteEntry:
    """A service that covers a municipality, the level it covers it at, and that area's name."""

    service: Service
    organisation: str
    level: str
    area_name: str | None


_RANK = {"municipality": 0, "region": 1, "province": 2, "national": 3}


def rebuild_route_entries(session: Session) -> None:
    """Derive route_entries (service x municipality, most specific level) from the areas."""
    session.execute(delete(schema.RouteEntry))
    municipalities = session.execute(
        select(
            schema.Municipality.code,
            schema.Municipality.name,
            schema.Municipality.province,
            schema.Municipality.veilig_thuis_region,
            schema.Municipality.ggd_region,
        )
    ).all()
    region_names = dict(session.execute(select(schema.Region.code, schema.Region.name)).all())
    areas = session.execute(
        select(schema.ServiceArea.service_key, schema.ServiceArea.level, schema.ServiceArea.area)
    ).all()
    entries: list[dict[str, object]] = []
    for code, name, province, vt, ggd in municipalities:
        names = {
            ("national", ""): None,
            ("province", province): province,
            ("region", vt): region_names[vt],
            ("region", ggd): region_names[ggd],
            ("municipality", code): name,
        }
        best: dict[str, tuple[int, str, str | None]] = {}
        for service_key, level, area in areas:
            if (level, area) in names:
                candidate = (_RANK[level], level, names[(level, area)])
                if service_key not in best or candidate[0] < best[service_key][0]:
                    best[service_key] = candidate
        entries.extend(
            {
                "municipality_code": code,
                "service_key": key,
                "rank": rank,
                "level": level,
                "area_name": area_name,
            }
            for key, (rank, level, area_name) in best.items()
        )
    if entries:
        session.execute(schema.RouteEntry.__table__.insert(), entries)


_services = schema.Service.__table__
_organisations = schema.Organisation.__table__
_entries = schema.RouteEntry.__table__
_municipalities = schema.Municipality.__table__
_vt = schema.Region.__table__.alias("vt")
_ggd = schema.Region.__table__.alias("ggd")
# One statement, built once (SQLAlchemy caches its compiled form): the municipality with its
# regions, and every service that covers it, most local first, then in data-file order.
_ROUTE_QUERY = (
    select(
        _municipalities.c.code.label("m_code"),
        _municipalities.c.name.label("m_name"),
        _municipalities.c.province.label("m_province"),
        _vt.c.code.label("vt_code"),
        _vt.c.name.label("vt_name"),
        _ggd.c.code.label("ggd_code"),
        _ggd.c.name.label("ggd_name"),
        _entries.c.level.label("entry_level"),
        _entries.c.area_name.label("entry_area_name"),
        _organisations.c.name.label("organisation_name"),
        _services,
    )
    .select_from(_municipalities)
    .join(_vt, _vt.c.code == _municipalities.c.veilig_thuis_region)
    .join(_ggd, _ggd.c.code == _municipalities.c.ggd_region)
    .outerjoin(_entries, _entries.c.municipality_code == _municipalities.c.code)
    .outerjoin(_services, _services.c.key == _entries.c.service_key)
    .outerjoin(_organisations, _organisations.c.key == _services.c.organisation_key)
    .where(_municipalities.c.code == bindparam("code"))
    .order_by(_entries.c.rank, _organisations.c.position, _services.c.position)
)


def route_entries(
    connection: Session | Connection, municipality_code: str
) -> tuple[MunicipalityInfo, list[RouteEntry]] | None:
    """The municipality and the services that cover it, in one query; None if unknown."""
    rows = connection.execute(_ROUTE_QUERY, {"code": municipality_code}).mappings().all()
    if not rows:
        return None
    first = rows[0]
    municipality = MunicipalityInfo(
        first["m_code"],
        first["m_name"],
        first["m_province"],
        (first["vt_code"], first["vt_name"]),
        (first["ggd_code"], first["ggd_name"]),
    )
    entries = [
        RouteEntry(
            _service_from_columns(row, (Coverage(row["entry_level"], ""),)),
            row["organisation_name"],
            row["entry_level"],
            row["entry_area_name"],
        )
        for row in rows
        if row["key"] is not None
    ]
    return municipality, entries


def _service_from_columns(row: Mapping[str, Any], coverage: tuple[Coverage, ...]) -> Service:
    return Service(
        key=row["key"],
        organisation=row["organisation_key"],
        what=row["what"],
        provenance=Provenance(row["source_url"], row["checked"], row["confidence"]),
        coverage=coverage,
        route=row["route"],
        phone=row["phone"],
        email=row["email"],
        website=row["website"],
        hours=OpeningHours.parse(row["hours"]) if row["hours"] else None,
        hours_note=row["hours_note"],
        languages=tuple(code for code in row["languages"].split(",") if code),
        languages_note=row["languages_note"],
        for_whom=row["for_whom"],
        cost_note=row["cost_note"],
        note=row["note"],
        **{q: row[q] for q in ACCESS_QUESTIONS},
    )


def build_database(engine: Engine, directory: Directory, places_dir: Path) -> None:
    """Bring the schema up to date and (re)load places and directory in one transaction."""
    from bot.db.database import upgrade

    upgrade(engine)
    with Session(engine, future=True) as session, session.begin():
        import_places(session, places_dir)
        session.flush()
        import_directory(session, directory)


def database_is_built(engine: Engine) -> bool:
    """True when the schema exists and holds municipalities."""
    if not inspect(engine).has_table("municipalities"):
        return False
    with Session(engine, future=True) as session:
        return bool(session.scalar(select(func.count()).select_from(schema.Municipality)))
