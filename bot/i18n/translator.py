"""Per-conversation translation from the compiled gettext catalogs in `locales/`.

One `Translator` loads every catalog once at start-up; the language is an argument of each call,
never global state (no `gettext.install()`), because one process serves many conversations in
many languages at the same time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it (translation happens per call)."""
    return message


class Translator:
    """Looks up msgids in the catalog of the requested language, falling back to the source."""

    def __init__(self, locale_dir: Path, languages: Iterable[str]) -> None:
        self._catalogs: dict[str, NullTranslations] = {}
        for language in languages:
            catalog = Translations.load(str(locale_dir), [language], domain=DOMAIN)
            # Translations.load returns NullTranslations when no .mo exists: the source text
            # is then shown, which is the right failure for the source language only. The
            # catalog gate in CI makes sure every other language has a compiled catalog.
            self._catalogs[language] = catalog

    def gettext(self, language: str, msgid: str, params: Mapping[str, object] | None = None) -> str:
        """Translate `msgid` into `language` and fill its named placeholders."""
        catalog = self._catalogs.get(language) or NullTranslations()
        text = catalog.gettext(msgid)
        return _fill(text, msgid, params)

    def pgettext(
        self,
        language: str,
        context: str,
        msgid: str,
        params: Mapping[str, object] | None = None,
    ) -> str:
        """Translate a short, context-dependent label such as a button title."""
        catalog = self._catalogs.get(language) or NullTranslations()
        text = str(catalog.pgettext(context, msgid))
        return _fill(text, msgid, params)


def _fill(text: str, msgid: str, params: Mapping[str, object] | None) -> str:
    if not params or "%(" not in text:
        return text
    try:
        return text % params
    except (KeyError, ValueError, TypeError):
        # A broken placeholder in one translation must not silence the bot: use the source.
        # `pybabel compile` and tests/bot/i18n/test_catalogs.py catch this before it ships.
        return msgid % params
