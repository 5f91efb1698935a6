"""`action_find_help`: help near the place the user names."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.find_help.answer import DIRECTORY_UNAVAILABLE, answer_help_nearby
from bot.find_help.directory.lookup import DirectoryLookup
from bot.find_help.places import PlaceIndex, ordinary_words_from_examples
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import load_nlu_examples
from bot.settings import Settings

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _place_index() -> PlaceIndex:
    return PlaceIndex.from_dir(Settings.from_env().facts_dir / "places")


@lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    nlu_dir = Settings.from_env().nlu_dir
    return ordinary_words_from_examples(
        [text for code in SUPPORTED_LANGUAGES for text in load_nlu_examples(nlu_dir / code)]
    )


@lru_cache(maxsize=1)
def directory() -> DirectoryLookup:
    """The directory database (DATABASE_URL, default var/directory.sqlite)."""
    return DirectoryLookup.open(Settings.from_env().facts_dir)


class ActionFindHelp(Action):  # type: ignore[misc]  # rasa_sdk ships no type hints
    """Resolve the named place to a municipality and answer with the help route."""

    def name(self) -> str:
        """The action name used in rules and the domain."""
        return "action_find_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Answer with contacts for the place, or ask for (or about) the place."""
        names = [str(v) for v in tracker.get_latest_entity_values("place")]
        answer = answer_help_nearby(
            _place_index(),
            names,
            tracker.get_slot("municipality_code"),
            message_text=str(tracker.latest_message.get("text") or ""),
            ordinary_words=_ordinary_words(),
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
            route = directory().route_json(municipality.code)
        except SQLAlchemyError:
            # Never the user's text in a log line: only that the lookup failed.
            logger.exception("Directory lookup failed")
            route = None
        if route is None:
            dispatcher.utter_message(response=DIRECTORY_UNAVAILABLE)
        else:
            dispatcher.utter_message(
                response=answer.response, municipality=municipality.name, route=route
            )
        return [SlotSet("municipality_code", municipality.code)]
