"""`action_find_help`: help near the place the user names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.find_help import answer_help_nearby
from bot.language_detection import load_nlu_examples
from bot.languages import SUPPORTED_LANGUAGES
from bot.places import PlaceIndex, ordinary_words_from_examples
from bot.settings import Settings


@lru_cache(maxsize=1)
def _place_index() -> PlaceIndex:
    return PlaceIndex.from_dir(Path(Settings.from_env().facts_dir) / "places")


@lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    nlu_dir = Settings.from_env().nlu_dir
    return ordinary_words_from_examples(
        [text for code in SUPPORTED_LANGUAGES for text in load_nlu_examples(nlu_dir / code)]
    )


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
        dispatcher.utter_message(response=answer.response, municipality=answer.municipality.name)
        return [SlotSet("municipality_code", answer.municipality.code)]
