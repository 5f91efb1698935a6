"""One factory for the core objects, built from the settings (Flask's `create_app`, for the core).

Every process (Rasa's adapters, the action server, the page server, the CLI) gets its place
index, directory, translator, renderer, residence rules and self-check questions here, each
built once, when first used: the Rasa process never opens the directory database, the action
server never loads the catalogs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property, lru_cache

from bot.find_help.contacts import contact_params
from bot.find_help.directory.lookup import DirectoryLookup
from bot.find_help.directory.records import Directory, load_directory
from bot.find_help.open_now import open_now_sentence
from bot.find_help.places import PlaceIndex, ordinary_words_from_examples
from bot.i18n.responses import (
    ResponseRenderer,
    ResponseTemplate,
    button_payloads,
    isolate_codes,
    load_response_templates,
)
from bot.i18n.translator import Translator
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import LanguageDetector, load_nlu_examples
from bot.privacy.payloads import PLACE_ENTITY, KnownPayloads, domain_intents
from bot.residence.rules import Rule, load_rules
from bot.self_check.questions import Question, load_questions
from bot.settings import Settings


@dataclass
class Core:
    """The core objects of one process, each built on first use."""

    settings: Settings = field(default_factory=Settings.from_env)
    # The time "open now" is read at (tests set a fixed one).
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc))

    @cached_property
    def translator(self) -> Translator:
        """Every compiled catalog."""
        return Translator(self.settings.locale_dir, SUPPORTED_LANGUAGES)

    @cached_property
    def directory(self) -> Directory:
        """The help directory's data file (national contacts for every message; no database,
        so that the danger answer never depends on one)."""
        return load_directory(self.settings.facts_dir / "directory.yml")

    @cached_property
    def lookup(self) -> DirectoryLookup:
        """The directory database (built from the data files if empty)."""
        return DirectoryLookup.open(self.settings.facts_dir, self.settings.database_url)

    @cached_property
    def place_index(self) -> PlaceIndex:
        """Place names in any script."""
        return PlaceIndex.from_dir(self.settings.facts_dir / "places")

    @cached_property
    def ordinary_words(self) -> frozenset[str]:
        """Words people write in other contexts, never taken for a place (the NLU examples)."""
        nlu_dir = self.settings.nlu_dir
        return ordinary_words_from_examples(
            [text for code in SUPPORTED_LANGUAGES for text in load_nlu_examples(nlu_dir / code)]
        )

    @cached_property
    def templates(self) -> dict[str, ResponseTemplate]:
        """The response templates of the domain and of messages/."""
        return load_response_templates(self.settings.domain_dir, self.settings.messages_dir)

    @cached_property
    def renderer(self) -> ResponseRenderer:
        """Responses in every language, with the directory's national contacts."""
        contacts = {code: contact_params(self.directory, code) for code in SUPPORTED_LANGUAGES}
        return ResponseRenderer(
            self.templates, self.translator, contacts, live=lambda code: self.open_now(code)
        )

    def open_now(self, language: str) -> dict[str, str]:
        """`%(comensha_open_now)s`: whether CoMensha is open now, in `language` (Dutch time)."""
        contacts = isolate_codes(contact_params(self.directory, language), language)
        comensha = self.directory.service("comensha")
        name = self.directory.organisation(comensha.organisation).name
        sentence = open_now_sentence(
            comensha, name, language, self.clock(), self.translator.gettext, contacts
        )
        return {"comensha_open_now": sentence}

    @cached_property
    def residence_rules(self) -> dict[str, Rule]:
        """The residence rules (facts/residence_rules.yml)."""
        return load_rules(self.settings.facts_dir / "residence_rules.yml")

    @cached_property
    def self_check_questions(self) -> dict[str, Question]:
        """The self-check's questions (facts/self_check.yml)."""
        return load_questions(self.settings.facts_dir / "self_check.yml")

    @cached_property
    def language_detector(self) -> LanguageDetector:
        """A detector trained from the data files (the Rasa model stores its own)."""
        return LanguageDetector.from_nlu_dir(
            self.settings.nlu_dir,
            SUPPORTED_LANGUAGES,
            corpus_dir=self.settings.facts_dir / "langid",
        )

    @cached_property
    def known_payloads(self) -> KnownPayloads:
        """The bot's own button payloads: the only "/" messages passed on as payloads."""
        return KnownPayloads.from_buttons(
            domain_intents(self.settings.domain_dir),
            button_payloads(self.templates),
            # The "which Bergen?" buttons send a place name: any name the index knows exactly.
            {PLACE_ENTITY: lambda name: bool(self.place_index.lookup(name))},
        )


@lru_cache(maxsize=1)
def core() -> Core:
    """This process's core, from the environment's settings."""
    return Core()
