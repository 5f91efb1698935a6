"""National help contacts, loaded from `facts/contacts.yml` (data with sources, never code)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.opening_hours import OpeningHours

REQUIRED_FIELDS = ("name", "source", "checked", "confidence")
CONFIDENCE_LEVELS = ("high", "medium", "low")


class ContactDataError(ValueError):
    """A contact record is missing its source, check date or another required field."""


@dataclass(frozen=True)
class Contact:
    """One help contact as the bot may show it."""

    key: str
    name: str
    phone: str
    source: str
    checked: str
    confidence: str
    hours: OpeningHours | None = None
    email: str | None = None
    website: str | None = None

    @property
    def needs_checking(self) -> bool:
        """Low-confidence numbers are shown with a hint to check them."""
        return self.confidence == "low"


def load_contacts(facts_dir: Path) -> dict[str, Contact]:
    """Read and validate every contact; a record without source or check date is an error."""
    raw = yaml.safe_load((facts_dir / "contacts.yml").read_text(encoding="utf-8"))
    contacts: dict[str, Contact] = {}
    for key, record in raw["contacts"].items():
        missing = [field for field in REQUIRED_FIELDS if not record.get(field)]
        if missing:
            raise ContactDataError(f"contact {key!r} lacks {', '.join(missing)}")
        if record["confidence"] not in CONFIDENCE_LEVELS:
            raise ContactDataError(
                f"contact {key!r} has unknown confidence {record['confidence']!r}"
            )
        if not (record.get("phone") or record.get("website")):
            raise ContactDataError(f"contact {key!r} has neither a phone number nor a website")
        contacts[key] = Contact(
            key=key,
            name=str(record["name"]),
            phone=str(record.get("phone") or ""),
            source=str(record["source"]),
            checked=str(record["checked"]),
            confidence=str(record["confidence"]),
            hours=OpeningHours.parse(record["hours"]) if record.get("hours") else None,
            email=record.get("email"),
            website=record.get("website"),
        )
    return contacts
