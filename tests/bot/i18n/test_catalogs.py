"""Every response resolves in every shipped language, with the same placeholders."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from bot.core import Core, core
from bot.find_help.contacts import contact_params
from bot.find_help.directory.records import load_directory
from bot.i18n.responses import load_response_templates
from bot.language.codes import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES
from bot.settings import PROJECT_ROOT
from tests.directory_data import phone

LOCALES = PROJECT_ROOT / "locales"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TRANSLATED = [code for code in SUPPORTED_LANGUAGES if code != SOURCE_LANGUAGE]


def _catalog(code):
    with (LOCALES / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def renderer():
    return core().renderer


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code):
    missing = [m.id for m in _catalog(code) if m.id and not m.string]
    assert missing == [], f"{code}: {len(missing)} untranslated"


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_translation_is_a_fuzzy_guess(code):
    # `pybabel update` guesses from similar old messages and marks them fuzzy; compiled
    # catalogs skip fuzzy entries, so the user would silently get English.
    fuzzy = [m.id for m in _catalog(code) if m.id and m.fuzzy]
    assert fuzzy == [], f"{code}: translate and unmark {fuzzy}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders(code):
    for message in _catalog(code):
        if message.id and message.string:
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(msgid))


@pytest.mark.parametrize("code", TRANSLATED)
def test_machine_drafts_are_marked_for_review(code):
    unmarked = [
        m.id
        for m in _catalog(code)
        if m.id and not any("machine-drafted" in c or "reviewed" in c for c in m.user_comments)
    ]
    assert unmarked == []


def test_every_placeholder_in_a_response_has_a_value():
    known = set(contact_params(load_directory(PROJECT_ROOT / "facts" / "directory.yml"), "en")) | {
        "municipality",
        *core().open_now("en"),  # "%(comensha_open_now)s", computed when the message is sent
    }
    for template in load_response_templates(
        PROJECT_ROOT / "domain", PROJECT_ROOT / "messages"
    ).values():
        assert set(PLACEHOLDER.findall(template.text)) <= known, template.name


@pytest.mark.parametrize("code", SUPPORTED_LANGUAGES)
def test_every_response_renders_in_every_language(renderer, code):
    templates = load_response_templates(PROJECT_ROOT / "domain", PROJECT_ROOT / "messages")
    for name in templates:
        message = renderer.render(name, code, {"municipality": "Eindhoven"})
        assert message["text"] and "%(" not in message["text"], (code, name)
        assert message["metadata"]["language"] == code


def test_translated_text_is_not_the_english_source(renderer):
    english = renderer.render("utter_emergency", "en")["text"]
    for code in TRANSLATED:
        assert renderer.render("utter_emergency", code)["text"] != english


def test_emergency_names_112_in_every_language(renderer):
    for code in SUPPORTED_LANGUAGES:
        assert phone("emergency") in renderer.render("utter_emergency", code)["text"]


def test_phone_numbers_stay_left_to_right_inside_arabic(renderer):
    text = renderer.render("utter_emergency", "ar")["text"]
    assert f"\u2066{phone('emergency')}\u2069" in text
    assert renderer.render("utter_emergency", "ar")["metadata"]["direction"] == "rtl"


def test_language_menu_names_each_language_in_its_own_script(renderer):
    buttons = renderer.render("utter_language_menu", "nl")["buttons"]
    titles = [b["title"] for b in buttons]
    assert titles[:3] == ["Nederlands", "English", "العربية"]
    assert {"فارسی", "ትግርኛ", "Soomaali", "Українська", "Русский", "Polski"} <= set(titles)
    assert buttons[2]["payload"] == '/choose_language{"language": "ar"}'


def test_buttons_are_translated(renderer):
    titles = [b["title"] for b in renderer.render("utter_greet", "nl")["buttons"]]
    assert "I am in danger now" not in titles


def test_talk_to_a_person_says_when_comensha_opens_with_the_day_names_of_the_language():
    saturday = datetime(2026, 12, 12, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    renderer = Core(clock=lambda: saturday).renderer
    assert "maandag" in renderer.render("utter_ask_help", "nl")["text"]
    assert "Monday" in renderer.render("utter_ask_help", "en")["text"]
    assert "الاثنين" in renderer.render("utter_ask_help", "ar")["text"]


def test_translation_report_is_up_to_date():
    """docs/translations.md is generated (make i18n-report); a stale page would mislead."""
    from bot.i18n.report import catalog_state, render_plain_words, render_report

    states = [catalog_state(LOCALES, PROJECT_ROOT / "data" / "nlu", c) for c in SUPPORTED_LANGUAGES]
    page = (PROJECT_ROOT / "docs" / "translations.md").read_text(encoding="utf-8")
    expected = render_report(states) + "\n" + render_plain_words(LOCALES)
    assert page == expected, "run `make i18n-report`"
