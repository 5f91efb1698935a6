"""`hulproute card` prints a PDF in the chosen language whose contacts match the directory."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader

from bot.find_help.directory.lookup import DirectoryLookup
from bot.i18n.translator import Translator
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.run.cli import main
from bot.settings import PROJECT_ROOT
from tests.directory_data import phone

pytestmark = pytest.mark.browser


def _pdf_text(path):
    # NFKC: PDF text of Arabic comes out in presentation forms (ﻣﻦ for من).
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("language", ["ti", "ar", "nl"])
def test_the_card_is_in_the_language_and_lists_the_directorys_contacts(tmp_path, language):
    database = f"sqlite:///{tmp_path}/directory.sqlite"
    out = tmp_path / f"card-{language}.pdf"
    code = main(
        ["card", "--lang", language, "--place", "Eindhoven", "--out", str(out),
         "--database-url", database]
    )  # fmt: skip
    assert code == 0 and out.stat().st_size > 10_000
    text = _pdf_text(out)
    translator = Translator(PROJECT_ROOT / "locales", SUPPORTED_LANGUAGES)
    for msgid in ("Who helps you now", "Rest and decide"):
        translated = translator.gettext(language, msgid)
        assert translated != msgid
        # PDF text extraction may break lines; compare the first word of the title.
        first_word = unicodedata.normalize("NFKC", translated.split()[0])
        assert first_word in text, (language, msgid)
    route = DirectoryLookup.open(PROJECT_ROOT / "facts", database).route("GM0772")
    for contact in route.contact_now:
        assert contact.service.phone_number.display in text
    assert phone("emergency") in text


def test_an_ambiguous_place_is_refused_with_the_choices(tmp_path, capsys):
    assert main(["card", "--place", "Bergen", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "Bergen (NH.)" in capsys.readouterr().err


def test_the_card_picture_can_be_written_as_svg(tmp_path):
    out = tmp_path / "card.svg"
    assert main(["card", "--lang", "fa", "--place", "Ter Apel", "--out", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and 'dir="rtl"' in svg and phone("coordinator_groningen") in svg
