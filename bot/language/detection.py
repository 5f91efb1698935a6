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

# Letters and digits that only some languages of a shared script write, and which ones. A
# message's letters narrow its language to those that write all of them; where that leaves one
# language, it is settled however short the message is. Persian writes پ چ ژ گ, its own ک and
# ی, and its own digits ۰–۹, but so do Pashto and Sorani: these only say "not Arabic". Pashto
# alone writes ټ ډ ړ ږ ښ ګ ڼ ځ څ ۍ ې, Sorani ڕ ڵ ۆ ێ ە, Arabic ة (ي and ك are no cue: Persian
# typed on an Arabic keyboard has them; nor are the digits ٠–٩, which Arabic, Sorani and Persian
# on an Arabic keyboard all type). Ukrainian writes і ї є
# ґ, Russian ы э ё, Bulgarian ъ inside words (къща, път; Russian has it only after a few
# prefixes, подъезд, and then mostly with ы э ё elsewhere in the message). Vietnamese writes ơ
# ư đ and vowels with a dot below or a hook above, which no other language of the bot writes
# (not ă â ê ô: Romanian and French have them). Tigrinya writes the ejective ቐ series, which
# Amharic does not have. Sorani in Latin letters (Hawar) writes ê î ş û: ê only French and
# Vietnamese also write, ş Turkish and Romanian (for ș), î French, Romanian and Turkish.
LETTER_CUES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset("پچژگکی"), frozenset({"fa", "ps", "ckb"})),
    (frozenset("۰۱۲۳۴۵۶۷۸۹"), frozenset({"fa", "ps", "ckb"})),
    (frozenset("ټډړږښګڼځڅۍې"), frozenset({"ps"})),
    (frozenset("ڕڵۆێە"), frozenset({"ckb"})),
    (frozenset("ة"), frozenset({"ar"})),
    (frozenset("іїєґІЇЄҐ"), frozenset({"uk"})),
    (frozenset("ыэёЫЭЁ"), frozenset({"ru"})),
    (frozenset("ъЪ"), frozenset({"bg"})),
    (
        frozenset(
            "ơưđƠƯĐạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ"
            "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĨŨ"
        ),
        frozenset({"vi"}),
    ),
    (frozenset("ቐቑቒቓቔቕቖቘቚቛቜቝ"), frozenset({"ti"})),
    (frozenset("êÊ"), frozenset({"ckb", "fr", "vi"})),
    (frozenset("şŞ"), frozenset({"ckb", "tr", "ro"})),
    (frozenset("îÎ"), frozenset({"ckb", "fr", "ro", "tr"})),
)
# Words and word pairs, and which languages write them. Nigerian Pidgin is written with English
# words, plus a few that no other language of the bot uses (in data/nlu "dey" is in 686 Pidgin
# examples and in none of another language) and its own grammar ("i no get", "make una"). A
# message is Pidgin only with one of these (NEEDS_A_CUE); without, the n-grams choose among the
# other languages of its script, so that "i need help please" stays English. Words other
# languages also write make Pidgin a candidate without ruling them out (SHARED_CUE_WORDS): "na"
# (Pidgin "is", Polish "on", Dutch "after", Somali "us", English "nah"), "una" (Romanian
# "one"), "abi" (Turkish "brother"), "dis" (French "say"),
# "dem", "di", "dia", "don" (Vietnamese without its marks: "đơn" is "don"; Somali "di"), "dat"
# (Dutch "that", Romanian "given"), "o" (Pidgin's closing "o", Polish "about", Turkish "he"),
# "oga" (Pidgin "boss", Somali "know"), "i no" (Polish "and well"). "don" (Pidgin's "have")
# counts only apart from "don't".
WORD_CUES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (
        frozenset(
            "wetin abeg wan sabi comot wahala pikin oya pipo naija gree shey ehen "
            "pesin e_no we_no you_no una_no dem_no no_fit no_get no_be make_una make_i "
            "make_we dem_dey i_wan e_be e_go una_go i_be you_be who_be i_fit e_fit we_fit "
            "you_fit una_fit dem_fit who_fit well_well sharp_sharp small_small quick_quick".split()
        ),
        frozenset({"pcm"}),
    ),
    # Pidgin words another language writes too, in Latin letters: "dey" is also Pashto "is"
    # ("za dey"), "wey" Amharic "or" (ወይ), "sef" Romanian "boss" (șef without its mark).
    (frozenset({"dey"}), frozenset({"pcm", "ps"})),
    (frozenset({"wey"}), frozenset({"pcm", "am"})),
    (frozenset({"sef"}), frozenset({"pcm", "ro"})),
    # Pashto and Sorani typed in Latin letters ("za mrasta ghwaram", "min yarmetim dewê").
    (frozenset("mrasta ghwaram ghwarm zma kawam wakram pohegam manana".split()), frozenset({"ps"})),
    (
        frozenset("yarmetim yarmeti yarmetî dekem dewê dewet supas nazanim".split()),
        frozenset({"ckb"}),
    ),
)
NEEDS_A_CUE = frozenset({"pcm"})
# Words a language in NEEDS_A_CUE shares with others: they make it a candidate without ruling the
# others out ("na" is also Polish, Dutch, Somali and English "nah").
SHARED_CUE_WORDS: dict[str, frozenset[str]] = {
    "pcm": frozenset("na una abi dis dem di dia don dat oga o i_no na_so".split()),
}
_DONT = re.compile(r"\bdon['’`]?t\b")
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
    by_cue: bool = False  # settled by letters only this language uses (LETTER_CUES)
    # The languages that write every cue letter of the message (LETTER_CUES), when its letters
    # narrowed them down: "پول" -> fa, ps, ckb (not Arabic). Empty when they did not.
    writers: tuple[str, ...] = ()
    # A language the n-grams liked best but that needs a cue word the message lacks (Pidgin
    # without a Pidgin word): `language` is then the best of the others.
    uncued: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly form, as the NLU pipeline adds it to parse data."""
        return {
            "language": self.language,
            "confidence": round(self.confidence, 4),
            "confident": self.confident,
            "script": self.script,
            "by_cue": self.by_cue,
            "writers": list(self.writers),
            "uncued": self.uncued,
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
        matched, shared = _cues(text)
        writers = tuple(sorted(_narrow(matched, candidates)))
        if len(writers) == 1:
            return Detection(writers[0], 1.0, True, script, by_cue=True, writers=writers)
        grams = _ngrams(text)
        pool = list(writers or candidates)
        scores = {lang: self._log_likelihood(model, lang, grams) for lang in pool}
        preferred = max(scores, key=lambda lang: scores[lang])
        for lang in NEEDS_A_CUE - frozenset().union(*matched, shared):
            if len(scores) > 1:
                scores.pop(lang, None)  # no cue: not a candidate, and no share of the confidence
        best = max(scores, key=lambda lang: scores[lang])
        uncued = preferred if preferred != best else None
        top = scores[best]
        total = sum(math.exp(score - top) for score in scores.values())
        confidence = 1.0 / total
        confident = letters >= MIN_LETTERS and confidence >= self.threshold
        return Detection(best, confidence, confident, script, writers=writers, uncued=uncued)

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


def _cues(text: str) -> tuple[list[frozenset[str]], frozenset[str]]:
    """The writers of every cue letter, word and word pair in `text` (LETTER_CUES, WORD_CUES),
    and the languages of NEEDS_A_CUE its SHARED_CUE_WORDS make possible."""
    # Composed form: a phone may send "ế" as e + two combining marks.
    letters = set(unicodedata.normalize("NFC", text))
    tokens = re.findall(r"\w+", _DONT.sub("dont", fold(text)))
    words = set(tokens) | {f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)}
    matched = [writers for cue, writers in LETTER_CUES if cue & letters]
    matched += [writers for cue, writers in WORD_CUES if cue & words]
    shared = frozenset(lang for lang, cues in SHARED_CUE_WORDS.items() if cues & words)
    return matched, shared


def _narrow(matched: list[frozenset[str]], candidates: Iterable[str]) -> frozenset[str]:
    everyone = frozenset(candidates)
    narrowed = everyone
    for writers in matched:
        narrowed &= writers
    return narrowed if narrowed != everyone else frozenset()


def cue_languages(text: str, candidates: Iterable[str]) -> frozenset[str]:
    """The candidates that write every cue letter and cue word in `text` (LETTER_CUES,
    WORD_CUES), or an empty set when they narrow nothing down (or contradict each other: a
    Pashto letter beside ة)."""
    return _narrow(_cues(text)[0], candidates)


def script_cue(text: str, candidates: Iterable[str]) -> str | None:
    """The one candidate that writes every cue letter in `text`, or None."""
    writers = cue_languages(text, candidates)
    return next(iter(writers)) if len(writers) == 1 else None


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
