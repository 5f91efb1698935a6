"""action_find_help with real rasa_sdk objects and a real directory database (SQLite file)."""

import asyncio
import json

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions import find_help
from actions.find_help import ActionFindHelp
from bot.core import Core
from bot.find_help.directory.lookup import DirectoryLookup
from bot.settings import PROJECT_ROOT
from tests.directory_data import organisation_name


def _core_with(monkeypatch, lookup=None):
    """The action's core, with this directory database (or the one the settings name)."""
    core = Core()
    if lookup is not None:
        core.__dict__["lookup"] = lookup  # what the cached property would have built
    monkeypatch.setattr(find_help, "core", lambda: core)
    return core


@pytest.fixture(autouse=True)
def directory_database(tmp_path, monkeypatch):
    """A directory built from the shipped data files into a fresh database for each test."""
    lookup = DirectoryLookup.open(PROJECT_ROOT / "facts", f"sqlite:///{tmp_path}/directory.sqlite")
    _core_with(monkeypatch, lookup)
    return lookup


def _tracker(entities, slots=None, intent="find_help_nearby", text=""):
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={"intent": {"name": intent}, "entities": entities, "text": text},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def _run(tracker):
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionFindHelp().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_a_known_town_fills_the_municipality_and_answers_with_its_route():
    messages, events = _run(_tracker([{"entity": "place", "value": "Ter Apel"}]))
    assert events == [SlotSet("municipality_code", "GM1950")]
    assert messages[0]["response"] == "utter_help_route"
    assert messages[0]["municipality"] == "Westerwolde"
    route = json.loads(messages[0]["route"])
    assert route["municipality"]["code"] == "GM1950"
    # Groningen province has a (low-confidence) regional coordinator; CoMensha always follows.
    now = [c["key"] for c in route["contact_now"]]
    assert now == ["coordinator_groningen", "comensha"]
    assert route["contact_now"][0]["check_first"] is True


def test_a_town_written_in_arabic_script_is_found_in_the_message():
    messages, events = _run(_tracker([], text="وين في مساعدة في آيندهوفن"))
    assert events == [SlotSet("municipality_code", "GM0772")]
    route = json.loads(messages[0]["route"])
    assert route["contact_now"][0]["organisation"] == organisation_name("lumens")


def test_an_ambiguous_name_offers_one_button_per_municipality():
    messages, events = _run(_tracker([{"entity": "place", "value": "Bergen"}]))
    assert events == []
    assert messages[0]["response"] == "utter_place_ambiguous"
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/inform_place{"place": "Bergen (NH.)"}' in payloads
    assert '/inform_place{"place": "Bergen (L.)"}' in payloads


def test_choosing_a_button_resolves_the_municipality():
    messages, events = _run(_tracker([{"entity": "place", "value": "Bergen (L.)"}]))
    assert events == [SlotSet("municipality_code", "GM0893")]


def test_no_place_asks_for_the_town_only():
    messages, events = _run(_tracker([]))
    assert messages[0]["response"] == "utter_ask_place" and events == []


def test_the_known_municipality_is_used_when_asked_again():
    messages, _ = _run(_tracker([], slots={"municipality_code": "GM0772"}))
    assert messages[0]["municipality"] == "Eindhoven"


def test_a_database_that_is_down_gives_the_national_route_not_a_crash(monkeypatch):
    unreachable = DirectoryLookup.__new__(DirectoryLookup)
    from sqlalchemy import create_engine

    # A real engine to a PostgreSQL port where nothing listens: the failure a user would meet.
    unreachable._engine = create_engine("postgresql://nobody@127.0.0.1:1/none", future=True)
    _core_with(monkeypatch, unreachable)
    messages, events = _run(_tracker([{"entity": "place", "value": "Eindhoven"}]))
    assert messages[0]["response"] == "utter_directory_unavailable"
    assert events == [SlotSet("municipality_code", "GM0772")]


def test_a_corrupt_database_file_gives_the_national_route_not_a_crash(tmp_path, monkeypatch):
    corrupt = tmp_path / "directory.sqlite"
    corrupt.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{corrupt}")
    _core_with(monkeypatch)  # opens the database the settings name, on first use
    messages, events = _run(_tracker([{"entity": "place", "value": "Eindhoven"}]))
    assert messages[0]["response"] == "utter_directory_unavailable"
    assert events == [SlotSet("municipality_code", "GM0772")]


def test_the_help_near_me_button_asks_for_the_town():
    messages, events = _run(_tracker([], text="/find_help_nearby"))
    assert messages[0]["response"] == "utter_ask_place" and events == []
