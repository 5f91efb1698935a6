"""A place wins, wherever it comes: when the conversation should go on to the local route.

Rules over what the NLU found and what the conversation knows (not extra intents):
- a help request that names a town gets that town's route: instead of the general answer for
  "I need help" or a message the bot did not understand, after the request's own answer for a
  disclosure, shelter, a doctor, a lawyer, LGBT questions or a minor, and after 112 for danger;
- a town named earlier is used when help is asked later (the `municipality_code` slot, set as
  soon as a message names one town: "I live in Zwolle, is this chat anonymous?"); after a topic's
  answer the route follows once, and is not repeated once it was given; a help request ("who
  can help me with this?") gets it again: its answer *is* the route;
- after "which town?", a reply that reads as a place is one, whatever the NLU thought it was;
- a place request that also asks about a help topic (the topic close behind in the NLU's
  ranking) gets the topic's answer, then the route.
The Rasa policy (hulproute_rasa/policy.py) reads these facts from the tracker and asks `route_step`
which action comes next; None leaves it to the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

FIND_HELP = "action_find_help"
LISTEN = "action_listen"
# Requests whose answer *is* the route once a town is known.
ROUTE_INSTEAD = frozenset(
    {"ask_help", "nlu_fallback", "affirm", "find_help_nearby", "inform_place"}
)
# Requests with an answer of their own (`utter_<intent>`) that the route follows.
ROUTE_AFTER = frozenset(
    {
        "emergency",
        "disclose_exploitation",
        "ask_shelter",
        "ask_medical",
        "ask_legal_aid",
        "ask_lgbt",
        "inform_minor",
    }
)
# Requests that may name a town the gazetteer does not know ("woon in s-gravenhage"): the policy
# also looks for a place by sound in these.
PLACE_MAY_COME_WITH = ROUTE_INSTEAD | ROUTE_AFTER
# The bot's questions about the place; the next message answers them. The danger answer ends
# with "Say where you are": people often answer the bot ("it is in Almere").
ASKED_FOR_PLACE = frozenset(
    {"utter_ask_place", "utter_place_unknown", "utter_place_ambiguous", "utter_emergency"}
)
# After such a question, a message with a town the gazetteer found is the answer, whatever the
# classifier read ("біля Апелдорна" read as goodbye), except for these.
NEVER_A_NAMED_PLACE = frozenset(
    {"emergency", "delete_conversation", "choose_language", "ask_anonymity"}
)
# A reply that only reads as a place (no known town in it) is not one for these either.
NEVER_A_PLACE = NEVER_A_NAMED_PLACE | {"goodbye", "thank"}


@dataclass(frozen=True)
class PlaceFacts:
    """What the policy knows at this point of the turn."""

    intent: str | None
    place_in_message: bool  # the gazetteer found a town in this message
    reads_as_place: bool  # the message, read as the answer to "which town?", is a known town
    municipality_known: bool  # a town was named before this message
    route_given: bool  # the route was given since that town was named
    asked_for_place: bool  # the bot's last question was "which town?"
    actions: tuple[str, ...]  # the bot's actions since this message
    # A help topic the message also asks about, when its intent is a plain place request ("I
    # am gay and afraid, who can help in Nijmegen?": find_help_nearby first, ask_lgbt close).
    topic: str | None = None


def route_step(facts: PlaceFacts) -> str | None:
    """The action the conversation needs next for its place, or None."""
    if facts.actions and facts.actions[-1] == FIND_HELP:
        return LISTEN  # the route is the last thing said this turn
    if FIND_HELP in facts.actions:
        return None
    intent = facts.intent or ""
    if facts.topic in ROUTE_AFTER and facts.place_in_message and intent in ROUTE_INSTEAD:
        intent = facts.topic  # the topic's answer first, then the route
        if not facts.actions:
            return f"utter_{intent}"
    known_and_new = facts.municipality_known and not facts.route_given
    if not facts.actions:
        if facts.asked_for_place and (
            (facts.place_in_message and intent not in NEVER_A_NAMED_PLACE)
            or (facts.reads_as_place and intent not in NEVER_A_PLACE)
        ):
            return FIND_HELP
        if intent in ROUTE_INSTEAD and (
            facts.place_in_message or (intent == "ask_help" and facts.municipality_known)
        ):
            return FIND_HELP
        return None
    after_own_answer = intent in ROUTE_AFTER and facts.actions[-1] == f"utter_{intent}"
    return FIND_HELP if after_own_answer and (facts.place_in_message or known_and_new) else None
