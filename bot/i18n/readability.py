"""How long and how hard the bot's texts are: words per text (one text is one chat bubble),
words per sentence, and a Flesch reading-ease score for English and Dutch (`make i18n-report`).

The English source texts are held to A2 (docs/translations.md): at most `MAX_WORDS` words a
text, about 15 words a sentence. A placeholder ("%(comensha_phone)s") counts as one word.

Reading ease: Flesch (1948) for English, 206.835 - 1.015 * words/sentence - 84.6 *
syllables/word; Flesch-Douma (1960) for Dutch, 206.835 - 0.93 * words/sentence - 77 *
syllables/word. Higher is easier; 80-90 reads as "easy", 60-70 as "plain". Syllables are counted
as groups of vowel letters (with English silent e and Dutch "ij"), an estimate that is good
enough to compare versions of the same texts, not to grade a single sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_WORDS = 35  # a chat bubble on a phone screen (README: "Plain words")
TARGET_SENTENCE_WORDS = 15

_PLACEHOLDER = re.compile(r"%\(\w+\)s")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.:,]\d+)*|X", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_VOWEL_GROUPS = {
    "en": re.compile(r"[aeiouy]+"),
    "nl": re.compile(r"ij|[aeiouyáéíóúäëïöü]+"),
}
_FLESCH = {"en": (1.015, 84.6), "nl": (0.93, 77.0)}


def words(text: str) -> list[str]:
    """The words of a text; a placeholder is one word."""
    return _WORD.findall(_PLACEHOLDER.sub(" X ", text))


def sentences(text: str) -> list[str]:
    """The sentences of a text (split after . ! ? and at line breaks)."""
    return [s for s in _SENTENCE_END.split(_PLACEHOLDER.sub("X", text)) if words(s)]


def syllables(word: str, language: str) -> int:
    """Estimated syllables of one word (at least one)."""
    lowered = word.lower()
    count = len(_VOWEL_GROUPS[language].findall(lowered))
    if language == "en" and lowered.endswith("e") and not lowered.endswith(("le", "ee")):
        count -= 1  # silent e: "place", "time"
    return max(1, count)


@dataclass(frozen=True)
class Readability:
    """Counts and scores over a set of texts in one language."""

    texts: int
    words: int
    sentences: int
    longest_text: int  # words
    longest_sentence: int  # words
    over_limit: int  # texts of more than MAX_WORDS words
    reading_ease: float | None  # Flesch (en) or Flesch-Douma (nl); None for other languages

    @property
    def words_per_text(self) -> float:
        return self.words / max(1, self.texts)

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(1, self.sentences)


def measure(texts: Iterable[str], language: str) -> Readability:
    """Counts and the reading-ease score of `texts` in `language`."""
    all_words: list[str] = []
    sentence_count = longest_text = longest_sentence = over = count = 0
    for text in texts:
        found = words(text)
        count += 1
        all_words += found
        longest_text = max(longest_text, len(found))
        over += len(found) > MAX_WORDS
        parts = sentences(text)
        sentence_count += len(parts)
        longest_sentence = max([longest_sentence, *(len(words(s)) for s in parts)])
    ease = None
    if language in _FLESCH and all_words and sentence_count:
        per_sentence, per_syllable = _FLESCH[language]
        real = [w for w in all_words if w != "X"]
        syllables_per_word = sum(syllables(w, language) for w in real) / max(1, len(real))
        ease = (
            206.835
            - per_sentence * len(all_words) / sentence_count
            - per_syllable * syllables_per_word
        )
    return Readability(
        count, len(all_words), sentence_count, longest_text, longest_sentence, over, ease
    )
