"""`action_find_help`: help near the place the user names."""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.core import core
from bot.find_help.answer import (
    DIRECTORY_UNAVAILABLE,
    HELP_ROUTE_MORE,
    answer_help_nearby,
    call_phone,
)

logger = logging.getLogger(__name__)


class ActionFindHelp(Action):  # type: ignore[misc]  # rasa_sdk ships no type hints
    """Resolve the named place to a municipality and answer with the help route."""

    def name(self) -> str:
        """The action name used in rules and the domain."""
        return "action_find_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Answer with contacts for the place, or ask for (or about) the place."""
        return help_near_the_named_place(dispatcher, tracker)


def help_near_the_named_place(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """The route for the place in this message (or the conversation's town), or a question
    about which place: shared by both actions, so no action calls another's `run()`."""
    names = [str(v) for v in tracker.get_latest_entity_values("place")]
    text = str(tracker.latest_message.get("text") or "")
    answer = answer_help_nearby(
        core().place_index,
        names,
        tracker.get_slot("municipality_code"),
        # A button's payload ("/find_help_nearby") names no place: only typed text is read.
        message_text="" if text.startswith("/") else text,
        ordinary_words=core().ordinary_words,
        understood=(tracker.latest_message.get("intent") or {}).get("name") != "nlu_fallback",
    )
    if answer.choices:
        buttons = [
            {
                "title": f"{m.name} ({m.province})",
                "payload": f'/inform_place{{"place": "{m.name}"}}',
            }
            for m in answer.choices
        ]
        dispatcher.utter_message(response=answer.response, buttons=buttons)
        return []
    if answer.municipality is None:
        dispatcher.utter_message(response=answer.response)
        return []
    municipality = answer.municipality
    try:
        route = core().lookup.route_json(municipality.code)
    except SQLAlchemyError:
        # Never the user's text in a log line: only that the lookup failed.
        logger.exception("Directory lookup failed")
        route = None
    if route is None:
        dispatcher.utter_message(response=DIRECTORY_UNAVAILABLE)
    else:
        dispatcher.utter_message(
            response=answer.response,
            municipality=municipality.name,
            route=route,
            call_phone=call_phone(route),
        )
    return [SlotSet("municipality_code", municipality.code)]


class ActionFindHelpMore(Action):  # type: ignore[misc]
    """ "More help near me": the rest of the route for the town named before, or ask which."""

    def name(self) -> str:
        """The action name used in rules and the domain."""
        return "action_find_help_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """The other contacts, what else exists and the emergency line; without a town, ask."""
        code = tracker.get_slot("municipality_code")
        if not code:
            return help_near_the_named_place(dispatcher, tracker)
        try:
            route = core().lookup.route_json(code)
        except SQLAlchemyError:
            logger.exception("Directory lookup failed")
            route = None
        if route is None:
            dispatcher.utter_message(response=DIRECTORY_UNAVAILABLE)
            return []
        name = json.loads(route)["municipality"]["name"]
        dispatcher.utter_message(response=HELP_ROUTE_MORE, municipality=name, route_more=route)
        return []
