"""`action_self_check` and `action_answer_question`: the self-check, and every answer to a
question the bot asked with buttons (self-check or residence explainer)."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.residence import explainer_step
from bot.core import core
from bot.self_check.dialogue import (
    ANSWER_ENTITY,
    ANSWERS_SLOT,
    OPEN_SLOT,
    RESULT_RESPONSE,
    Turn,
    self_check_turn,
)

TYPED = {"affirm": "yes", "deny": "no"}


def _self_check(dispatcher: CollectingDispatcher, tracker: Tracker, start: bool) -> list[EventType]:
    intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
    given = next((str(v) for v in tracker.get_latest_entity_values(ANSWER_ENTITY)), None)
    turn: Turn = self_check_turn(
        core().self_check_questions,
        start=start,
        open_question=tracker.get_slot(OPEN_SLOT),
        stored=tracker.get_slot(ANSWERS_SLOT),
        given=given,
        typed=TYPED.get(intent),
    )
    for response in turn.responses:
        if response == RESULT_RESPONSE and turn.result is not None:
            dispatcher.utter_message(
                response=response, self_check=json.dumps(turn.result.as_dict())
            )
        else:
            dispatcher.utter_message(response=response)
    return [SlotSet(slot, value) for slot, value in turn.slots.items()]


class ActionSelfCheck(Action):  # type: ignore[misc]  # rasa_sdk ships no type hints
    """Starts the self-check ("is it normal that my boss keeps my passport?")."""

    def name(self) -> str:
        """The action name used in rules and the domain."""
        return "action_self_check"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Forget earlier answers and ask the first question."""
        return _self_check(dispatcher, tracker, start=True)


class ActionAnswerQuestion(Action):  # type: ignore[misc]
    """An answer (button, typed skip, yes or no) to whichever questions are open."""

    def name(self) -> str:
        """The action name used in rules and the domain."""
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """The self-check if it is open (or a button of it was pressed), else the explainer."""
        pressed = any(True for _ in tracker.get_latest_entity_values(ANSWER_ENTITY))
        if pressed or tracker.get_slot(OPEN_SLOT):
            return _self_check(dispatcher, tracker, start=False)
        return explainer_step(dispatcher, tracker, answering=True)
