"""The languages Hulproute speaks, their names in their own script, and their text direction."""

from __future__ import annotations

from functools import cache

from babel import Locale

# ISO 639-1 codes (ISO 639-3 where a language has none: ckb Central Kurdish, pcm Nigerian
# Pidgin), in the order the language menu shows them. A language is only listed here
# when it has NLU examples in data/nlu/<code>/ and a complete catalog in locales/<code>/.
SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "nl",
    "en",
    "ar",
    "fr",
    "fa",
    "ti",
    "so",
    "tr",
    "uk",
    "ru",
    "ro",
    "pl",
    "bg",
    "vi",
    "am",
    "ps",
    "ckb",
    "pcm",
)

# The language the catalogs' source strings (msgids) are written in.
SOURCE_LANGUAGE = "en"

_RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "ckb"})


def is_supported(code: str | None) -> bool:
    """True when `code` is one of the languages the bot can answer in."""
    return code in SUPPORTED_LANGUAGES


def direction(code: str) -> str:
    """`rtl` or `ltr`: the direction a channel must lay out text in this language."""
    return "rtl" if code in _RIGHT_TO_LEFT else "ltr"


@cache
def native_name(code: str) -> str:
    """The language's own name in its own script (Babel's CLDR data), e.g. `ar` -> `العربية`."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cache
def name_in(code: str, display_language: str) -> str:
    """The name of language `code` in `display_language`: ("ar", "nl") -> "Arabisch"."""
    name = Locale.parse(display_language).languages.get(code) or native_name(code)
    return name[:1].upper() + name[1:]
