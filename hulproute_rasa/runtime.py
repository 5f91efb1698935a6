"""Builds the core objects the adapters share, once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.find_help.directory.records import load_directory
from bot.find_help.places import PlaceIndex
from bot.i18n.responses import ResponseRenderer, button_payloads, load_response_templates
from bot.i18n.translator import Translator
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.privacy.limits import MessageGate
from bot.privacy.payloads import PLACE_ENTITY, KnownPayloads, domain_intents
from bot.settings import Settings


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Settings read from the environment at first use."""
    return Settings.from_env()


@lru_cache(maxsize=1)
def renderer() -> ResponseRenderer:
    """The response renderer with all catalogs and the directory's national contacts."""
    s = settings()
    return ResponseRenderer(
        load_response_templates(s.domain_dir, s.messages_dir),
        Translator(s.locale_dir, SUPPORTED_LANGUAGES),
        load_directory(s.facts_dir / "directory.yml"),
    )


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The place-name index over facts/places/."""
    return PlaceIndex.from_dir(Path(settings().facts_dir) / "places")


@lru_cache(maxsize=1)
def known_payloads() -> KnownPayloads:
    """The bot's own button payloads: the only "/" messages passed on as payloads."""
    s = settings()
    templates = load_response_templates(s.domain_dir, s.messages_dir)
    return KnownPayloads.from_buttons(
        domain_intents(s.domain_dir),
        button_payloads(templates),
        # The "which Bergen?" buttons send a place name: any name the index knows exactly.
        {PLACE_ENTITY: lambda name: bool(place_index().lookup(name))},
    )


@lru_cache(maxsize=1)
def message_gate() -> MessageGate:
    """The one gate of this process: every channel's messages pass it, so the limits per
    conversation and the global limit count all channels together."""
    return MessageGate(settings().limits, prepare=known_payloads().accept)


def forget_conversation(sender_id: str) -> None:
    """A conversation was deleted or expired: drop what the channels still know of it."""
    if message_gate.cache_info().currsize:  # never build the gate just to forget
        message_gate().forget(conversation=sender_id)


# The NLU models the Rasa graph loaded in this process (hulproute_rasa/components.py), for the
# channels' quick read of a message that a limit refused: the intent model and the language
# detector take about 1 ms together, the whole NLU pipeline about 11 ms, too much under a flood.
INTENT_MODEL, LANGUAGE_MODEL = "intent", "language"
_LOADED_MODELS: dict[str, Any] = {}


def remember_model(kind: str, model: Any) -> None:
    """Called by an NLU component when Rasa loads it."""
    _LOADED_MODELS[kind] = model


def loaded_model(kind: str) -> Any | None:
    """The model of that kind Rasa loaded in this process, if any."""
    return _LOADED_MODELS.get(kind)
