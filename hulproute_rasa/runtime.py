"""The core objects the Rasa adapters share, once per process (built by bot/core.py), and the
channels' message gate."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot.core import core
from bot.find_help.places import PlaceIndex
from bot.i18n.responses import ResponseRenderer
from bot.privacy.limits import MessageGate
from bot.privacy.payloads import KnownPayloads
from bot.settings import Settings


def settings() -> Settings:
    """This process's settings (read from the environment at first use)."""
    return core().settings


def renderer() -> ResponseRenderer:
    """The response renderer with all catalogs and the directory's national contacts."""
    return core().renderer


def place_index() -> PlaceIndex:
    """The place-name index over facts/places/."""
    return core().place_index


def known_payloads() -> KnownPayloads:
    """The bot's own button payloads: the only "/" messages passed on as payloads."""
    return core().known_payloads


@lru_cache(maxsize=1)
def message_gate() -> MessageGate:
    """The one gate of this process: every channel's messages pass it, so the limits per
    conversation and the global limit count all channels together."""
    s = settings()
    shared = None
    if s.shared_limits:  # several replicas (scale-out): count each conversation in Redis
        from bot.privacy.shared_limits import shared_conversation_limiter

        shared = shared_conversation_limiter(
            s.redis_host, s.redis_port, s.redis_db, s.limits.per_minute, s.limits.burst
        )
    return MessageGate(s.limits, prepare=known_payloads().accept, conversations=shared)


def forget_conversation(sender_id: str) -> None:
    """A conversation was deleted or expired: drop what the channels still know of it."""
    if message_gate.cache_info().currsize:  # never build the gate just to forget
        message_gate().forget(conversation=sender_id)


# The NLU models the Rasa graph loaded in this process (hulproute_rasa/components.py), for the
# channels' quick read of a message that a limit refused: the intent model and the language
# detector take about 1 ms together, the whole NLU pipeline about 11 ms, too much under a flood.
INTENT_MODEL, LANGUAGE_MODEL, DANGER_MODEL = "intent", "language", "danger"
_LOADED_MODELS: dict[str, Any] = {}


def remember_model(kind: str, model: Any) -> None:
    """Called by an NLU component when Rasa loads it."""
    _LOADED_MODELS[kind] = model


def loaded_model(kind: str) -> Any | None:
    """The model of that kind Rasa loaded in this process, if any."""
    return _LOADED_MODELS.get(kind)
