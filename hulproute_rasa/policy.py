"""A policy that predicts no action: it only keeps the `language` slot right.

Setting the slot here, inside the Rasa process, means the conversation language never depends
on the action server being up. Its prediction is all zeros, so it never chooses an action; Rasa
applies a policy's `events` whether or not it wins.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from hulproute_rasa.conversation_language import LANGUAGE_SLOT, language_to_set


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class LanguagePolicy(Policy):
    """Fills the language slot from channel metadata or the first confidently detected message."""

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
            language = language_to_set(tracker)
            if language:
                events.append(SlotSet(LANGUAGE_SLOT, language))
        return self._prediction(self._default_predictions(domain), events=events)
