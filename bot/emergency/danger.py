"""A safety net under the intent classifier: words of violence or danger now get 112 first.

"please help, he hits me" reads like a help request to a classifier trained on many "please
help" messages; "boss behind the door with a knife" may read like a disclosure. A missed danger
costs far more than an extra "Are you in danger now? Call 112", so a message with a danger
phrase ("knife", "hits me", "locked in", "kill myself", in each language: the `danger` lookup
tables of data/nlu/<lang>/emergency.yml) is read as `emergency` when the classifier chose a
general intent. A specific request keeps its answer, after 112 when it is a help topic ("they
beat me, my arm is broken": 112, then the doctor; hulproute_rasa/policy.py), on its own when
it is a question about the rules ("he hit me last year, can I still report it?").

Phrases are matched word by word on folded text (case, accents, script variants); a phrase
ending in "*" also matches longer words ("stab*": stabbed, stabbing). One language's danger
word can be another's everyday word (Dutch "mes", knife, is French "mes", my): a phrase that
occurs in another language's ordinary training examples counts only in messages of its own
language. Nothing is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import yaml

from bot.language.detection import strip_markup
from bot.text_normalization import fold

DANGER_TABLE = "danger"
EMERGENCY = "emergency"
FALLBACK = "nlu_fallback"
# What the classifier may have made of a danger message; these become `emergency`.
GENERAL_INTENTS = frozenset(
    {"ask_help", "disclose_exploitation", "nlu_fallback", "out_of_scope", "greet", "goodbye",
     "thank", "affirm", "deny", "inform_place", "find_help_nearby", "answer_question",
     "bot_challenge"}
)  # fmt: skip
_TOKEN = re.compile(r"[\w\u200c\u200d]+")  # a Persian word may hold a zero-width joiner
Phrase = tuple[tuple[str, ...], bool]  # (words, last word is a prefix)


def _words(text: str) -> list[str]:
    return [fold(m.group()) for m in _TOKEN.finditer(text)]


def _phrase(text: str) -> Phrase | None:
    prefix = text.strip().endswith("*")
    words = tuple(_words(text.strip().rstrip("*")))
    return (words, prefix) if words else None


def _occurs_at(phrase: Phrase, words: list[str], i: int) -> bool:
    """True when the phrase's words are `words[i:]`'s first words."""
    wanted, prefix = phrase
    window = words[i : i + len(wanted)]
    if len(window) < len(wanted) or window[:-1] != list(wanted[:-1]):
        return False
    return window[-1].startswith(wanted[-1]) if prefix else window[-1] == wanted[-1]


def _word_grams(texts: Iterable[str], longest: int) -> list[str]:
    """Every run of 1..`longest` words of the texts, joined by spaces, sorted (for bisect)."""
    found: set[str] = set()
    for text in texts:
        words = _words(text)
        for size in range(1, longest + 1):
            found.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return sorted(found)


def _in_grams(phrase: Phrase, grams: list[str]) -> bool:
    """True when the phrase occurs among the sorted word runs (a prefix phrase: as a start)."""
    wanted, prefix = phrase
    key = " ".join(wanted)
    i = bisect_left(grams, key)
    if i == len(grams):
        return False
    found = grams[i]
    if not prefix:
        return found == key
    # A run that starts with the phrase and has as many words ("stab" in "stabbed").
    while i < len(grams) and grams[i].startswith(key):
        if grams[i].count(" ") == key.count(" "):
            return True
        i += 1
    return False


class DangerLexicon:
    """Danger phrases of every language; a phrase bound to a language counts only in it."""

    def __init__(self, entries: Iterable[tuple[str, str | None]]) -> None:
        """`entries`: (phrase, language it is bound to, or None for every message)."""
        self._entries: list[tuple[str, Phrase, str | None]] = []
        # Looked up by a message's words: phrases by their first word, and one-word prefixes.
        self._by_first: dict[str, list[tuple[str, Phrase, str | None]]] = {}
        self._prefixes: dict[str, list[tuple[str, Phrase, str | None]]] = {}
        for text, language in entries:
            phrase = _phrase(text)
            if phrase is None:
                continue
            entry = (text.strip(), phrase, language)
            self._entries.append(entry)
            words, prefix = phrase
            index = self._prefixes if prefix and len(words) == 1 else self._by_first
            index.setdefault(words[0], []).append(entry)
        self._prefix_starts = tuple(self._prefixes)

    @classmethod
    def from_languages(
        cls, phrases: Mapping[str, Iterable[str]], ordinary: Mapping[str, Iterable[str]]
    ) -> DangerLexicon:
        """Phrases per language, bound to their language when they occur in `ordinary` (the
        non-danger training examples) of another language."""
        parsed = {lang: [(t, _phrase(t)) for t in texts] for lang, texts in phrases.items()}
        longest = max((len(p[0]) for ps in parsed.values() for _, p in ps if p), default=1)
        grams = {lang: _word_grams(texts, longest) for lang, texts in ordinary.items()}
        entries: list[tuple[str, str | None]] = []
        for language, items in parsed.items():
            for text, phrase in items:
                if phrase is None:
                    continue
                clash = any(
                    _in_grams(phrase, found) for other, found in grams.items() if other != language
                )
                entries.append((text, language if clash else None))
        return cls(entries)

    def to_list(self) -> list[list[str | None]]:
        """A JSON form to store inside the model."""
        return sorted([[text, language] for text, _, language in self._entries], key=str)

    @classmethod
    def from_list(cls, stored: Iterable[Iterable[str | None]]) -> DangerLexicon:
        """The lexicon `to_list` stored."""
        return cls((str(text), language) for text, language in stored)

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, text: str, language: str | None = None) -> str | None:
        """The first danger phrase in `text` (as written in the data), or None. `language`:
        the message's language, if known; phrases bound to another language do not count."""
        words = _words(text)
        for i, word in enumerate(words):
            candidates = list(self._by_first.get(word, ()))
            if self._prefix_starts and word.startswith(self._prefix_starts):
                candidates += [
                    e for p, es in self._prefixes.items() if word.startswith(p) for e in es
                ]
            for written, phrase, bound in candidates:
                if (bound is None or bound == language) and _occurs_at(phrase, words, i):
                    return written
        return None


def safety_intent(intent: str | None, danger_found: bool) -> str | None:
    """`emergency` when a danger phrase came with a general intent; otherwise the intent."""
    if danger_found and (intent is None or intent in GENERAL_INTENTS):
        return EMERGENCY
    return intent


def settle_intent(
    ranking: Sequence[tuple[str | None, float]],
    danger_found: bool,
    emergency_min: float,
    fallback_threshold: float,
) -> tuple[str | None, float]:
    """The intent (and its confidence) after the safety net, from the classifiers' ranking
    (most likely first): danger words make a general intent `emergency` (confidence 1.0); and
    danger needs danger: `emergency` from the classifier alone, below `emergency_min` and
    without a danger word, gives way to the next intent ("hij heeft zelf geen telefoon" is no
    emergency because emergency examples often say "telefoon"), or to `nlu_fallback` when
    that one is below `fallback_threshold`."""
    top, confidence = ranking[0] if ranking else (None, 0.0)
    if safety_intent(top, danger_found) == EMERGENCY and top != EMERGENCY:
        return EMERGENCY, 1.0
    if top == EMERGENCY and not danger_found and confidence < emergency_min:
        runner = next(((i, c) for i, c in ranking[1:] if i not in (EMERGENCY, FALLBACK)), None)
        if runner is None or runner[1] < fallback_threshold:
            return FALLBACK, confidence
        return runner
    return top, confidence


def load_lexicon(nlu_dir: Path, languages: Iterable[str]) -> DangerLexicon:
    """The lexicon from the NLU data: each language's `danger` lookup tables, bound where they
    clash with the other languages' examples (of every intent but `emergency`)."""
    phrases: dict[str, list[str]] = {}
    ordinary: dict[str, list[str]] = {}
    for language in languages:
        for file in sorted((nlu_dir / language).glob("*.yml")):
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            for block in data.get("nlu") or []:
                lines = [
                    line.strip()[2:].strip()
                    for line in str(block.get("examples", "")).splitlines()
                    if line.strip().startswith("- ")
                ]
                if block.get("lookup") == DANGER_TABLE:
                    phrases.setdefault(language, []).extend(lines)
                elif block.get("intent") and block["intent"] != EMERGENCY:
                    ordinary.setdefault(language, []).extend(strip_markup(t) for t in lines)
    return DangerLexicon.from_languages(phrases, ordinary)
