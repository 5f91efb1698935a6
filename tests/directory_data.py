"""Contacts as the help directory (`facts/directory.yml`) states them, for tests to compare with.

Tests read phone numbers and organisation names from the data file instead of repeating them:
people maintain that file, and a number corrected there must not leave a test asserting the old
one. Numbers come in the form the bot shows them (`service.phone_number.display`, the
`<service key>_phone` placeholder of `bot/i18n/responses.py::contact_params`).

Services are named by their key in the data file (`comensha`, `coordinator_lumens`, `emergency`
for 112), organisations by theirs (`comensha`, `lumens`, `hvo_querido`).
"""

from __future__ import annotations

from functools import cache

from bot.find_help.directory.phone import PhoneNumber
from bot.find_help.directory.records import Directory, load_directory
from bot.settings import PROJECT_ROOT

DATA_FILE = PROJECT_ROOT / "facts" / "directory.yml"


@cache
def directory() -> Directory:
    """The shipped directory, read once."""
    return load_directory(DATA_FILE)


def phone_number(service: str) -> PhoneNumber:
    """The service's number, parsed (display, digits, tel link)."""
    number = directory().service(service).phone_number
    if number is None:
        # Never hand a test an empty string: `"" in text` is always true.
        raise LookupError(f"service {service!r} has no phone number in {DATA_FILE.name}")
    return number


def phone(service: str) -> str:
    """The service's number as the bot shows it: "033 448 11 86", "0800-2000", "112"."""
    return phone_number(service).display


def organisation_name(organisation: str) -> str:
    """The organisation's name as the bot shows it: "CoMensha", "Lumens"."""
    return directory().organisation(organisation).name
