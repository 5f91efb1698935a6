"""`action_residence_explainer`: four skippable questions, then what the rules mean."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.core import core
from bot.residence.explainer import (
    EXPLANATION_RESPONSE,
    NO,
    OPEN_QUESTION_SLOT,
    YES,
    answer_slot,
    explainer_turn,
    with_intent_answer,
)
from bot.residence.rules import QUESTIONS

STARTING_INTENTS = ("ask_residence", "ask_report_police")
TYPED_YES_NO = {"affirm": YES, "deny": NO}


def explainer_step(
    dispatcher: CollectingDispatcher, tracker: Tracker, answering: bool = False
) -> list[EventType]:
    """One turn of the explainer (bot.residence.explainer.explainer_turn): the next question, or
    the explanation. Also what action_answer_question does with an answer to the explainer
    (`answering`: then "my asylum was rejected", read as a residence question, answers the open
    question instead of starting again)."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    found = {
        question: str(value)
        for question in QUESTIONS
        for value in tracker.get_latest_entity_values(answer_slot(question))
    }
    given = with_intent_answer(found, intent, tracker.get_slot(OPEN_QUESTION_SLOT))
    turn = explainer_turn(
        core().residence_rules,
        start=intent in STARTING_INTENTS and not answering,
        open_question=tracker.get_slot(OPEN_QUESTION_SLOT),
        stored={q: tracker.get_slot(answer_slot(q)) for q in QUESTIONS},
        given=given,
        typed=TYPED_YES_NO.get(intent or ""),
    )
    for response in turn.responses:
        if response == EXPLANATION_RESPONSE and turn.explanation is not None:
            body = json.dumps(turn.explanation.as_dict(), ensure_ascii=False)
            dispatcher.utter_message(response=response, explanation=body)
        else:
            dispatcher.utter_message(response=response)
    return [SlotSet(slot, value) for slot, value in turn.slots.items()]


class ActionResidenceExplainer(Action):  # type: ignore[misc]  # rasa_sdk ships no type hints
    """Asks the next question, or gives the explanation and forgets the answers."""

    def name(self) -> str:
        """The action name used in rules and the domain."""
        return "action_residence_explainer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """One turn of the explainer."""
        return explainer_step(dispatcher, tracker)
