"""Deleting a conversation cannot be undone: a typed message deletes it only when the intent
classifier is fairly sure. A made-up town ("Xyzzyville") once came out as `delete_conversation`
at 17% and wiped the conversation. The quick-exit button and "Delete this chat" buttons send
the payload itself and need no classifier."""

from __future__ import annotations

DELETE_INTENT = "delete_conversation"
FALLBACK_INTENT = "nlu_fallback"


def settle_deletion(intent: str | None, confidence: float, delete_min: float) -> str | None:
    """The intent to act on: `delete_conversation` below `delete_min` becomes `nlu_fallback`
    (the user is asked again, and can still use the button); any other intent stays."""
    if intent == DELETE_INTENT and confidence < delete_min:
        return FALLBACK_INTENT
    return intent
