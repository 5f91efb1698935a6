"""action_find_help with real rasa_sdk objects (the action server's own Tracker and dispatcher)."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.find_help import ActionFindHelp


def _tracker(entities, slots=None, intent="find_help_nearby"):
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={"intent": {"name": intent}, "entities": entities, "text": ""},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def _run(tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionFindHelp().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_a_known_town_fills_the_municipality_and_answers_for_it():
    messages, events = _run(_tracker([{"entity": "place", "value": "Ter Apel"}]))
    assert events == [SlotSet("municipality_code", "GM1950")]
    assert messages[0]["response"] == "utter_help_nearby_national"
    assert messages[0]["municipality"] == "Westerwolde"


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
