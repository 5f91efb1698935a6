"""Two policies over plain-Python decisions.

`LanguagePolicy` predicts no action: it only keeps the `language` slot right. Setting the slot
here, inside the Rasa process, means the conversation language never depends on the action
server being up. Its prediction is all zeros, so it never chooses an action; Rasa applies a
policy's `events` whether or not it wins.

`NextStepPolicy` decides what one rule cannot see: a place that comes with a help request, the
answer to the bot's last question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
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
from bot.emergency.next_step import LISTEN, danger_step, rule_answers
from bot.find_help.answer import reads_as_place
from bot.find_help.next_step import (
    ASKED_FOR_PLACE,
    PLACE_MAY_COME_WITH,
    ROUTE_AFTER,
    PlaceFacts,
    route_step,
)
from bot.find_help.places import LOCATIVES, place_key
from bot.residence.explainer import OPEN_QUESTION_SLOT, question_response
from bot.residence.next_step import residence_step
from bot.residence.rules import QUESTIONS
from bot.settings import PROJECT_ROOT
from hulproute_rasa import runtime
from hulproute_rasa.conversation_language import (
    LANGUAGE_DETECTION,
    interpreter_question,
    language_events,
)

MUNICIPALITY_SLOT = "municipality_code"
INFORM_PLACE = "inform_place"
CHOOSE_LANGUAGE, ASK_INTERPRETER = "choose_language", "ask_interpreter"
INTERPRETER_ANSWER = "utter_interpreter"
# A message that is only a town name is `inform_place`, except for these (a button's payload is
# no town, and danger and deletion are never second-guessed).
ONLY_A_PLACE_KEEPS = frozenset({"emergency", "delete_conversation", "choose_language"})
_BARE_PLACE_WORDS = 3
# A help topic this close behind a place request is asked about too (chosen on the dev set).
TOPIC_MIN_CONFIDENCE = 0.2
_WORDS = re.compile(r"\w+")
EXPLAINER_QUESTIONS = frozenset(question_response(q) for q in QUESTIONS)


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
        """1.0 for the next step's action, or no prediction at all; and, right after a message
        that names one town, the `municipality_code` slot (whichever policy wins)."""
        predictions = self._default_predictions(domain)
        facts = read_facts(tracker)
        action = None if facts is None else next_step(facts)
        if action is not None and action in domain.action_names_or_texts:
            predictions[domain.index_for_action(action)] = 1.0
        events = []
        if (
            facts is not None
            and not facts.place.actions
            and facts.named is not None
            and facts.named != tracker.get_slot(MUNICIPALITY_SLOT)
        ):
            events.append(SlotSet(MUNICIPALITY_SLOT, facts.named))
        return self._prediction(predictions, events=events)


@dataclass(frozen=True)
class TurnFacts:
    """What the next-step decisions need to know about this point of the turn."""

    place: PlaceFacts
    question_open: bool
    just_asked: bool  # the bot's last words were one of the explainer's questions
    answers_given: bool
    danger: bool  # danger words in the message (bot/emergency/danger.py)
    classified: str | None  # the intent the NLU gave (`place.intent` may be re-read)
    named: str | None  # the one municipality this message names, if any


def read_facts(tracker: DialogueStateTracker) -> TurnFacts | None:
    """The facts of the latest message and the turn so far, from the tracker."""
    message = tracker.latest_message
    if message is None or not message.text and not message.intent:
        return None
    actions = _actions_since_user_message(tracker)
    intent = (message.intent or {}).get("name")
    entities = message.entities or []
    text = message.text or ""
    typed = not text.startswith("/")
    if intent == "choose_language" and not any(e.get("entity") == "language" for e in entities):
        intent = None  # a language request must name a language: "Brussels" is not one
    if intent in (CHOOSE_LANGUAGE, ASK_INTERPRETER) and interpreter_question(tracker):
        intent = ASK_INTERPRETER  # "do they speak Ukrainian there?" in a Ukrainian chat
    index = runtime.place_index()
    places = [str(e.get("value", "")) for e in entities if e.get("entity") == "place"]
    codes = [index.resolve(p) for p in places]
    bare = typed and len(_WORDS.findall(text)) <= _BARE_PLACE_WORDS
    if typed and not codes and (intent in PLACE_MAY_COME_WITH or bare):
        guess = index.guess_place(text, core().ordinary_words)  # a town the gazetteer missed
        codes = [guess.codes] if guess else []
        places = [guess.text] if guess else []
    if codes and intent not in ONLY_A_PLACE_KEEPS and _all_words_in(text, places):
        intent = INFORM_PLACE  # "آلكمار" is a town, whatever the classifier made of it
    asked = _last_bot_response(tracker) in ASKED_FOR_PLACE
    place = PlaceFacts(
        intent=intent,
        place_in_message=bool(codes),
        reads_as_place=asked
        and not actions
        and typed
        and reads_as_place(index, text, core().ordinary_words),
        municipality_known=tracker.get_slot(MUNICIPALITY_SLOT) is not None,
        route_given=_route_given(tracker),
        asked_for_place=asked,
        actions=actions,
        topic=_close_topic(message) if codes else None,
    )
    single = {c[0] for c in codes if len(c) == 1}
    return TurnFacts(
        place=place,
        question_open=tracker.get_slot(OPEN_QUESTION_SLOT) is not None,
        just_asked=_last_bot_response(tracker) in EXPLAINER_QUESTIONS,
        answers_given=any(str(e.get("entity", "")).startswith("residence_") for e in entities),
        danger=typed and _has_danger(message),
        classified=(message.intent or {}).get("name"),
        named=next(iter(single)) if len(single) == 1 else None,
    )


def next_step(facts: TurnFacts) -> str | None:
    """The action the conversation needs next, or None (the rules decide)."""
    residence = residence_step(
        intent=facts.place.intent,
        question_open=facts.question_open,
        answers_given=facts.answers_given,
        actions=facts.place.actions,
        just_asked=facts.just_asked,
    )
    if residence is not None:
        return residence
    if facts.place.intent == ASK_INTERPRETER and facts.classified != ASK_INTERPRETER:
        # Re-read as an interpreter question: its answer instead of the rules' one.
        return INTERPRETER_ANSWER if not facts.place.actions else LISTEN
    route = route_step(facts.place)
    danger = danger_step(facts.place.intent, facts.danger, facts.place.actions, _rule_answers())
    if danger == LISTEN:
        return route or LISTEN  # the topic's answer was given after 112: the route may follow
    return danger or route


@lru_cache(maxsize=1)
def _rule_answers() -> dict[str, tuple[str, ...]]:
    """What each intent's rule answers (data/rules/), for a request that came with danger."""
    return rule_answers(PROJECT_ROOT / "data" / "rules")


def _close_topic(message: Any) -> str | None:
    """A help topic (ROUTE_AFTER) ranked close behind the top intent, if any."""
    ranking = (message.parse_data or {}).get("intent_ranking") or []
    for entry in ranking[1:3]:
        name, confidence = entry.get("name"), float(entry.get("confidence") or 0.0)
        if name in ROUTE_AFTER and name != "emergency" and confidence >= TOPIC_MIN_CONFIDENCE:
            return str(name)
    return None


def _all_words_in(text: str, places: list[str]) -> bool:
    """Every word of the message belongs to one of the place names found in it, or is a word
    for "in" or "near" ("біля Апелдорна", "in Zwolle")."""
    if not places:
        return False
    place_words = [w for p in places for w in _WORDS.findall(p)]
    others = [w for w in _WORDS.findall(text) if place_key(w) not in LOCATIVES]
    return len(others) == len(place_words)


def _has_danger(message: Any) -> bool:
    lexicon = runtime.loaded_model(runtime.DANGER_MODEL)
    if lexicon is None or not message.text:
        return False
    language = ((message.parse_data or {}).get(LANGUAGE_DETECTION) or {}).get("language")
    return lexicon.find(message.text, language) is not None


def _route_given(tracker: DialogueStateTracker) -> bool:
    """The help route was given since the municipality last changed. Read forwards: the route
    action sets the slot again to the same town after its words (Rasa puts an action's events
    after its messages), and that is no change."""
    given = False
    town = None
    for event in tracker.events:
        if isinstance(event, SlotSet) and event.key == MUNICIPALITY_SLOT:
            if event.value != town:
                given = False
            town = event.value
        elif isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action") == (
            "utter_help_route"
        ):
            given = True
    return given


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
