"""Open now? With a fixed clock: weekday daytime, before opening, evening, weekend, public
holidays, summer time; and the sentence the bot says, in the user's language."""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.core import Core
from bot.find_help.open_now import is_public_holiday, open_state
from bot.i18n.opening_hours import OpeningHours

AMS = ZoneInfo("Europe/Amsterdam")
OFFICE = OpeningHours.parse("mon-fri 09:00-17:00")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


def test_weekday_daytime_is_open_until_closing():
    state = open_state(OFFICE, at(2026, 12, 8, 10, 30))  # a Tuesday
    assert state.is_open and state.closes == "17:00"


def test_before_opening_it_opens_today():
    state = open_state(OFFICE, at(2026, 12, 8, 7, 0))
    assert not state.is_open and state.opens == "09:00" and state.opens_on == date(2026, 12, 8)


def test_evening_opens_the_next_morning():
    state = open_state(OFFICE, at(2026, 12, 8, 17, 0))  # closing time is closed
    assert not state.is_open and state.opens_on == date(2026, 12, 9)


def test_weekend_opens_on_monday():
    state = open_state(OFFICE, at(2026, 12, 12, 12, 0))  # Saturday
    assert not state.is_open and state.opens_on == date(2026, 12, 14)


def test_a_public_holiday_may_be_closed_and_is_skipped_for_the_next_opening():
    assert is_public_holiday(date(2026, 12, 25)) and is_public_holiday(date(2026, 4, 27))
    assert not is_public_holiday(date(2026, 12, 24))
    christmas = open_state(OFFICE, at(2026, 12, 25, 11, 0))  # a Friday
    assert not christmas.is_open and christmas.holiday
    # Thursday evening before Christmas: Friday is a holiday, so Monday the 28th.
    assert open_state(OFFICE, at(2026, 12, 24, 20, 0)).opens_on == date(2026, 12, 28)


def test_the_time_is_read_in_dutch_time_also_in_summer():
    utc = datetime(2026, 7, 7, 7, 30, tzinfo=timezone.utc)  # 09:30 in Amsterdam (CEST)
    assert open_state(OFFICE, utc).is_open
    winter = datetime(2026, 12, 8, 7, 30, tzinfo=timezone.utc)  # 08:30 in Amsterdam (CET)
    assert not open_state(OFFICE, winter).is_open


def test_always_open_is_open():
    assert open_state(OpeningHours.parse("24/7"), at(2026, 12, 25, 3, 0)).is_open


@pytest.mark.parametrize(
    ("moment", "expected", "absent"),
    [
        (at(2026, 12, 8, 10, 30), ["open now", "17:00", "not sure"], ["Veilig Thuis"]),
        (at(2026, 12, 8, 20, 0), ["closed now", "Wednesday", "09:00", "Veilig Thuis"], []),
        (at(2026, 12, 12, 12, 0), ["closed now", "Monday", "Veilig Thuis", "0800"], []),
        (at(2026, 12, 25, 11, 0), ["public holiday", "may be closed", "Veilig Thuis"], []),
    ],
)
def test_comensha_open_now_sentence(moment, expected, absent):
    core = Core(clock=lambda: moment)
    sentence = core.open_now("en")["comensha_open_now"]
    for part in expected:
        assert part in sentence
    for part in absent:
        assert part not in sentence


def test_the_sentence_is_in_the_users_language():
    core = Core(clock=lambda: at(2026, 12, 12, 12, 0))
    sentence = core.open_now("nl")["comensha_open_now"]
    assert "maandag" in sentence and "Monday" not in sentence
