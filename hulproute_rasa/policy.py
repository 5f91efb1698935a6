"""Two policies over plain-Python decisions.

`LanguagePolicy` predicts no action: it only keeps the `language` slot right. Setting the slot
here, inside the Rasa process, means the conversation language never depends on the action
server being up. Its prediction is all zeros, so it never chooses an action; Rasa applies a
policy's `events` whether or not it wins.

`NextStepPolicy` decides what one rule cannot see: a place that comes with a help request, the
answer to the bot's last question.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.core import core
from bot.find_help.answer import reads_as_place
from bot.find_help.next_step import ASKED_FOR_PLACE, PlaceFacts, route_step
from bot.residence.explainer import OPEN_QUESTION_SLOT
from bot.residence.next_step import residence_step
from hulproute_rasa import runtime
from hulproute_rasa.conversation_language import language_events

MUNICIPALITY_SLOT = "municipality_code"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class LanguagePolicy(Policy):
    """Keeps the `language` slot right: the user's choice, else the language they write in."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Lowest priority: it must never win a tie against a real policy."""
        return {"priority": 0}

    def train(
        self,
        training_trackers: list[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        """Nothing to learn."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """No action; a SlotSet event right after a user message when the language is decided."""
        events = []
        if tracker.latest_action_name == ACTION_LISTEN_NAME and tracker.latest_message:
            events = [SlotSet(slot, value) for slot, value in language_events(tracker).items()]
        return self._prediction(self._default_predictions(domain), events=events)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class NextStepPolicy(Policy):
    """Where the conversation must go next, beyond what one rule sees: the local route when a
    place comes with (or came before) a help request, a reply to "which town?" read as a town,
    and a typed situation read as the answer to the explainer's open question. The decisions
    are plain Python (bot/find_help/next_step.py, bot/residence/next_step.py); this reads their
    facts from the tracker. It outranks the RulePolicy (priority 5 > 4) when it has an answer,
    and predicts nothing otherwise."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Above the RulePolicy (4): its steps follow or replace a rule's answer."""
        return {"priority": 5}

    def train(
        self,
        training_trackers: list[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        """Nothing to learn."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """1.0 for the next step's action, or no prediction at all."""
        predictions = self._default_predictions(domain)
        action = next_step(tracker)
        if action is not None and action in domain.action_names_or_texts:
            predictions[domain.index_for_action(action)] = 1.0
        return self._prediction(predictions)


def next_step(tracker: DialogueStateTracker) -> str | None:
    """The action the conversation needs next, from the tracker's facts, or None."""
    message = tracker.latest_message
    if message is None or not message.text and not message.intent:
        return None
    actions = _actions_since_user_message(tracker)
    intent = (message.intent or {}).get("name")
    entities = message.entities or []
    residence = residence_step(
        intent=intent,
        question_open=tracker.get_slot(OPEN_QUESTION_SLOT) is not None,
        answers_given=any(str(e.get("entity", "")).startswith("residence_") for e in entities),
        actions=actions,
    )
    if residence is not None:
        return residence
    asked = _last_bot_response(tracker) in ASKED_FOR_PLACE
    text = message.text or ""
    facts = PlaceFacts(
        intent=intent,
        place_in_message=any(e.get("entity") == "place" for e in entities),
        reads_as_place=asked
        and not actions
        and not text.startswith("/")
        and reads_as_place(runtime.place_index(), text, core().ordinary_words),
        municipality_known=tracker.get_slot(MUNICIPALITY_SLOT) is not None,
        asked_for_place=asked,
        actions=actions,
    )
    return route_step(facts)


def _actions_since_user_message(tracker: DialogueStateTracker) -> tuple[str, ...]:
    actions: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name not in (
            None,
            ACTION_LISTEN_NAME,
        ):
            actions.append(event.action_name)
    return tuple(reversed(actions))


def _last_bot_response(tracker: DialogueStateTracker) -> str | None:
    """The response the bot gave last before the user's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                return None
            seen_user = True
        elif seen_user and isinstance(event, BotUttered):
            return str((event.metadata or {}).get("utter_action") or "") or None
    return None
