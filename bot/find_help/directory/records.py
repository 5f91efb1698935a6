"""The directory data file (`facts/directory.yml`) as plain records.

The data file is what an NGO maintains, without code: organisations, their services and where
each service helps, every record with the URL of its source, the date someone checked it and a
confidence level. `load_directory` validates it (a record without a source or check date is an
error, not a warning); `dump_directory` writes it in one canonical form, so that
`hulproute directory export` gives back exactly the file that `import` read.

What contacting a service means is recorded as yes / no / unknown (None). "unknown" is the
honest default: facts-nl.md §5 lists what no source told us (languages spoken, whether a line
informs the police or the immigration service, ...), and the bot only shows what is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.find_help.directory.phone import PhoneNumber, PhoneNumberError
from bot.i18n.opening_hours import OpeningHours

FORMAT_VERSION = 2
CONFIDENCE_LEVELS = ("high", "medium", "low")
# Where a service helps. `national` has no area; the others name a province (as CBS writes
# it), a region code (VTxx Veilig Thuis, GGxxxx GGD) or a municipality code (GMxxxx).
COVERAGE_LEVELS = ("national", "province", "region", "municipality")
# Which part of the help-nearby answer a service appears in: `now` = who to contact now,
# `more` = what else exists, `none` = kept in the directory but not in that answer (e.g. 112,
# which every answer gives anyway, or voluntary return, which belongs to residence questions).
ROUTE_SECTIONS = ("now", "more", "none")
# The questions a person asks before contacting someone (yes / no / unknown).
ACCESS_QUESTIONS = (
    "free",
    "anonymous",
    "informs_police",
    "informs_immigration",
    "id_needed",
    "interpreter",
)
_UNKNOWN = "unknown"
# `checked: not yet`: no person has compared the record with its source (only a date that a
# person set when they did means it was checked).
NOT_YET_CHECKED = "not yet"
_REGION_CODE = re.compile(r"^(VT\d\d|GG\d{4})$")
MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")


class DirectoryDataError(ValueError):
    """The data file is wrong: the message names the record and the field."""


@dataclass(frozen=True)
class Provenance:
    """Where a record comes from and how sure we are of it."""

    source: str
    checked: date | None  # None: no person has compared the record with its source yet
    confidence: str

    @property
    def needs_checking(self) -> bool:
        """Low confidence (old page, conflicting sources): shown with a hint to check."""
        return self.confidence == "low"


@dataclass(frozen=True)
class Coverage:
    """One area a service covers."""

    level: str
    area: str = ""

    def as_text(self) -> str:
        """The data-file form: "national", "province Drenthe", "region VT02"."""
        return self.level if self.level == "national" else f"{self.level} {self.area}"

    @classmethod
    def parse(cls, text: str) -> Coverage:
        """Read "national" or "<level> <area>"."""
        level, _, area = str(text).strip().partition(" ")
        if level not in COVERAGE_LEVELS or (level == "national") == bool(area):
            raise DirectoryDataError(
                f"coverage {text!r} must be 'national' or one of "
                f"{', '.join(COVERAGE_LEVELS[1:])} followed by the area"
            )
        if level == "region" and not _REGION_CODE.match(area):
            raise DirectoryDataError(f"coverage {text!r}: a region is VTxx or GGxxxx")
        if level == "municipality" and not MUNICIPALITY_CODE.match(area):
            raise DirectoryDataError(f"coverage {text!r}: a municipality is GMxxxx")
        return cls(level, area)


@dataclass(frozen=True)
class Service:
    """One way to reach an organisation: a helpline, a chat, a website, a regional office."""

    key: str
    organisation: str
    what: str  # a msgid: one or two short sentences, translated in the catalogs
    provenance: Provenance
    coverage: tuple[Coverage, ...]
    route: str = "more"
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    hours: OpeningHours | None = None
    hours_note: str | None = None  # why the hours may be wrong; shown as "may have changed"
    languages: tuple[str, ...] = ()
    languages_note: str | None = None
    for_whom: str | None = None  # a msgid, e.g. "For young people under 23."
    cost_note: str | None = None
    free: bool | None = None
    anonymous: bool | None = None
    informs_police: bool | None = None
    informs_immigration: bool | None = None
    id_needed: bool | None = None
    interpreter: bool | None = None
    note: str | None = None  # for maintainers; never shown to users

    @property
    def phone_number(self) -> PhoneNumber | None:
        """The phone number, parsed (validated when the file is loaded)."""
        return PhoneNumber.parse(self.phone) if self.phone else None

    @property
    def open_24_7(self) -> bool:
        """Open day and night, every day."""
        return self.hours is not None and self.hours.always

    @property
    def is_national(self) -> bool:
        """Covers the whole country."""
        return any(c.level == "national" for c in self.coverage)


@dataclass(frozen=True)
class Organisation:
    """An organisation and its services."""

    key: str
    name: str
    provenance: Provenance
    website: str | None = None
    note: str | None = None
    services: tuple[Service, ...] = field(default=())


@dataclass(frozen=True)
class Directory:
    """Everything in the data file."""

    organisations: tuple[Organisation, ...]

    def services(self) -> Iterable[Service]:
        """Every service, in file order."""
        for organisation in self.organisations:
            yield from organisation.services

    def service(self, key: str) -> Service:
        """The service with this key (KeyError if there is none)."""
        for service in self.services():
            if service.key == key:
                return service
        raise KeyError(key)

    def organisation(self, key: str) -> Organisation:
        """The organisation with this key (KeyError if there is none)."""
        for organisation in self.organisations:
            if organisation.key == key:
                return organisation
        raise KeyError(key)


# --- reading -------------------------------------------------------------------------------


def load_directory(path: Path) -> Directory:
    """Read and validate the data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return directory_from_data(data)


def directory_from_data(data: Mapping[str, Any]) -> Directory:
    """Build and validate records from the parsed YAML."""
    if data.get("version") != FORMAT_VERSION:
        raise DirectoryDataError(f"the data file must say version: {FORMAT_VERSION}")
    organisations = []
    service_keys: set[str] = set()
    for org_key, org in (data.get("organisations") or {}).items():
        services = []
        for service_key, raw in (org.get("services") or {}).items():
            if service_key in service_keys:
                raise DirectoryDataError(f"service {service_key!r} appears twice")
            service_keys.add(service_key)
            services.append(_service(service_key, org_key, raw))
        if not services:
            raise DirectoryDataError(f"organisation {org_key!r} has no services")
        organisations.append(
            Organisation(
                key=org_key,
                name=_required(org, "name", org_key),
                provenance=_provenance(org, org_key),
                website=_optional(org, "website"),
                note=_optional(org, "note"),
                services=tuple(services),
            )
        )
    if len({o.key for o in organisations}) != len(organisations):
        raise DirectoryDataError("an organisation key appears twice")
    return Directory(tuple(organisations))


def _service(key: str, organisation: str, raw: Mapping[str, Any]) -> Service:
    where = f"service {key!r}"
    unknown = set(raw) - _SERVICE_FIELDS
    if unknown:
        raise DirectoryDataError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    coverage = raw.get("coverage")
    if not coverage:
        raise DirectoryDataError(f"{where} lacks coverage")
    route = str(raw.get("route", "more"))
    if route not in ROUTE_SECTIONS:
        raise DirectoryDataError(f"{where}: route must be one of {', '.join(ROUTE_SECTIONS)}")
    phone = _optional(raw, "phone")
    if phone:
        try:
            PhoneNumber.parse(phone)
        except PhoneNumberError as error:
            raise DirectoryDataError(f"{where}: {error}") from error
    website = _optional(raw, "website")
    for url in (website, raw.get("source")):
        if url and not str(url).startswith(("https://", "http://")):
            raise DirectoryDataError(f"{where}: {url!r} is not a web address")
    if not (phone or website or raw.get("email")):
        raise DirectoryDataError(f"{where} has no phone, website or e-mail: nothing to contact")
    languages = tuple(str(code) for code in raw.get("languages") or ())
    wrong = [code for code in languages if len(code) not in (2, 3) or not code.isalpha()]
    if wrong:
        raise DirectoryDataError(f"{where}: {wrong} are not ISO 639 language codes")
    try:
        hours = OpeningHours.parse(raw["hours"]) if raw.get("hours") else None
    except ValueError as error:
        raise DirectoryDataError(f"{where}: {error}") from error
    return Service(
        key=key,
        organisation=organisation,
        what=_required(raw, "what", where),
        provenance=_provenance(raw, where),
        coverage=tuple(Coverage.parse(c) for c in _as_list(coverage)),
        route=route,
        phone=phone,
        email=_optional(raw, "email"),
        website=website,
        hours=hours,
        hours_note=_optional(raw, "hours_note"),
        languages=languages,
        languages_note=_optional(raw, "languages_note"),
        for_whom=_optional(raw, "for_whom"),
        cost_note=_optional(raw, "cost_note"),
        note=_optional(raw, "note"),
        **{q: _yes_no_unknown(raw.get(q, _UNKNOWN), f"{where}: {q}") for q in ACCESS_QUESTIONS},
    )


def _provenance(raw: Mapping[str, Any], where: str) -> Provenance:
    source = raw.get("source")
    checked = raw.get("checked")
    confidence = raw.get("confidence")
    missing = [name for name, v in (("source", source), ("checked", checked)) if not v]
    if missing:
        raise DirectoryDataError(f"{where} lacks {' and '.join(missing)}")
    if confidence not in CONFIDENCE_LEVELS:
        raise DirectoryDataError(f"{where}: confidence must be one of {CONFIDENCE_LEVELS}")
    if checked == NOT_YET_CHECKED:
        checked = None
    elif not isinstance(checked, date):
        try:
            checked = date.fromisoformat(str(checked))
        except ValueError as error:
            raise DirectoryDataError(
                f"{where}: checked must be a date (YYYY-MM-DD) or {NOT_YET_CHECKED!r}"
            ) from error
    if not str(source).startswith(("https://", "http://")):
        raise DirectoryDataError(f"{where}: source {source!r} is not a web address")
    return Provenance(str(source), checked, str(confidence))


def _required(raw: Mapping[str, Any], name: str, where: str) -> str:
    value = raw.get(name)
    if not value:
        raise DirectoryDataError(f"{where} lacks {name}")
    return str(value)


def _optional(raw: Mapping[str, Any], name: str) -> str | None:
    value = raw.get(name)
    return str(value) if value not in (None, "") else None


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _yes_no_unknown(value: Any, where: str) -> bool | None:
    if value is None or value == _UNKNOWN:
        return None
    if isinstance(value, bool):
        return value
    raise DirectoryDataError(f"{where} must be true, false or unknown, not {value!r}")


_SERVICE_FIELDS = {f.name for f in fields(Service)} - {
    "key",
    "organisation",
    "provenance",
} | {"source", "checked", "confidence"}


# --- writing -------------------------------------------------------------------------------

HEADER = """\
# Hulproute help directory: who helps where. Data, not code; maintained by people, no
# programming needed. Read by `hulproute directory import` (into the database) and written by
# `hulproute directory export` in exactly this form. `hulproute directory check` lists records
# that nobody has checked yet and records checked more than 12 months ago.
#
# Rules (see README, "Help directory"):
# - Every organisation and service has `source` (a web page that states it), `checked` (the
#   date a person compared the record with that page, or `not yet`: only a person who did that
#   writes a date) and `confidence`: high = current page
#   of the organisation or government; medium = reputable but older or indirect; low = old
#   page or conflicting sources. Low-confidence numbers are shown with a hint to check them.
# - Never add a number, address or organisation that no source states. Unknown stays unknown.
# - `what` and `for_whom` are English sentences (B1, short); they are translated in locales/.
# - coverage: national | province <name as CBS writes it> | region <VTxx or GGxxxx> |
#   municipality <GMxxxx> (codes in facts/places/gemeente_regions_2025.csv).
# - route: now (who to contact now, for the areas it covers) | more (also exists) | none.
# - hours: 24/7 or e.g. "mon-fri 09:00-17:00". hours_note: why the hours may be wrong.
# - free, anonymous, informs_police, informs_immigration, id_needed, interpreter:
#   true | false | unknown. Only what a source states.
# - languages: ISO 639-1 codes of the languages the service offers (with languages_note).
# Taken from ../shared/domain/facts-nl.md §2 (compiled from public pages). BEFORE GO-LIVE a
# person must check every number against the live source (facts-nl.md §5).
"""


def dump_directory(directory: Directory) -> str:
    """The canonical text of the data file."""
    organisations: dict[str, Any] = {}
    for org in directory.organisations:
        entry: dict[str, Any] = {"name": org.name}
        _put(entry, "website", org.website)
        entry.update(_provenance_data(org.provenance))
        _put(entry, "note", org.note)
        entry["services"] = {s.key: _service_data(s) for s in org.services}
        organisations[org.key] = entry
    body = yaml.safe_dump(
        {"version": FORMAT_VERSION, "organisations": organisations},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return HEADER + body


def _service_data(service: Service) -> dict[str, Any]:
    data: dict[str, Any] = {"what": service.what}
    _put(data, "for_whom", service.for_whom)
    data["route"] = service.route
    data["coverage"] = [c.as_text() for c in service.coverage]
    for name in ("phone", "email", "website"):
        _put(data, name, getattr(service, name))
    _put(data, "hours", service.hours.to_text() if service.hours else None)
    _put(data, "hours_note", service.hours_note)
    if service.languages:
        data["languages"] = list(service.languages)
    _put(data, "languages_note", service.languages_note)
    for question in ACCESS_QUESTIONS:
        value = getattr(service, question)
        data[question] = _UNKNOWN if value is None else value
    _put(data, "cost_note", service.cost_note)
    data.update(_provenance_data(service.provenance))
    _put(data, "note", service.note)
    return data


def _provenance_data(provenance: Provenance) -> dict[str, Any]:
    return {
        "source": provenance.source,
        "checked": provenance.checked or NOT_YET_CHECKED,
        "confidence": provenance.confidence,
    }


def _put(data: dict[str, Any], name: str, value: Any) -> None:
    if value not in (None, ""):
        data[name] = value
