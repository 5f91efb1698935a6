"""Is a helpline open now? From the directory's opening hours, in Dutch time, with the Dutch
public holidays (the `holidays` package, which keeps the official list: New Year, Easter,
King's Day, Ascension, Whitsun, Christmas, Liberation Day every fifth year, and Good Friday).

The hours of some organisations are not sure (`hours_note` in facts/directory.yml): the
sentence then says so. On a public holiday we do not know whether an office that works on
weekdays is open, so the bot says it may be closed, never that it is closed or open.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from babel.dates import get_day_names

from bot.find_help.directory.records import Service
from bot.i18n.opening_hours import OpeningHours
from bot.i18n.translator import N_

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")

# The sentences (msgids). "%(name)s" is the organisation, times are Dutch time.
OPEN_UNTIL = N_("%(name)s is open now, until %(closes)s (Dutch time).")
OPEN_DAY_AND_NIGHT = N_("%(name)s is open day and night.")
CLOSED_OPENS_TODAY = N_("%(name)s is closed now. It opens today at %(opens)s (Dutch time).")
CLOSED_OPENS_ON = N_("%(name)s is closed now. It opens on %(day)s at %(opens)s (Dutch time).")
HOLIDAY = N_("Today is a public holiday in the Netherlands. %(name)s may be closed.")
HOURS_NOT_SURE = N_("These times are not sure.")
WHEN_CLOSED = N_("When it is closed, call Veilig Thuis, day and night: %(veilig_thuis_phone)s.")
# The same, short, for one line of a contact in the help route.
OPEN_UNTIL_SHORT = N_("Open now, until %(closes)s (Dutch time).")
CLOSED_OPENS_TODAY_SHORT = N_("Closed now. Opens today at %(opens)s (Dutch time).")
CLOSED_OPENS_ON_SHORT = N_("Closed now. Opens %(day)s at %(opens)s (Dutch time).")
HOLIDAY_SHORT = N_("Public holiday today: may be closed.")


@dataclass(frozen=True)
class OpenState:
    """Open now (and until when), or closed (and when it opens next), or maybe closed today."""

    is_open: bool
    closes: str | None = None  # "17:00" when open (None: open day and night)
    opens: str | None = None  # "09:00" when closed
    opens_on: date | None = None  # the day it opens next
    holiday: bool = False  # today is a public holiday: it may be closed


@lru_cache(maxsize=8)
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_public_holiday(day: date) -> bool:
    """A Dutch national public holiday."""
    return day in _dutch_holidays(day.year)


def open_state(hours: OpeningHours, now: datetime) -> OpenState:
    """Whether a place with `hours` is open at `now` (any time zone; read in Dutch time)."""
    if hours.always:
        return OpenState(is_open=True)
    local = now.astimezone(DUTCH_TIME)
    today = local.date()
    clock = local.strftime("%H:%M")
    if is_public_holiday(today) and _open_on(hours, today):
        return OpenState(is_open=False, holiday=True)
    if _open_on(hours, today) and hours.opens <= clock < hours.closes:
        return OpenState(is_open=True, closes=hours.closes)
    if _open_on(hours, today) and clock < hours.opens:
        return OpenState(is_open=False, opens=hours.opens, opens_on=today)
    day = today
    for _ in range(14):  # the next working day that is not a holiday
        day += timedelta(days=1)
        if _open_on(hours, day) and not is_public_holiday(day):
            return OpenState(is_open=False, opens=hours.opens, opens_on=day)
    return OpenState(is_open=False)


def _open_on(hours: OpeningHours, day: date) -> bool:
    return hours.first_day <= day.weekday() <= hours.last_day


Translate = Callable[[str, str, Mapping[str, Any]], str]


def open_now_sentence(
    service: Service,
    name: str,
    language: str,
    now: datetime,
    translate: Translate,
    contacts: Mapping[str, str],
) -> str:
    """E.g. "CoMensha is open now, until 17:00 (Dutch time). These times are not sure." in
    `language`; when closed, also whom to call instead. Empty when the hours are unknown."""
    if service.hours is None:
        return ""
    state = open_state(service.hours, now)
    local = now.astimezone(DUTCH_TIME).date()
    values: dict[str, Any] = {"name": name, **contacts}
    if state.is_open and state.closes is None:
        parts = [translate(language, OPEN_DAY_AND_NIGHT, values)]
    elif state.is_open:
        parts = [translate(language, OPEN_UNTIL, {**values, "closes": state.closes})]
    elif state.holiday:
        parts = [translate(language, HOLIDAY, values)]
    elif state.opens_on == local:
        parts = [translate(language, CLOSED_OPENS_TODAY, {**values, "opens": state.opens})]
    elif state.opens_on is not None:
        day = get_day_names("wide", locale=language)[state.opens_on.weekday()]
        parts = [translate(language, CLOSED_OPENS_ON, {**values, "day": day, "opens": state.opens})]
    else:
        parts = []
    if service.hours_note and not (state.is_open and state.closes is None):
        parts.append(translate(language, HOURS_NOT_SURE, values))
    if not state.is_open and "veilig_thuis_phone" in contacts:
        parts.append(translate(language, WHEN_CLOSED, values))
    return " ".join(parts)


def open_now_line(service: Service, language: str, now: datetime, translate: Translate) -> str:
    """One short line for a contact in the route: "Open now, until 17:00 (Dutch time)." (with
    "These times are not sure." where they are not). Empty when the hours are unknown or the
    service is open day and night (the route says that apart)."""
    if service.hours is None or service.hours.always:
        return ""
    state = open_state(service.hours, now)
    if state.is_open:
        line = translate(language, OPEN_UNTIL_SHORT, {"closes": state.closes})
    elif state.holiday:
        line = translate(language, HOLIDAY_SHORT, {})
    elif state.opens_on == now.astimezone(DUTCH_TIME).date():
        line = translate(language, CLOSED_OPENS_TODAY_SHORT, {"opens": state.opens})
    elif state.opens_on is not None:
        day = get_day_names("wide", locale=language)[state.opens_on.weekday()]
        line = translate(language, CLOSED_OPENS_ON_SHORT, {"day": day, "opens": state.opens})
    else:
        return ""
    if service.hours_note:
        line += " " + translate(language, HOURS_NOT_SURE, {})
    return line
