"""Opening hours from the directory data, written with the day names of the user's language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from babel.dates import get_day_names

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS_OPEN = "24/7"
_TEXT_FORM = re.compile(
    r"(?P<days>[a-z]{3}(?:-[a-z]{3})?) (?P<opens>\d\d:\d\d)-(?P<closes>\d\d:\d\d)"
)


@dataclass(frozen=True)
class OpeningHours:
    """Open every day around the clock, or on a range of days between two times."""

    first_day: int = 0
    last_day: int = 6
    opens: str = "00:00"
    closes: str = "24:00"
    always: bool = False

    @classmethod
    def parse(cls, value: object) -> OpeningHours:
        """Read `"24/7"`, `"mon-fri 09:00-17:00"` or `{days: mon-fri, from: .., to: ..}`."""
        if value == ALWAYS_OPEN:
            return cls(always=True)
        if isinstance(value, str):
            match = _TEXT_FORM.fullmatch(value.strip())
            if not match:
                raise ValueError(f"opening hours must look like 'mon-fri 09:00-17:00': {value!r}")
            value = {"days": match["days"], "from": match["opens"], "to": match["closes"]}
        if not isinstance(value, Mapping):
            raise ValueError(f"opening hours must be '24/7' or a mapping, got {value!r}")
        first, _, last = str(value["days"]).partition("-")
        if first not in _DAYS or (last and last not in _DAYS):
            raise ValueError(f"unknown day in opening hours {value!r} (use mon..sun)")
        return cls(
            first_day=_DAYS.index(first),
            last_day=_DAYS.index(last or first),
            opens=str(value["from"]),
            closes=str(value["to"]),
        )

    def to_text(self) -> str:
        """The data-file form: "24/7" or "mon-fri 09:00-17:00"."""
        if self.always:
            return ALWAYS_OPEN
        days = _DAYS[self.first_day]
        if self.last_day != self.first_day:
            days += "-" + _DAYS[self.last_day]
        return f"{days} {self.opens}-{self.closes}"

    def format(self, language: str) -> str:
        """E.g. "ma-vr 09:00-17:00" in Dutch, "Mon-Fri 09:00-17:00" in English."""
        if self.always:
            return ALWAYS_OPEN
        names = get_day_names("abbreviated", locale=language)
        days = names[self.first_day]
        if self.last_day != self.first_day:
            if (self.first_day, self.last_day) == (0, 6):
                days = f"{names[0]}\u2013{names[6]}"
            else:
                days = f"{days}\u2013{names[self.last_day]}"
        return f"{days} {self.opens}\u2013{self.closes}"
