"""action_residence_explainer with real rasa_sdk objects."""

import asyncio
import json

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.residence import ActionResidenceExplainer


def _run(intent, entities=(), slots=None):
    tracker = Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={"intent": {"name": intent}, "entities": list(entities), "text": ""},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionResidenceExplainer().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_asking_about_residence_starts_with_the_first_question():
    messages, events = _run("ask_residence")
    assert [m["response"] for m in messages] == ["utter_residence_start", "utter_ask_residence_eu"]
    assert SlotSet("residence_question", "eu") in events


def test_the_last_button_gives_the_explanation_and_clears_every_answer():
    slots = {
        "residence_question": "reported",
        "residence_eu": "no",
        "residence_asylum": "dublin",
        "residence_minor": "no",
    }
    messages, events = _run(
        "answer_question", [{"entity": "residence_reported", "value": "thinking"}], slots
    )
    (message,) = messages
    assert message["response"] == "utter_residence_explanation"
    explanation = json.loads(message["explanation"])
    rules = [step["rule"] for step in explanation["steps"]]
    assert "reflection_period_dublin" in rules and "permit_dublin_needs_prosecutor" in rules
    assert all(e["event"] == "slot" and e["value"] is None for e in events)
    assert {e["name"] for e in events} == {
        "residence_question", "residence_eu", "residence_asylum", "residence_minor",
        "residence_reported",
    }  # fmt: skip
