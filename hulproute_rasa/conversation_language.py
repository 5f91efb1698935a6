"""Which language a conversation is in, read from a Rasa tracker (shared by policy and NLG)."""

from __future__ import annotations

import re
from typing import Any

from bot.core import core
from bot.language.codes import is_supported
from bot.language.conversation import MessageLanguage, asks_about_others, language_after

LANGUAGE_SLOT = "language"
LANGUAGE_CHOSEN_SLOT = "language_chosen"
_WORDS = re.compile(r"\w+")
_MAX_TOWN_WORDS = 3
_CLOSE = 0.2  # an interpreter question this close behind a language request is one
LANGUAGE_DETECTION = "language_detection"


def language_from_metadata(tracker: Any) -> str | None:
    """The language a channel sent with the latest message (`{"language": "ar"}`), if valid."""
    message = tracker.latest_message
    metadata = getattr(message, "metadata", None) or {}
    value = metadata.get("language") if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and is_supported(value) else None


def language_events(tracker: Any) -> dict[str, Any]:
    """The slots to set after the latest message: `language` (and `language_chosen`).

    Channel metadata (the page's menu) and an explicit request ("speak Arabic", a menu button:
    the slot mapping has already set `language`) are choices, kept until another choice.
    Otherwise the language follows the user (bot/language/conversation.py)."""
    current = tracker.get_slot(LANGUAGE_SLOT)
    chosen = bool(tracker.get_slot(LANGUAGE_CHOSEN_SLOT))
    changes: dict[str, Any] = {}
    wanted = language_from_metadata(tracker)
    requested = _requested(tracker)
    if wanted is not None or requested:
        if wanted is not None and wanted != current:
            changes[LANGUAGE_SLOT] = wanted
        if not chosen:
            changes[LANGUAGE_CHOSEN_SLOT] = True
        return changes
    switch = language_after(current, chosen, _message_language(tracker))
    if switch is not None:
        changes[LANGUAGE_SLOT] = switch
    return changes


def _requested(tracker: Any) -> bool:
    """The user asked for a language by name or with a menu button (choose_language + entity),
    not whether others there speak it (`interpreter_question`)."""
    message = tracker.latest_message
    intent = (getattr(message, "intent", None) or {}).get("name")
    entities = getattr(message, "entities", None) or []
    named = any(e.get("entity") == "language" for e in entities)
    return intent == "choose_language" and named and not interpreter_question(tracker)


def interpreter_question(tracker: Any) -> bool:
    """A typed sentence that names only the language the chat was already in, read by the
    classifier as a language request with an interpreter question close behind: "do they speak
    Ukrainian there?" in a Ukrainian chat asks about an interpreter."""
    message = tracker.latest_message
    text = getattr(message, "text", None) or ""
    if text.startswith("/"):
        return False
    ranking = (getattr(message, "parse_data", None) or {}).get("intent_ranking") or []
    close = any(
        r.get("name") == "ask_interpreter" and float(r.get("confidence") or 0) >= _CLOSE
        for r in ranking[:3]
    )
    named = {
        str(e.get("value")) for e in getattr(message, "entities", None) or []
        if e.get("entity") == "language"
    }  # fmt: skip
    before = _language_before_message(tracker)
    return close and asks_about_others(named, before, len(_WORDS.findall(text)))


def _language_before_message(tracker: Any) -> str | None:
    """The `language` slot as it was when the latest message came (the slot mapping may have
    set it to the language the message names since)."""
    value = None
    events = list(getattr(tracker, "events", []) or [])
    last_user = max(
        (i for i, e in enumerate(events) if type(e).__name__ == "UserUttered"), default=-1
    )
    for event in events[:last_user]:
        if type(event).__name__ == "SlotSet" and getattr(event, "key", None) == LANGUAGE_SLOT:
            value = event.value
    return value if isinstance(value, str) else None


def _message_language(tracker: Any) -> MessageLanguage:
    message = tracker.latest_message
    parse_data = getattr(message, "parse_data", None) or {}
    detection = parse_data.get(LANGUAGE_DETECTION) or {}
    text = getattr(message, "text", None) or ""
    places = " ".join(
        str(e.get("value", "")) for e in getattr(message, "entities", None) or []
        if e.get("entity") == "place"
    )  # fmt: skip
    words = max(0, len(_WORDS.findall(text)) - len(_WORDS.findall(places)))
    if words and not places and _only_a_town(text):
        words = 0  # "تيلبورگ": a town the gazetteer missed, found by sound, says no language
    return MessageLanguage(
        detection.get("language"),
        bool(detection.get("confident")),
        detection.get("script"),
        words,
        bool(detection.get("by_cue")),
        frozenset(detection.get("writers") or ()),
        detection.get("uncued"),
    )


def _only_a_town(text: str) -> bool:
    """A short message that is just a town name, written in a way the gazetteer does not know."""
    if text.startswith("/") or len(_WORDS.findall(text)) > _MAX_TOWN_WORDS:
        return False
    from hulproute_rasa import runtime  # the place index: loaded once per process

    guess = runtime.place_index().guess_place(text, core().ordinary_words)
    return guess is not None and len(_WORDS.findall(guess.text)) == len(_WORDS.findall(text))


def conversation_language(tracker: Any, fallback: str) -> tuple[str, bool]:
    """(language to answer in, whether it is known) for rendering a response."""
    slot = tracker.get_slot(LANGUAGE_SLOT)
    if is_supported(slot):
        return slot, True
    from_metadata = language_from_metadata(tracker)
    if from_metadata:
        return from_metadata, True
    switch = language_after(None, False, _message_language(tracker))
    if switch is not None:
        return switch, True
    return fallback, False
