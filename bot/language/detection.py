"""Which language is this (often very short) message in?

Two steps, because short messages carry little evidence:
1. The writing system narrows the candidates (Arabic script, Ge'ez, Cyrillic, Latin). Where only
   one supported language uses a script, that settles it.
2. Among the candidates that share a script, a multinomial naive Bayes model over character
   n-grams (with word boundaries) decides. It is trained on the project's own NLU examples, so it
   knows chat spelling, Latin-script Arabic and code-mixing as users write them.

The detector says how sure it is; callers must ask the user (language menu) instead of guessing
when `confident` is False. It is measured on the held-out sets in tests/nlu/dev/ (never trained on);
see `scripts/measure_language_detection.py`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.text_normalization import fold, script_of

# Letters and digits only one language of a shared script uses: where one language's cues and
# none of the others' are in a message, they settle it, however short it is. Persian writes
# پ چ ژ گ, its own ک and ی, and its own digits ۰–۹; Arabic writes ة and the digits ٠–٩ (ي and
# ك are no cue: Persian typed on an Arabic keyboard has them). Ukrainian writes і ї є ґ,
# Russian ы э ё, Bulgarian ъ inside words (къща, път; Russian has it only after a few prefixes,
# подъезд, and then mostly with ы э ё elsewhere in the message). Vietnamese writes ơ ư đ and
# vowels with a dot below or a hook above, which no other language of the bot writes (not ă â
# ê ô: Romanian and French have them).
SCRIPT_CUES: dict[str, frozenset[str]] = {
    "fa": frozenset("پچژگکی۰۱۲۳۴۵۶۷۸۹"),
    "ar": frozenset("ة٠١٢٣٤٥٦٧٨٩"),
    "uk": frozenset("іїєґІЇЄҐ"),
    "ru": frozenset("ыэёЫЭЁ"),
    "bg": frozenset("ъЪ"),
    "vi": frozenset(
        "ơưđƠƯĐạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ"
        "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĨŨ"
    ),
}
NGRAM_SIZES = (1, 2, 3, 4)
SMOOTHING = 0.5
# Too few letters to tell languages apart: "ok", "hi", "?", an emoji.
MIN_LETTERS = 3
_ENTITY_MARKUP = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_PLACE_MARKUP = re.compile(r"\[[^\]]*\]\(place\)|\[[^\]]*\]\{\"entity\": ?\"place\"[^}]*\}")


@dataclass(frozen=True)
class Detection:
    """The detector's verdict on one message."""

    language: str | None
    confidence: float
    confident: bool
    script: str | None
    by_cue: bool = False  # settled by letters only this language uses (SCRIPT_CUES)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly form, as the NLU pipeline adds it to parse data."""
        return {
            "language": self.language,
            "confidence": round(self.confidence, 4),
            "confident": self.confident,
            "script": self.script,
            "by_cue": self.by_cue,
        }


@dataclass
class _NgramModel:
    counts: dict[str, Counter[str]]
    totals: dict[str, int]
    vocabulary: int


def _ngrams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in re.findall(r"\w+", fold(text)):
        if word.isdigit():
            continue
        padded = f" {word} "
        for size in NGRAM_SIZES:
            for i in range(len(padded) - size + 1):
                gram = padded[i : i + size]
                if gram.strip():
                    grams[gram] += 1
    return grams


def dominant_script(text: str) -> tuple[str | None, int]:
    """The writing system of most letters in `text`, and how many letters it has."""
    scripts = Counter(s for s in (script_of(ch) for ch in text) if s)
    if not scripts:
        return None, 0
    script, _ = scripts.most_common(1)[0]
    return script, sum(scripts.values())


class LanguageDetector:
    """Script rules plus per-script naive Bayes over character n-grams."""

    def __init__(self, models: Mapping[str, _NgramModel], threshold: float = 0.9) -> None:
        self._models = dict(models)
        self.threshold = threshold

    @classmethod
    def train(
        cls, samples: Mapping[str, Iterable[str]], threshold: float = 0.9
    ) -> LanguageDetector:
        """Train from example texts per language (ISO 639-1 code -> texts)."""
        by_script: dict[str, dict[str, Counter[str]]] = {}
        for language, texts in samples.items():
            for text in texts:
                script, letters = dominant_script(text)
                if script is None or letters == 0:
                    continue
                counter = by_script.setdefault(script, {}).setdefault(language, Counter())
                counter.update(_ngrams(text))
        models: dict[str, _NgramModel] = {}
        for script, per_language in by_script.items():
            vocabulary = len(set().union(*per_language.values()))
            models[script] = _NgramModel(
                counts=per_language,
                totals={lang: sum(c.values()) for lang, c in per_language.items()},
                vocabulary=vocabulary,
            )
        return cls(models, threshold)

    @classmethod
    def from_nlu_dir(
        cls,
        nlu_dir: Path,
        languages: Iterable[str],
        threshold: float = 0.9,
        corpus_dir: Path | None = None,
    ) -> LanguageDetector:
        """Train from the NLU examples in `data/nlu/<lang>/*.yml`, plus `corpus_dir/<lang>.txt`.

        The corpus folder may hold languages the bot does not speak (Amharic beside Tigrinya):
        the detector then recognises them, and callers treat them as "not supported".
        """
        samples = {lang: load_nlu_examples(nlu_dir / lang) for lang in languages}
        if corpus_dir is not None:
            for path in sorted(corpus_dir.glob("*.txt")):
                lines = path.read_text(encoding="utf-8").splitlines()
                samples.setdefault(path.stem, []).extend(line for line in lines if line.strip())
        return cls.train(samples, threshold)

    def detect(self, text: str) -> Detection:
        """Detect the language of `text`; `confident` says whether to act on it."""
        script, letters = dominant_script(text)
        if script is None:
            return Detection(None, 0.0, False, None)
        model = self._models.get(script)
        if model is None:
            return Detection(None, 0.0, False, script)
        candidates = list(model.counts)
        if len(candidates) == 1:
            # The only supported language in this script: sure even for one word.
            return Detection(candidates[0], 1.0, letters >= 1, script)
        cue = script_cue(text, candidates)
        if cue is not None:
            return Detection(cue, 1.0, True, script, by_cue=True)
        grams = _ngrams(text)
        scores = {lang: self._log_likelihood(model, lang, grams) for lang in candidates}
        best = max(scores, key=lambda lang: scores[lang])
        top = scores[best]
        total = sum(math.exp(score - top) for score in scores.values())
        confidence = 1.0 / total
        confident = letters >= MIN_LETTERS and confidence >= self.threshold
        return Detection(best, confidence, confident, script)

    @staticmethod
    def _log_likelihood(model: _NgramModel, language: str, grams: Counter[str]) -> float:
        counts = model.counts[language]
        denominator = math.log(model.totals[language] + SMOOTHING * model.vocabulary)
        return sum(
            n * (math.log(counts.get(gram, 0) + SMOOTHING) - denominator)
            for gram, n in grams.items()
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form, stored inside the trained Rasa model."""
        return {
            "threshold": self.threshold,
            "models": {
                script: {"counts": {lang: dict(c) for lang, c in m.counts.items()}}
                for script, m in self._models.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LanguageDetector:
        """Rebuild a detector saved with `to_dict`."""
        models = {}
        for script, model in data["models"].items():
            counts = {lang: Counter(c) for lang, c in model["counts"].items()}
            models[script] = _NgramModel(
                counts=counts,
                totals={lang: sum(c.values()) for lang, c in counts.items()},
                vocabulary=len(set().union(*counts.values())),
            )
        return cls(models, float(data["threshold"]))


def script_cue(text: str, candidates: Iterable[str]) -> str | None:
    """The one candidate whose cue letters `text` has while it has no other's, or None."""
    # Composed form: a phone may send "ế" as e + two combining marks.
    letters = set(unicodedata.normalize("NFC", text))
    present = {lang for lang in candidates if SCRIPT_CUES.get(lang, frozenset()) & letters}
    return next(iter(present)) if len(present) == 1 else None


def strip_markup(example: str, drop_places: bool = False) -> str:
    """Turn a Rasa training example into plain text; optionally drop place names.

    Place names are Dutch in every language's examples, so they would teach the detector that
    "Eindhoven" is English or Arabic. They are dropped when training the detector.
    """
    if drop_places:
        example = _PLACE_MARKUP.sub(" ", example)
    return _ENTITY_MARKUP.sub(r"\1", example)


def normalise_example(example: str) -> str:
    """Lower case, markup removed, whitespace collapsed: how examples are compared for overlap."""
    return " ".join(strip_markup(example).lower().split())


def load_nlu_examples(path: Path, drop_places: bool = True) -> list[str]:
    """All examples of all intents in one NLU file or in every `*.yml` under a folder."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    examples: list[str] = []
    for file in files:
        for _, text in load_labelled_examples(file):
            examples.append(strip_markup(text, drop_places=drop_places))
    return examples


def load_labelled_examples(file: Path) -> list[tuple[str, str]]:
    """(intent, example with markup) pairs from one Rasa NLU YAML file."""
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    pairs = []
    for block in data.get("nlu", []):
        intent = block.get("intent")
        if not intent:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((intent, line[2:].strip()))
    return pairs
