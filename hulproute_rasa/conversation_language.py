"""Which language a conversation is in, read from a Rasa tracker (shared by policy and NLG)."""

from __future__ import annotations

import re
from typing import Any

from bot.language.codes import is_supported
from bot.language.conversation import MessageLanguage, language_after

LANGUAGE_SLOT = "language"
LANGUAGE_CHOSEN_SLOT = "language_chosen"
_WORDS = re.compile(r"\w+")
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
    """The user asked for a language by name or with a menu button (choose_language + entity)."""
    message = tracker.latest_message
    intent = (getattr(message, "intent", None) or {}).get("name")
    entities = getattr(message, "entities", None) or []
    return intent == "choose_language" and any(e.get("entity") == "language" for e in entities)


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
    return MessageLanguage(
        detection.get("language"),
        bool(detection.get("confident")),
        detection.get("script"),
        words,
        bool(detection.get("by_cue")),
    )


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
