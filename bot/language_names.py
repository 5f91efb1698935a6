"""Find language names in a message ("speak Arabic", "انجليزي لو سمحت", "in het Nederlands")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

from bot.languages import SUPPORTED_LANGUAGES
from bot.text_normalization import fold, words

_ALIASES_FILE = Path(__file__).with_name("language_aliases.yml")
_ARABIC_ARTICLE = "ال"
# Arabic writes "in/with/and the ..." as prefixes on the word: بالعربي = "in Arabic".
_ARABIC_PROCLITICS = ("وبال", "بال", "وال", "فال", "كال", "لل", "ال", "ب", "و")


@dataclass(frozen=True)
class LanguageMention:
    """A language named in the text, with its character span."""

    code: str
    start: int
    end: int


def _stem(name: str) -> str:
    """Cut inflectional endings so that "arabisch"/"arabische" or "عربيه"/"عربي" both match."""
    name = name.removeprefix(_ARABIC_ARTICLE) if name.startswith(_ARABIC_ARTICLE) else name
    if len(name) <= 5:
        return name
    return name[: max(5, len(name) - 2)]


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    """Stem -> language code, from Babel's names of each language in each supported language."""
    stems: dict[str, str] = {}
    for code in SUPPORTED_LANGUAGES:
        for display in SUPPORTED_LANGUAGES:
            name = Locale.parse(display).languages.get(code)
            for part in fold(name or "").split():
                stems.setdefault(_stem(part), code)
    aliases = yaml.safe_load(_ALIASES_FILE.read_text(encoding="utf-8"))
    for code, names in aliases.items():
        if code in SUPPORTED_LANGUAGES:
            for name in names:
                stems.setdefault(fold(name), code)
    return stems


def find_language_mentions(text: str) -> list[LanguageMention]:
    """Every supported language named in `text`."""
    stems = _stems()
    found = []
    for word, start, end in words(text):
        bare = [
            word[len(p) :]
            for p in _ARABIC_PROCLITICS
            if word.startswith(p) and len(word) > len(p) + 2
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
