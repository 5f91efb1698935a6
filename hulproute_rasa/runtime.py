"""Builds the core objects the adapters share, once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.directory.records import load_directory
from bot.i18n import Translator
from bot.languages import SUPPORTED_LANGUAGES
from bot.places import PlaceIndex
from bot.responses import ResponseRenderer, load_response_templates
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
