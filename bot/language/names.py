"""Find language names in a message ("speak Arabic", "انجليزي لو سمحت", "in het Nederlands")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.text_normalization import fold, words

# Data, kept with the other data files (facts/), two folders up from this package.
_ALIASES_FILE = Path(__file__).resolve().parents[2] / "facts" / "language_aliases.yml"
_ARABIC_ARTICLE = "ال"
# Vietnamese names every language "Tiếng ..." (Tiếng Anh, Tiếng Hà Lan, Tiếng Ba Tư), and the
# words after it are everyday words on their own ("anh" is also "you", "ba" is "three"): a
# Vietnamese name counts only right after "tiếng" ("tieng anh", "tiếng hà lan").
_VIETNAMESE_LANGUAGE_WORD = fold("tiếng")
_VIETNAMESE = "vi"
# CLDR names these two with a first word that names something else ("Central Kurdish", "Orta
# Kürtçe", "Nigerian Pidgin", "нигерийски пиджин"): "central" or "Nigerian" must not name a
# language, so they are named only by their aliases (facts/language_aliases.yml: kurd, sorani,
# pidgin, ...).
_NAMED_BY_ALIASES_ONLY = frozenset({"ckb", "pcm"})
# Arabic and Tigrinya write "in/with/and (the) ..." as prefixes on the word: بالعربي and ብትግርኛ
# both mean "in <language>". Persian writes "به" apart, so it needs nothing here.
_PROCLITICS = ("وبال", "بال", "وال", "فال", "كال", "لل", "ال", "ب", "و", "ብ", "ን")


@dataclass(frozen=True)
class LanguageMention:
    """A language named in the text, with its character span."""

    code: str
    start: int
    end: int


def _stem(name: str) -> str:
    """Cut inflectional endings of long names: "английский" also matches "английском".

    Short names are kept whole: cutting "polish" or "boolish" to five letters would make the
    word for police ("polise", "booliska") read as a language.
    """
    name = name.removeprefix(_ARABIC_ARTICLE) if name.startswith(_ARABIC_ARTICLE) else name
    return name[:-2] if len(name) >= 8 else name


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    """Stem -> language code, from Babel's names of each language in each supported language."""
    stems: dict[str, str] = {}
    for code in SUPPORTED_LANGUAGES:
        if code in _NAMED_BY_ALIASES_ONLY:
            continue
        for display in SUPPORTED_LANGUAGES:
            if display == _VIETNAMESE:
                continue  # _vietnamese_names()
            name_words = fold(Locale.parse(display).languages.get(code) or "").split()
            # Only the first word: "Tigrinya dili", "ترکی استانبولی" add a generic second word.
            if name_words:
                stems.setdefault(_stem(name_words[0]), code)
    aliases = yaml.safe_load(_ALIASES_FILE.read_text(encoding="utf-8"))
    for code, names in aliases.items():
        if code in SUPPORTED_LANGUAGES:
            for alias in names:
                stems.setdefault(fold(alias), code)
    return stems


@lru_cache(maxsize=1)
def _vietnamese_names() -> dict[tuple[str, ...], str]:
    """The words after "tiếng" in Vietnamese language names -> code: ("ha", "lan") -> "nl"."""
    names = {}
    for code in SUPPORTED_LANGUAGES:
        name = fold(Locale.parse(_VIETNAMESE).languages.get(code) or "").split()
        if len(name) > 1 and name[0] == _VIETNAMESE_LANGUAGE_WORD:
            names[tuple(name[1:])] = code
    return names


def _after_tieng(tokens: list[tuple[str, int, int]]) -> list[LanguageMention]:
    mentions = []
    for i, (word, start, _) in enumerate(tokens):
        if word != _VIETNAMESE_LANGUAGE_WORD:
            continue
        for name, code in _vietnamese_names().items():
            following = tokens[i + 1 : i + 1 + len(name)]
            if tuple(w for w, _, _ in following) == name:
                mentions.append(LanguageMention(code, start, following[-1][2]))
                break
    return mentions


def find_language_mentions(text: str) -> list[LanguageMention]:
    """Every supported language named in `text`."""
    stems = _stems()
    tokens = words(text)
    found = _after_tieng(tokens)
    for word, start, end in tokens:
        bare = [
            word[len(p) :] for p in _PROCLITICS if word.startswith(p) and len(word) > len(p) + 2
        ]
        for candidate in (word, *bare):
            code = next(
                (
                    c
                    for stem, c in stems.items()
                    if len(candidate) >= 3 and candidate.startswith(stem)
                ),
                None,
            )
            if code:
                found.append(LanguageMention(code, start, end))
                break
    return found
