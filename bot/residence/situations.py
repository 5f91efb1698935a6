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
from functools import cache
from os.path import commonprefix

from bot.residence.rules import QUESTIONS
from bot.text_normalization import fold

PREFIX = "residence_"
AGE_WORDS = "age_words"  # "years", "jaar", "عمري": next to a number, it is an age
AGE_INTRO = "age_intro"  # "i am", "mam", "я": before a number, an age only if nothing follows
# Fingerprints given in another Dublin country: a word for fingerprints and the name of such a
# country in one message ("I came through Italy, there they took my fingerprints") is a Dublin
# case. Apart, neither says it: fingerprints are also taken in Ter Apel, and passing through
# Italy is not registering there.
FINGERPRINT_WORDS = "fingerprint_words"
DUBLIN_COUNTRIES = "dublin_countries"
_CUES = (FINGERPRINT_WORDS, DUBLIN_COUNTRIES)
# Words that may follow an age after an intro ("I am 16 and alone", "mam 16 i ..."), in the
# bot's languages; "mam 20 euro" is no age. Arabic and Persian write "and" on the next word.
# Pashto puts the verb last, so "I am" follows the age ("زه 16 یم").
_AND = frozenset(
    fold(w)
    for w in "and en et ve si și i a oo iyo ama или и і й та а ja und e va và እና وە û w او aw "
    "یم yam".split()
)
_AND_PREFIXES = ("و",)
ADULT_AGE = 18
# Plausible ages of the people who write here; "2 years" or "1999" is not an age.
_AGE_RANGE = range(10, 81)
_TOKEN = re.compile(r"[\w\u200c\u200d]+")  # a Persian word may hold a zero-width joiner
# Sorani joins "is" or "I am" to a number ("تەمەنم ١٦ە", "١٥م", "16m").
_AGE_TOKEN = re.compile(r"^(\d{2})(?:ە|ه|م|m)?$")
# Inflected forms: the shorter word has at least this many letters, the longer at most this many
# more ("codsigayga" / "codsigaygii", "رفضوا" / "رفض"). Phrases are indexed by the first
# `_MIN_STEM` letters of their first word: a word can only be the same word, or another form of
# it, when those letters are the same.
_MIN_STEM = 4
_MAX_ENDING = 2
# Words that turn the verb after them around ("I have not reported", "ما", "не"), in the bot's
# languages: a phrase right after one does not count, and none is skipped inside a phrase.
NEGATIONS = frozenset(
    fold(w)
    for w in "not never dont didnt havent hasnt niet geen nooit ne pas jamais لا ما مش لم لن "
    "نمی هیچ değil degil yok hiç hic не ни nu nici nie ኣይ không ko chưa chẳng نە هەرگیز "
    "hergiz هیڅ هیڅکله".split()
)
# Negation words that are ordinary words in another language of the same script, by the
# language of the message: Arabic ما ("not") is Persian "we" and Pashto "I" ("ما پولیسو ته وویل",
# I told the police), Arabic لا ("no") is Pashto "still". With no language known, they count.
NOT_NEGATIONS_IN = {"fa": frozenset({fold("ما")}), "ps": frozenset({fold("ما"), fold("لا")})}
# Words for "if": a phrase one or two words after one is a question about what would happen
# ("what happens if I go to the police", "اذا رحت عالشرطة"), not the person's situation. Not
# French "si", which is Romanian "and" (și) once folded. Arabic in Latin letters: iza, eza
# (Levantine), ila (Moroccan); not "law", an English word.
CONDITIONALS = frozenset(
    fold(w)
    for w in "if als wenn اذا إذا ازا لو اگر اگه eğer eger dacă daca если якщо jeśli jesli "
    "jeżeli jezeli gdyby haddii እንተ ако nếu ئەگەر گەر agar ager egar کچیرې iza eza ila".split()
)
# Answer words ("no, I am from Eritrea"): never skipped inside a phrase, but a phrase after one
# still counts.
NO_WORDS = frozenset(fold(w) for w in "no non nee maya нет ні hayır hayir نه".split())


@cache
def _negations_in(language: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The negations of a message in `language` (NOT_NEGATIONS_IN), and the words never
    skipped inside a phrase (those, answer words and "if"), worked out once per language."""
    negations = NEGATIONS - NOT_NEGATIONS_IN.get(language or "", frozenset())
    return negations, negations | NO_WORDS | CONDITIONALS


# Never skipped inside a phrase when the message's language is not known (and in cues).
_UNSKIPPABLE = _negations_in(None)[1]
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
        self._cues: dict[str, set[tuple[str, ...]]] = {name: set() for name in _CUES}
        for name, phrases in tables.items():
            key = _answer_of(name)
            for phrase in phrases:
                words = tuple(w for w, _, _ in _words(phrase))
                if not words:
                    continue
                if name in self._cues:
                    self._cues[name].add(words)
                elif name == AGE_WORDS:
                    self._age_words.add(words)
                elif name == AGE_INTRO:
                    self._age_intros.add(words)
                elif key is not None:
                    self._phrases[words] = key
        self._longest = max((len(p) for p in self._phrases), default=0)
        # Phrases by the first letters of their first word, for the inflected matching below.
        self._by_start: dict[str, list[tuple[str, ...]]] = {}
        for words in self._phrases:
            self._by_start.setdefault(words[0][:_MIN_STEM], []).append(words)

    @classmethod
    def from_lookup_tables(cls, tables: Iterable[Mapping[str, object]]) -> SituationLexicon:
        """From Rasa's `lookup_tables` (dicts with `name` and `elements`), all languages."""
        merged: dict[str, list[str]] = {}
        for table in tables:
            name = str(table.get("name", ""))
            elements = table.get("elements") or []
            wanted = name.startswith(PREFIX) or name in (AGE_WORDS, AGE_INTRO, *_CUES)
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
        for name, cues in self._cues.items():
            tables[name] = sorted(" ".join(words) for words in cues)
        return tables

    def find(self, text: str, language: str | None = None) -> list[Situation]:
        """The coarse answers `text` gives, at most one per question. A longer phrase wins
        over the shorter ones inside it: "ik heb geen aangifte gedaan" (no) is not also "ik
        heb aangifte gedaan" (yes). `language`: the message's, if known (NOT_NEGATIONS_IN)."""
        words = _words(text)
        found: dict[str, Situation] = {}
        taken: set[int] = set()
        for phrase, first, last in self._matches([w for w, _, _ in words], language):
            if taken & set(range(first, last + 1)):
                continue
            key = self._phrases[phrase]
            taken |= set(range(first, last + 1))
            situation = Situation(*key, words[first][1], words[last][2])
            found[key[0]] = _stronger(found.get(key[0]), situation)
        if "asylum" not in found:
            dublin = self._dublin([w for w, _, _ in words])
            if dublin is not None:
                first, last = dublin
                found["asylum"] = Situation("asylum", "dublin", words[first][1], words[last][2])
        age = self._age(words)
        if age is not None and "minor" not in found:
            found["minor"] = age
        return list(found.values())

    def _matches(
        self, words: list[str], language: str | None = None
    ) -> list[tuple[tuple[str, ...], int, int]]:
        """(phrase, first word, last word) of every phrase found, longest phrase first.

        A phrase matches its words in order, each word as written or inflected (one word the
        start of the other, see `_same_word`: "codsigayga" / "codsigaygii", "طلبي" / "طلب"),
        with at most one other word between two of them ("asylum was rejected" in "asylum was
        finally rejected"), never a negation ("I have not reported"); and not right after a
        negation, unless the phrase has one itself."""
        negations, unskippable = _negations_in(language)
        matches = []
        for i, word in enumerate(words):
            for phrase in self._by_start.get(word[:_MIN_STEM], ()):
                last = _match_from(phrase, words, i, unskippable)
                if last is None:
                    continue
                negated = i > 0 and words[i - 1] in negations and not negations & set(phrase)
                conditional = any(w in CONDITIONALS for w in words[max(0, i - 2) : i])
                if not negated and not conditional:
                    matches.append((phrase, i, last))
        # Longer phrases first; among equals, exact matches before inflected ones.
        matches.sort(key=lambda m: (-len(m[0]), m[2] - m[1], m[1]))
        return matches

    def _dublin(self, words: list[str]) -> tuple[int, int] | None:
        """Where the fingerprint words are, when a Dublin country is also named, else None."""
        spans = {}
        for name in _CUES:
            spans[name] = next(
                (
                    (i, last)
                    for i in range(len(words))
                    for cue in self._cues[name]
                    if (last := _match_cue(cue, words, i)) is not None
                ),
                None,
            )
        if spans[DUBLIN_COUNTRIES] is None:
            return None
        return spans[FINGERPRINT_WORDS]

    def _age(self, words: list[tuple[str, int, int]]) -> Situation | None:
        for i, (word, start, end) in enumerate(words):
            number = _AGE_TOKEN.match(word)
            if number is None or int(number.group(1)) not in _AGE_RANGE:
                continue
            before = [w for w, _, _ in words[max(0, i - 3) : i]]
            after = [w for w, _, _ in words[i + 1 : i + 3]]
            strong = _ends_with(before, self._age_words) or _starts_with(after, self._age_words)
            # "I am 16", also with one word between ("мені лише 16", "ik ben pas 16").
            introduced = _ends_with(before, self._age_intros) or _ends_with(
                before[:-1], self._age_intros
            )
            weak = introduced and (
                not after or after[0] in _AND or after[0].startswith(_AND_PREFIXES)
            )
            if strong or weak:
                age = int(number.group(1))
                return Situation("minor", "yes" if age < ADULT_AGE else "no", start, end)
        return None


def _same_word(written: str, phrase_word: str) -> bool:
    """The same word, or another form of it: they share a start of at least `_MIN_STEM`
    letters and each has at most `_MAX_ENDING` letters after it ("codsigayga" / "codsigaygii",
    "італія" / "італію", "رفضوا" / "رفض"; not "gittim" / "gitmedim", not "رفتم" / "نرفتم")."""
    if written == phrase_word:
        return True
    if written[:_MIN_STEM] != phrase_word[:_MIN_STEM]:
        return False  # most pairs: no shared start long enough, without comparing further
    shared = len(commonprefix([written, phrase_word]))
    return (
        shared >= _MIN_STEM
        and len(written) - shared <= _MAX_ENDING
        and len(phrase_word) - shared <= _MAX_ENDING
        and not written.isdecimal()
    )


def _match_cue(cue: tuple[str, ...], words: list[str], start: int) -> int | None:
    """Like `_match_from`, but a one-word cue may be another form of the word too: a cue is
    only ever read together with another one."""
    if len(cue) == 1:
        return start if _same_word(words[start], cue[0]) else None
    return _match_from(cue, words, start)


def _match_from(
    phrase: tuple[str, ...],
    words: list[str],
    start: int,
    unskippable: frozenset[str] = _UNSKIPPABLE,
) -> int | None:
    """The index of the last word of `phrase` matched from `words[start]`, or None. A one-word
    phrase must match exactly: alone, a word's start says too little ("türk" in "türkçe")."""
    if len(phrase) == 1:
        return start if words[start] == phrase[0] else None
    if not _same_word(words[start], phrase[0]):
        return None
    at = start
    for wanted in phrase[1:]:
        if at + 1 < len(words) and _same_word(words[at + 1], wanted):
            at += 1
        elif (
            at + 2 < len(words)
            and words[at + 1] not in unskippable
            and _same_word(words[at + 2], wanted)
        ):
            at += 2
        else:
            return None
    return at


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
