"""Decide what to answer when someone asks for help near a place (plain Python, no Rasa)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from bot.find_help.places import Municipality, PlaceIndex
from bot.text_normalization import fold

HELP_ROUTE = "utter_help_route"
HELP_ROUTE_MORE = "utter_help_route_more"
# "Which town?" is answered with a name: up to three words ("Bergen op Zoom").
_PLACE_ANSWER_WORDS = 3
DIRECTORY_UNAVAILABLE = "utter_directory_unavailable"
NOT_UNDERSTOOD = "utter_default"


@dataclass(frozen=True)
class HelpNearbyAnswer:
    """Which response to give, with its parameters and the municipality it is about."""

    response: str
    municipality: Municipality | None = None
    choices: tuple[Municipality, ...] = field(default=())


def answer_help_nearby(
    index: PlaceIndex,
    place_names: list[str],
    known_code: str | None,
    message_text: str = "",
    ordinary_words: frozenset[str] = frozenset(),
    understood: bool = True,
) -> HelpNearbyAnswer:
    """Resolve the place the user named (or the one already known) to an answer.

    - one municipality: the help route for it (looked up in the directory by the caller);
    - several (e.g. "Bergen"): ask which one, with a choice per municipality;
    - a name we do not know: ask for the nearest town;
    - no name and none known yet: ask for the town (never an address).
    `message_text` is searched for a town written in another script or misspelled when the
    NLU found no place name. A short message of words that are not `ordinary_words` (words of
    the NLU examples) that matches no place is taken as a place we do not know ("Xyzzyville").
    `understood=False` (the NLU fell back, right after the bot asked about a place): answer
    about a place only if the message looks like one, else the usual "did not understand".
    """
    if not place_names and message_text:
        guess = index.guess_place(message_text, ordinary_words)
        if guess:
            place_names = [guess.text]
        elif _looks_like_a_place_name(message_text, ordinary_words):
            place_names = [message_text.strip()]
    for name in place_names:
        codes = index.resolve(name)
        if len(codes) == 1:
            return HelpNearbyAnswer(HELP_ROUTE, index.municipalities[codes[0]])
        if len(codes) > 1:
            choices = tuple(index.municipalities[c] for c in codes)
            return HelpNearbyAnswer("utter_place_ambiguous", choices=choices)
    if place_names:
        return HelpNearbyAnswer("utter_place_unknown")
    if not understood:
        return HelpNearbyAnswer(NOT_UNDERSTOOD)
    if known_code and known_code in index.municipalities:
        return HelpNearbyAnswer(HELP_ROUTE, index.municipalities[known_code])
    return HelpNearbyAnswer("utter_ask_place")


def _looks_like_a_place_name(text: str, ordinary_words: frozenset[str]) -> bool:
    words = [fold(w) for w in re.findall(r"[^\W\d_][\w'-]*", text)]
    return 0 < len(words) <= _PLACE_ANSWER_WORDS and not all(w in ordinary_words for w in words)


def reads_as_place(index: PlaceIndex, text: str, ordinary_words: frozenset[str]) -> bool:
    """True when `text`, as the answer to "which town?", names a place (known or not): a town
    the index finds however it is written, or a short name of words people do not otherwise
    write (the action then says it does not know that place)."""
    if index.find_mentions(text) or index.guess_place(text, ordinary_words):
        return True
    return _looks_like_a_place_name(text, ordinary_words)


def call_phone(route_json: str) -> str:
    """The number the route's "Call" button dials: the first contact's, in international form
    ("+31334481186"); empty when it has none (the renderer then leaves the button out)."""
    from bot.find_help.directory.presentation import first_contacts
    from bot.find_help.directory.route import route_from_dict

    for contact in first_contacts(route_from_dict(json.loads(route_json)))[:1]:
        number = contact.service.phone_number
        if number:
            return number.tel_uri.removeprefix("tel:")
    return ""
