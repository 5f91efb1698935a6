"""NLU component: message language, and language and place names, for the Rasa pipeline."""

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
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language_detection import LanguageDetector
from bot.language_names import find_language_mentions
from bot.languages import SUPPORTED_LANGUAGES
from hulproute_rasa import runtime

logger = logging.getLogger(__name__)

LANGUAGE_DETECTION = "language_detection"
_DETECTOR_FILE = "language_detector.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageAnnotator(GraphComponent):
    """Adds `language_detection` to the parse data and `language`/`place` entities.

    The detector is trained from the NLU example files per language (data/nlu/<lang>/) when the
    model is trained, and stored inside the model, so a running server needs no data files.
    Language and place names are found by lookup, not learned, so every language name and every
    one of the 2,501 towns is recognised without training examples.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Defaults; `nlu_dir` is relative to the folder `rasa train` runs in."""
        return {"nlu_dir": "data/nlu", "threshold": 0.9}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        detector: LanguageDetector | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._detector = detector

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageAnnotator:
        """A new, untrained component."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Train the language detector from the per-language example files and store it."""
        self._detector = LanguageDetector.from_nlu_dir(
            Path(self._config["nlu_dir"]), SUPPORTED_LANGUAGES, float(self._config["threshold"])
        )
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _DETECTOR_FILE).write_text(
                json.dumps(self._detector.to_dict(), ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageAnnotator:
        """Load the stored detector."""
        with model_storage.read_from(resource) as directory:
            data = json.loads((directory / _DETECTOR_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, LanguageDetector.from_dict(data))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to training examples."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Annotate each message with its language and the language/place names in it."""
        for message in messages:
            text = message.get(TEXT) or ""
            # "/intent{...}" payloads come from buttons, not from the user's keyboard.
            if self._detector is not None and not text.startswith("/"):
                detection = self._detector.detect(text)
                message.set(LANGUAGE_DETECTION, detection.as_dict(), add_to_output=True)
            entities = list(message.get(ENTITIES, []))
            entities.extend(_language_entities(text))
            entities.extend(_place_entities(text))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


def _entity(kind: str, value: str, start: int, end: int) -> dict[str, Any]:
    return {
        ENTITY_ATTRIBUTE_TYPE: kind,
        ENTITY_ATTRIBUTE_VALUE: value,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
        ENTITY_ATTRIBUTE_CONFIDENCE: 1.0,
        EXTRACTOR: LanguageAnnotator.__name__,
    }


def _language_entities(text: str) -> list[dict[str, Any]]:
    if text.startswith("/"):
        return []
    return [_entity("language", m.code, m.start, m.end) for m in find_language_mentions(text)]


def _place_entities(text: str) -> list[dict[str, Any]]:
    if text.startswith("/"):
        return []
    return [
        _entity("place", text[m.start : m.end], m.start, m.end)
        for m in runtime.place_index().find_mentions(text)
    ]
