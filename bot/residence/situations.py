"""Typed situations for the residence explainer: "I am from Romania", "my asylum was rejected",
"I came through Italy and they took my fingerprints", "I am 16", "I already went to the police".

Each becomes one of the explainer's coarse answers (the values its buttons send), so the
explainer can skip the questions the user has already answered. The phrases are data: Rasa
lookup tables in `data/nlu/<lang>/residence.yml` named `residence_<question>_<value>`, plus
`age_words`, words that make a number next to them an age ("16 years", "عمري 16"), and
`age_intro`, words that make the number after them an age when nothing else follows it ("ik
ben 16", "I am 16 and alone"; not "mam 20 euro").
Nothing of the text is kept: only the coarse answer, and only until the explanation is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.residence.rules import QUESTIONS
from bot.text_normalization import fold

PREFIX = "residence_"
AGE_WORDS = "age_words"  # "years", "jaar", "عمري": next to a number, it is an age
AGE_INTRO = "age_intro"  # "i am", "mam", "я": before a number, an age only if nothing follows
# Words that may follow an age after an intro ("I am 16 and alone", "mam 16 i ..."), in the
# twelve languages; "mam 20 euro" is no age. Arabic and Persian write "and" on the next word.
_AND = frozenset("and en et ve si și i a oo iyo ama или и і й та а ja und e".split())
_AND_PREFIXES = ("و",)
ADULT_AGE = 18
# Plausible ages of the people who write here; "2 years" or "1999" is not an age.
_AGE_RANGE = range(10, 81)
_TOKEN = re.compile(r"\w+")
# When two answers to one question are found, the one that matters more for the person wins:
# a Dublin case has a much weaker position than a rejected asylum seeker (facts-nl §1.11).
_PRECEDENCE = {"asylum": ("dublin", "rejected", "procedure", "none")}


@dataclass(frozen=True)
class Situation:
    """An answer found in a message, with where the words were."""

    question: str
    value: str
    start: int
    end: int


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


class SituationLexicon:
    """Phrases per coarse answer (from the lookup tables), matched word by word, folded."""

    def __init__(self, tables: Mapping[str, Iterable[str]]) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        self._age_words: set[tuple[str, ...]] = set()
        self._age_intros: set[tuple[str, ...]] = set()
        for name, phrases in tables.items():
            key = _answer_of(name)
            for phrase in phrases:
                words = tuple(w for w, _, _ in _words(phrase))
                if not words:
                    continue
                if name == AGE_WORDS:
                    self._age_words.add(words)
                elif name == AGE_INTRO:
                    self._age_intros.add(words)
                elif key is not None:
                    self._phrases[words] = key
        self._longest = max((len(p) for p in self._phrases), default=0)

    @classmethod
    def from_lookup_tables(cls, tables: Iterable[Mapping[str, object]]) -> SituationLexicon:
        """From Rasa's `lookup_tables` (dicts with `name` and `elements`), all languages."""
        merged: dict[str, list[str]] = {}
        for table in tables:
            name = str(table.get("name", ""))
            elements = table.get("elements") or []
            wanted = name.startswith(PREFIX) or name in (AGE_WORDS, AGE_INTRO)
            if wanted and isinstance(elements, list):
                merged.setdefault(name, []).extend(str(e) for e in elements)
        return cls(merged)

    def to_dict(self) -> dict[str, list[str]]:
        """A JSON form to store inside the model."""
        tables: dict[str, list[str]] = {}
        for words, (question, value) in sorted(self._phrases.items()):
            tables.setdefault(f"{PREFIX}{question}_{value}", []).append(" ".join(words))
        tables[AGE_WORDS] = sorted(" ".join(words) for words in self._age_words)
        tables[AGE_INTRO] = sorted(" ".join(words) for words in self._age_intros)
        return tables

    def find(self, text: str) -> list[Situation]:
        """The coarse answers `text` gives, at most one per question. A longer phrase wins
        over the shorter ones inside it: "ik heb geen aangifte gedaan" (no) is not also "ik
        heb aangifte gedaan" (yes)."""
        words = _words(text)
        found: dict[str, Situation] = {}
        taken: set[int] = set()
        for size in range(self._longest, 0, -1):
            for i in range(len(words) - size + 1):
                if taken & set(range(i, i + size)):
                    continue
                key = self._phrases.get(tuple(w for w, _, _ in words[i : i + size]))
                if key is not None:
                    taken |= set(range(i, i + size))
                    situation = Situation(*key, words[i][1], words[i + size - 1][2])
                    found[key[0]] = _stronger(found.get(key[0]), situation)
        age = self._age(words)
        if age is not None and "minor" not in found:
            found["minor"] = age
        return list(found.values())

    def _age(self, words: list[tuple[str, int, int]]) -> Situation | None:
        for i, (word, start, end) in enumerate(words):
            if not word.isdigit() or int(word) not in _AGE_RANGE:
                continue
            before = [w for w, _, _ in words[max(0, i - 3) : i]]
            after = [w for w, _, _ in words[i + 1 : i + 3]]
            strong = _ends_with(before, self._age_words) or _starts_with(after, self._age_words)
            weak = _ends_with(before, self._age_intros) and (
                not after or after[0] in _AND or after[0].startswith(_AND_PREFIXES)
            )
            if strong or weak:
                return Situation("minor", "yes" if int(word) < ADULT_AGE else "no", start, end)
        return None


def _ends_with(words: list[str], phrases: set[tuple[str, ...]]) -> bool:
    return any(tuple(words[-len(p) :]) == p for p in phrases if len(p) <= len(words))


def _starts_with(words: list[str], phrases: set[tuple[str, ...]]) -> bool:
    return any(tuple(words[: len(p)]) == p for p in phrases if len(p) <= len(words))


def _answer_of(table: str) -> tuple[str, str] | None:
    """`residence_asylum_rejected` -> ("asylum", "rejected"), if both exist in the explainer."""
    if not table.startswith(PREFIX):
        return None
    question, _, value = table.removeprefix(PREFIX).partition("_")
    if question in QUESTIONS and value in QUESTIONS[question]:
        return question, value
    return None


def _stronger(old: Situation | None, new: Situation) -> Situation:
    if old is None or old.value == new.value:
        return new
    order = _PRECEDENCE.get(new.question)
    if order is not None and order.index(new.value) < order.index(old.value):
        return new
    if order is None:
        # "I am from Romania, not from Syria": contradicting answers say nothing for sure.
        return Situation(new.question, "unknown", min(old.start, new.start), max(old.end, new.end))
    return old
