"""action_residence_explainer with real rasa_sdk objects."""

import asyncio
import json

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.residence import ActionResidenceExplainer
from actions.self_check import ActionAnswerQuestion


def _run(intent, entities=(), slots=None, action=ActionResidenceExplainer):
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
    events = asyncio.run(action().run(dispatcher, tracker, {}))
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


def _run_answer(intent, entities=(), slots=None):
    return _run(intent, entities, slots, action=ActionAnswerQuestion)


def test_an_answer_goes_to_the_self_check_when_it_is_open():
    slots = {"self_check_question": "money", "self_check_answers": "passport:yes"}
    messages, events = _run_answer("answer_question", slots=slots)  # "skip" typed
    assert messages[0]["response"] == "utter_ask_self_check_debt"
    assert SlotSet("self_check_answers", "passport:yes,money:skip") in events


def test_an_answer_goes_to_the_explainer_when_no_self_check_is_open():
    slots = {"residence_question": "eu"}
    messages, _ = _run_answer("answer_question", [{"entity": "residence_eu", "value": "no"}], slots)
    assert messages[0]["response"] == "utter_ask_residence_asylum"


def test_the_last_self_check_answer_gives_the_result_and_clears_everything():
    answered = ",".join(
        f"{k}:no"
        for k in ["passport", "money", "debt", "threats", "not_free", "false_promises", "housing"]
    )
    slots = {"self_check_question": "forced_sex", "self_check_answers": answered}
    messages, events = _run_answer(
        "answer_question", [{"entity": "self_check_answer", "value": "forced_sex:yes"}], slots
    )
    assert messages[0]["response"] == "utter_self_check_result"
    assert json.loads(messages[0]["self_check"])["outcome"] == "clear"
    assert all(e["value"] is None for e in events)


def test_a_typed_situation_read_as_a_residence_question_answers_and_keeps_earlier_answers():
    # "my asylum was rejected" while the asylum question is open: the NLU reads ask_residence.
    slots = {"residence_question": "asylum", "residence_eu": "no"}
    entities = [{"entity": "residence_asylum", "value": "rejected"}]
    messages, events = _run_answer("ask_residence", entities, slots)
    assert [m["response"] for m in messages] == ["utter_ask_residence_minor"]
    assert SlotSet("residence_eu", "no") in events
