"""Intent classifier: TF-IDF character and word n-grams and a linear model, one model for all
languages.

Chosen by measurement (docs/decisions/0003-nlu-pipeline.md): on the held-out sets it beats
Rasa's CountVectors + LogisticRegression pipeline by several points and trains in seconds, where
DIET would take minutes. Character n-grams (with word boundaries) work in every script without
a language-specific tokenizer and survive the typos and missing accents of phone typing.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.text_normalization import fold


@dataclass(frozen=True)
class IntentModelConfig:
    """Hyper-parameters (the measured defaults)."""

    min_ngram: int = 1
    max_ngram: int = 5
    # Word 1..n-grams beside the character n-grams (0: none). Whole words tell apart what
    # shared letters blur: "hits me" is not "help me", "speak Arabic there" is not "Arabic".
    max_word_ngram: int = 2
    alpha: float = 3e-6
    epochs: int = 50
    seed: int = 42


class IntentClassifier:
    """Fit on (text, intent) pairs; rank intents with probabilities for a text."""

    def __init__(self, config: IntentModelConfig | None = None) -> None:
        self.config = config or IntentModelConfig()
        self._pipeline: Pipeline | None = None
        self._weights: NDArray[np.float64] | None = None  # coef_.T, contiguous (`probabilities`)
        self._intercept: NDArray[np.float64] | None = None

    def fit(self, texts: Sequence[str], intents: Sequence[str]) -> IntentClassifier:
        """Train on examples; every intent needs at least one example."""
        c = self.config
        self._pipeline = Pipeline(
            [
                ("features", self._features()),
                (
                    "classifier",
                    SGDClassifier(
                        loss="log_loss",
                        alpha=c.alpha,
                        max_iter=c.epochs,
                        tol=None,
                        random_state=c.seed,
                        # Topics and intents are not equally frequent everywhere (SIB-200).
                        class_weight="balanced",
                    ),
                ),
            ]
        )
        self._pipeline.fit(list(texts), list(intents))
        self._weights = self._intercept = None
        return self

    def _features(self) -> TfidfVectorizer | FeatureUnion:
        c = self.config
        characters = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(c.min_ngram, c.max_ngram),
            preprocessor=fold,
            sublinear_tf=True,
        )
        if c.max_word_ngram < 1:
            return characters
        words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, c.max_word_ngram),
            preprocessor=fold,
            token_pattern=r"(?u)\b\w+\b",  # one-letter words count: "y", "i", "و"
            sublinear_tf=True,
        )
        return FeatureUnion([("characters", characters), ("words", words)])

    @property
    def intents(self) -> list[str]:
        """The intents the model knows."""
        return [str(i) for i in self._fitted().classes_]

    def rank(self, text: str, top: int = 10) -> list[tuple[str, float]]:
        """The `top` most likely intents for `text`, most likely first."""
        probabilities = self.probabilities(text)
        order = np.argsort(probabilities)[::-1][:top]
        classes = self._fitted().classes_
        return [(str(classes[i]), float(probabilities[i])) for i in order]

    def probabilities(self, text: str) -> NDArray[np.float64]:
        """The probability of each intent (in `intents` order), as scikit-learn's
        `predict_proba` computes it for a one-vs-rest logistic model, only faster.

        Why not `predict_proba`: scikit-learn multiplies the message's sparse features with
        `coef_.T`, a transposed view of a 24 x 128,000 matrix, which SciPy first copies into
        a contiguous array: 7 ms per message, most of the NLU's time under load
        (docs/benchmarks.md, profile). The transposed weights are copied once instead."""
        if self._weights is None:
            classifier = self._fitted()
            self._weights = np.ascontiguousarray(classifier.coef_.T)
            self._intercept = np.asarray(classifier.intercept_)
        features = self._fitted_pipeline().named_steps["features"].transform([text])
        scores = np.asarray(features @ self._weights).ravel() + self._intercept
        probabilities: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-scores))
        total = probabilities.sum()
        return probabilities / total if total > 0 else np.full_like(probabilities, 1 / scores.size)

    def predict(self, texts: Sequence[str]) -> list[str]:
        """The most likely intent of each text."""
        return [str(p) for p in self._fitted_pipeline().predict(list(texts))]

    def save(self, path: Path) -> None:
        """Write the trained model (a pickle: load only files this project wrote)."""
        path.write_bytes(pickle.dumps((self.config, self._fitted_pipeline())))

    @classmethod
    def load(cls, path: Path) -> IntentClassifier:
        """Read a model written by `save`."""
        config, pipeline = pickle.loads(path.read_bytes())  # noqa: S301 - our own model file
        model = cls(config)
        model._pipeline = pipeline
        return model

    def _fitted_pipeline(self) -> Pipeline:
        if self._pipeline is None:
            raise RuntimeError("the intent classifier is not trained")
        return self._pipeline

    def _fitted(self) -> SGDClassifier:
        classifier: SGDClassifier = self._fitted_pipeline().named_steps["classifier"]
        return classifier
