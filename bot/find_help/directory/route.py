"""The help route for one municipality, and its JSON format (docs/route-format.md).

"Route" is the answer to "where can I get help here?": first who to contact now (the regional
care coordinator where one is known, then CoMensha, which helps find help in the regions), then
what else exists (local first, then national), and 112. The JSON form is what the CLI prints,
what the web page and help cards read, and what the find-help action hands to the NLG, which
writes it out in the user's language (`presentation`). It holds no user text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.find_help.directory import store
from bot.find_help.directory.records import ACCESS_QUESTIONS, Coverage, Provenance, Service
from bot.i18n.opening_hours import OpeningHours

FORMAT = "hulproute.route/1"
EMERGENCY_KEY = "emergency"


@dataclass(frozen=True)
class RouteContact:
    """A service as the route shows it: with its organisation and the area it serves."""

    service: Service
    organisation: str
    level: str  # the level at which it covers the municipality: municipality ... national
    area: str | None  # e.g. "GGD Brabant-Zuidoost"; None for national services

    @property
    def check_first(self) -> bool:
        """Old page or conflicting sources: the user is asked to check before relying on it."""
        return self.service.provenance.needs_checking


@dataclass(frozen=True)
class Route:
    """Who to contact for one municipality, in the order the user should read it."""

    municipality: store.MunicipalityInfo
    contact_now: tuple[RouteContact, ...]
    more: tuple[RouteContact, ...]
    emergency: RouteContact | None

    @property
    def regional_contact_known(self) -> bool:
        """False means the answer is the national route (CoMensha)."""
        return any(c.level != "national" for c in self.contact_now)


def build_route(municipality: store.MunicipalityInfo, entries: Sequence[store.RouteEntry]) -> Route:
    """Sort the services that cover a municipality (most local first) into the answer's parts."""
    contacts = [RouteContact(e.service, e.organisation, e.level, e.area_name) for e in entries]
    return Route(
        municipality=municipality,
        contact_now=tuple(c for c in contacts if c.service.route == "now"),
        more=tuple(c for c in contacts if c.service.route == "more"),
        emergency=next((c for c in contacts if c.service.key == EMERGENCY_KEY), None),
    )


def route_for(connection: Session | Connection, municipality_code: str) -> Route | None:
    """The route for a CBS municipality code, or None if the code is unknown (one query)."""
    found = store.route_entries(connection, municipality_code)
    return build_route(*found) if found else None


# --- JSON ----------------------------------------------------------------------------------


def route_to_dict(route: Route) -> dict[str, Any]:
    """The language-neutral JSON form (format hulproute.route/1)."""
    m = route.municipality
    return {
        "format": FORMAT,
        "status": "found",
        "municipality": {
            "code": m.code,
            "name": m.name,
            "province": m.province,
            "veilig_thuis_region": {
                "code": m.veilig_thuis_region[0],
                "name": m.veilig_thuis_region[1],
            },
            "ggd_region": {"code": m.ggd_region[0], "name": m.ggd_region[1]},
        },
        "regional_contact_known": route.regional_contact_known,
        "contact_now": [contact_to_dict(c) for c in route.contact_now],
        "more": [contact_to_dict(c) for c in route.more],
        "emergency": contact_to_dict(route.emergency) if route.emergency else None,
    }


def contact_to_dict(contact: RouteContact) -> dict[str, Any]:
    """One contact in the JSON form."""
    s = contact.service
    number = s.phone_number
    return {
        "key": s.key,
        "route": s.route,
        "organisation": contact.organisation,
        "area": contact.area,
        "what": s.what,
        "for_whom": s.for_whom,
        "phone": (
            {"display": number.display, "digits": number.digits, "tel": number.tel_uri}
            if number
            else None
        ),
        "email": s.email,
        "website": s.website,
        "hours": (
            {"text": s.hours.to_text(), "open_24_7": s.hours.always, "note": s.hours_note}
            if s.hours
            else None
        ),
        "languages": list(s.languages),
        **{q: getattr(s, q) for q in ACCESS_QUESTIONS},
        "cost_note": s.cost_note,
        "check_first": contact.check_first,
        "level": contact.level,
        "source": {
            "url": s.provenance.source,
            "checked": s.provenance.checked.isoformat() if s.provenance.checked else None,
            "confidence": s.provenance.confidence,
        },
    }


def route_from_dict(data: Mapping[str, Any]) -> Route:
    """Read the JSON form back (the NLG renders what the action looked up)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} route")
    m = data["municipality"]
    municipality = store.MunicipalityInfo(
        m["code"],
        m["name"],
        m["province"],
        (m["veilig_thuis_region"]["code"], m["veilig_thuis_region"]["name"]),
        (m["ggd_region"]["code"], m["ggd_region"]["name"]),
    )
    return Route(
        municipality=municipality,
        contact_now=tuple(contact_from_dict(c) for c in data["contact_now"]),
        more=tuple(contact_from_dict(c) for c in data["more"]),
        emergency=contact_from_dict(data["emergency"]) if data.get("emergency") else None,
    )


def contact_from_dict(data: Mapping[str, Any]) -> RouteContact:
    """One contact from the JSON form."""
    hours = data.get("hours")
    answers: dict[str, Any] = {q: data.get(q) for q in ACCESS_QUESTIONS}
    service = Service(
        key=data["key"],
        organisation=data["organisation"],
        what=data["what"],
        provenance=Provenance(
            data["source"]["url"],
            date.fromisoformat(data["source"]["checked"]) if data["source"]["checked"] else None,
            data["source"]["confidence"],
        ),
        coverage=(Coverage(data["level"], ""),),
        route=data.get("route", "more"),
        phone=data["phone"]["digits"] if data.get("phone") else None,
        email=data.get("email"),
        website=data.get("website"),
        hours=OpeningHours.parse(hours["text"]) if hours else None,
        hours_note=hours.get("note") if hours else None,
        languages=tuple(data.get("languages") or ()),
        for_whom=data.get("for_whom"),
        cost_note=data.get("cost_note"),
        **answers,
    )
    return RouteContact(service, data["organisation"], data["level"], data.get("area"))
