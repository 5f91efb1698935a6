"""NLU components: message language, language names, place names, intents and the danger
safety net."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.emergency.danger import DangerLexicon, load_lexicon, settle_intent
from bot.intent_classifier import IntentClassifier, IntentModelConfig
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import LanguageDetector
from bot.language.names import find_language_mentions
from bot.privacy.deletion import settle_deletion
from bot.residence.situations import SituationLexicon
from hulproute_rasa import runtime
from hulproute_rasa.conversation_language import LANGUAGE_DETECTION

logger = logging.getLogger(__name__)

_DETECTOR_FILE = "language_detector.json"
_INTENT_MODEL_FILE = "intent_model.pkl"
_SITUATIONS_FILE = "situations.json"
_DANGER_FILE = "danger_phrases.json"


class _ComponentWithModel(GraphComponent):
    """Shared shell: config, where the trained model is stored, and the model once trained."""

    # Under which name the loaded model is also offered to the channels (runtime.loaded_model).
    MODEL_KIND: str | None = None

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Any = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _ComponentWithModel:
        """A new, untrained component."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> _ComponentWithModel:
        """The component with the model it stored when the Rasa model was trained."""
        with model_storage.read_from(resource) as directory:
            model = cls._read_model(directory)
        if cls.MODEL_KIND:
            runtime.remember_model(cls.MODEL_KIND, model)
        return cls(config, model_storage, resource, model)

    def _persist(self) -> Resource:
        """Store the trained model inside the Rasa model."""
        with self._model_storage.write_to(self._resource) as directory:
            self._write_model(directory)
        return self._resource

    @staticmethod
    def _read_model(directory: Path) -> Any:
        raise NotImplementedError

    def _write_model(self, directory: Path) -> None:
        raise NotImplementedError


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageAnnotator(_ComponentWithModel):
    """Adds `language_detection` to the parse data and `language` entities.

    The detector is trained from the NLU example files per language (data/nlu/<lang>/) when the
    model is trained, and stored inside the model, so a running server needs no data files.
    Language names are found by lookup, not learned, so every way of naming a language is
    recognised without training examples.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Defaults; `nlu_dir` is relative to the folder `rasa train` runs in."""
        return {"nlu_dir": "data/nlu", "corpus_dir": "facts/langid", "threshold": 0.9}

    _model: LanguageDetector | None
    MODEL_KIND = runtime.LANGUAGE_MODEL

    def train(self, training_data: TrainingData) -> Resource:
        """Train the language detector from the per-language example files and store it."""
        corpus = self._config.get("corpus_dir")
        self._model = LanguageDetector.from_nlu_dir(
            Path(self._config["nlu_dir"]),
            SUPPORTED_LANGUAGES,
            float(self._config["threshold"]),
            Path(corpus) if corpus else None,
        )
        return self._persist()

    @staticmethod
    def _read_model(directory: Path) -> LanguageDetector:
        data = json.loads((directory / _DETECTOR_FILE).read_text(encoding="utf-8"))
        return LanguageDetector.from_dict(data)

    def _write_model(self, directory: Path) -> None:
        assert self._model is not None
        (directory / _DETECTOR_FILE).write_text(
            json.dumps(self._model.to_dict(), ensure_ascii=False), encoding="utf-8"
        )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to training examples."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Annotate each message with its language and the language names in it."""
        for message in messages:
            text = message.get(TEXT) or ""
            # "/intent{...}" payloads come from buttons, not from the user's keyboard.
            entities = list(message.get(ENTITIES, []))
            if self._model is not None and not text.startswith("/"):
                detection = self._model.detect(_without_places(text, entities))
                message.set(LANGUAGE_DETECTION, detection.as_dict(), add_to_output=True)
            entities.extend(_language_entities(text))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class SituationAnnotator(_ComponentWithModel):
    """Adds the residence explainer's coarse answers a message gives in words ("I am from
    Romania" -> `residence_eu: yes`, "I am 16" -> `residence_minor: yes`), as the entities its
    buttons send (bot/residence/situations.py). The phrases are the `residence_*` and
    `age_words` lookup tables of the NLU data, stored inside the model."""

    _model: SituationLexicon | None

    def train(self, training_data: TrainingData) -> Resource:
        """Collect the lookup tables of every language."""
        self._model = SituationLexicon.from_lookup_tables(training_data.lookup_tables)
        return self._persist()

    @staticmethod
    def _read_model(directory: Path) -> SituationLexicon:
        return SituationLexicon(json.loads((directory / _SITUATIONS_FILE).read_text("utf-8")))

    def _write_model(self, directory: Path) -> None:
        assert self._model is not None
        (directory / _SITUATIONS_FILE).write_text(
            json.dumps(self._model.to_dict(), ensure_ascii=False), encoding="utf-8"
        )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to training examples."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Add a `residence_<question>` entity for each answer a typed message gives."""
        for message in messages:
            text = message.get(TEXT) or ""
            if self._model is None or not text or text.startswith("/"):
                continue
            entities = list(message.get(ENTITIES, []))
            language = (message.get(LANGUAGE_DETECTION) or {}).get("language")
            entities.extend(
                _entity(f"residence_{s.question}", s.value, s.start, s.end, type(self).__name__)
                for s in self._model.find(text, language)
            )
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PlaceGazetteer(GraphComponent):
    """Adds a `place` entity for every known town or municipality named in a message.

    A gazetteer (spaCy PhraseMatcher over the CBS and GeoNames names in facts/places/, folded
    for case, diacritics and script; see bot/find_help/gazetteer.py), not a learned extractor: all
    2,501 towns are found without training examples. Names the data lacks (other scripts,
    misspellings) are matched by sound in the find-help action, where a place is expected.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PlaceGazetteer:
        """The gazetteer over the place data, built now (once per process) so that the first
        user does not wait for it."""
        runtime.place_index().find_mentions("")
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to training examples."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Add `place` entities to each message typed by a user."""
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            entities = list(message.get(ENTITIES, []))
            entities.extend(
                _entity("place", text[m.start : m.end], m.start, m.end, type(self).__name__)
                for m in runtime.place_index().find_mentions(text)
            )
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


def _without_places(text: str, entities: list[dict[str, Any]]) -> str:
    """The message without the place names the gazetteer found (it runs first): a Dutch town
    name says nothing about the language of "I need help in Bergen"."""
    spans = sorted(
        (e[ENTITY_ATTRIBUTE_START], e[ENTITY_ATTRIBUTE_END])
        for e in entities
        if e.get(ENTITY_ATTRIBUTE_TYPE) == "place"
    )
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def _entity(kind: str, value: str, start: int, end: int, extractor: str) -> dict[str, Any]:
    return {
        ENTITY_ATTRIBUTE_TYPE: kind,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
        ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
        EXTRACTOR: extractor,
    }


def _language_entities(text: str) -> list[dict[str, Any]]:
    if text.startswith("/"):
        return []
    return [
        _entity("language", m.code, m.start, m.end, LanguageAnnotator.__name__)
        for m in find_language_mentions(text)
    ]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CharNgramIntentClassifier(_ComponentWithModel):
    """Rasa shell around `bot.intent_classifier.IntentClassifier` (works on the raw text)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The measured defaults of `IntentModelConfig`."""
        c = IntentModelConfig()
        return {
            "min_ngram": c.min_ngram,
            "max_ngram": c.max_ngram,
            "max_word_ngram": c.max_word_ngram,
            "alpha": c.alpha,
            "epochs": c.epochs,
            "seed": c.seed,
            "ranking_length": 10,
        }

    _model: IntentClassifier | None
    MODEL_KIND = runtime.INTENT_MODEL

    def _model_config(self) -> IntentModelConfig:
        keys = ("min_ngram", "max_ngram", "max_word_ngram", "alpha", "epochs", "seed")
        return IntentModelConfig(**{k: self._config[k] for k in keys})

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the intent examples of all languages and store the model."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        self._model = IntentClassifier(self._model_config()).fit(
            [m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples]
        )
        return self._persist()

    @staticmethod
    def _read_model(directory: Path) -> IntentClassifier:
        return IntentClassifier.load(directory / _INTENT_MODEL_FILE)

    def _write_model(self, directory: Path) -> None:
        assert self._model is not None
        self._model.save(directory / _INTENT_MODEL_FILE)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `intent` and `intent_ranking` on each message."""
        for message in messages:
            text = message.get(TEXT) or ""
            if self._model is None:
                continue
            if not text.strip():
                # Nothing to classify: confidence 0 makes the FallbackClassifier answer
                # "did not understand" (without an intent it raised, found by fuzzing).
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            ranking = self._model.rank(text, int(self._config["ranking_length"]))
            intent = {INTENT_NAME_KEY: ranking[0][0], PREDICTED_CONFIDENCE_KEY: ranking[0][1]}
            message.set(INTENT, intent, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: p} for n, p in ranking],
                add_to_output=True,
            )
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerSafetyNet(_ComponentWithModel):
    """After the classifiers: a message with a danger phrase ("he hits me", "knife", the `danger`
    lookup tables) that they read as a general intent becomes `emergency`, so it is answered
    with 112 first; `emergency` without a danger phrase needs some confidence
    (bot/emergency/danger.py). A specific question keeps its answer."""

    _model: DangerLexicon | None
    MODEL_KIND = runtime.DANGER_MODEL

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`nlu_dir` is relative to the folder `rasa train` runs in; `fallback_threshold` is the
        FallbackClassifier's; `emergency_min`: bot/emergency/danger.py (config.yml sets both)."""
        return {"nlu_dir": "data/nlu", "emergency_min": 0.0, "fallback_threshold": 0.1,
                "delete_min": 0.0}  # fmt: skip

    def train(self, training_data: TrainingData) -> Resource:
        """Collect the danger phrases of every language (per language: a phrase that is an
        everyday word elsewhere counts only in its own language)."""
        self._model = load_lexicon(Path(self._config["nlu_dir"]), SUPPORTED_LANGUAGES)
        return self._persist()

    @staticmethod
    def _read_model(directory: Path) -> DangerLexicon:
        return DangerLexicon.from_list(json.loads((directory / _DANGER_FILE).read_text("utf-8")))

    def _write_model(self, directory: Path) -> None:
        assert self._model is not None
        (directory / _DANGER_FILE).write_text(
            json.dumps(self._model.to_list(), ensure_ascii=False), encoding="utf-8"
        )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to training examples."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Settle the intent: danger words make a general intent `emergency`, and `emergency`
        without them needs `emergency_min` confidence (bot/emergency/danger.py); deletion needs
        `delete_min` (bot/privacy/deletion.py)."""
        for message in messages:
            text = message.get(TEXT) or ""
            if self._model is None or not text or text.startswith("/"):
                continue
            current = message.get(INTENT) or {}
            name = current.get(INTENT_NAME_KEY)
            ranking = [(name, float(current.get(PREDICTED_CONFIDENCE_KEY) or 0.0))] + [
                (r.get(INTENT_NAME_KEY), float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY) != name
            ]
            language = (message.get(LANGUAGE_DETECTION) or {}).get("language")
            found = self._model.find(text, language) is not None
            chosen, confidence = settle_intent(
                ranking,
                found,
                float(self._config["emergency_min"]),
                float(self._config["fallback_threshold"]),
            )
            # Deleting cannot be undone: it needs `delete_min` confidence (bot/privacy/deletion.py).
            chosen = settle_deletion(chosen, confidence, float(self._config["delete_min"]))
            if chosen == name:
                continue
            message.set(
                INTENT, {INTENT_NAME_KEY: chosen, PREDICTED_CONFIDENCE_KEY: confidence}, True
            )
            rest = [
                {INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: c} for n, c in ranking if n != chosen
            ]
            message.set(
                INTENT_RANKING_KEY,
                [{INTENT_NAME_KEY: chosen, PREDICTED_CONFIDENCE_KEY: confidence}, *rest],
                add_to_output=True,
            )
        return messages
