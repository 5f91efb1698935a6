"""Which language a conversation is in, read from a Rasa tracker (shared by policy and NLG)."""

from __future__ import annotations

from typing import Any

from bot.language.codes import is_supported

LANGUAGE_SLOT = "language"
LANGUAGE_DETECTION = "language_detection"


def language_from_metadata(tracker: Any) -> str | None:
    """The language a channel sent with the latest message (`{"language": "ar"}`), if valid."""
    message = tracker.latest_message
    metadata = getattr(message, "metadata", None) or {}
    value = metadata.get("language") if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and is_supported(value) else None


def detected_language(tracker: Any) -> tuple[str | None, bool]:
    """(language, confident) as the NLU pipeline detected it for the latest message."""
    message = tracker.latest_message
    parse_data = getattr(message, "parse_data", None) or {}
    detection = parse_data.get(LANGUAGE_DETECTION) or {}
    language = detection.get("language")
    if not is_supported(language):
        return None, False
    return language, bool(detection.get("confident"))


def language_to_set(tracker: Any) -> str | None:
    """The value the `language` slot should take after the latest message, or None to keep it.

    Channel metadata always wins (the user picked a language in the page). Otherwise the slot
    is only filled from detection while it is still empty: the first message the detector is
    sure about decides; later messages (a place name, "ok") never switch the language.
    """
    current = tracker.get_slot(LANGUAGE_SLOT)
    wanted = language_from_metadata(tracker)
    if wanted is None and not is_supported(current):
        language, confident = detected_language(tracker)
        wanted = language if confident else None
    return wanted if wanted and wanted != current else None


def conversation_language(tracker: Any, fallback: str) -> tuple[str, bool]:
    """(language to answer in, whether it is known) for rendering a response."""
    slot = tracker.get_slot(LANGUAGE_SLOT)
    if is_supported(slot):
        return slot, True
    from_metadata = language_from_metadata(tracker)
    if from_metadata:
        return from_metadata, True
    language, confident = detected_language(tracker)
    if language and confident:
        return language, True
    return fallback, False
