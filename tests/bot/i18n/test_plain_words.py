"""Plain words: every English source text fits a chat bubble (A2), and the first answer to "help
in <town>" fits one phone screen."""

import json

import pytest
from babel.messages.pofile import read_po

from bot.core import core
from bot.i18n.readability import MAX_WORDS, measure, sentences, syllables, words
from bot.i18n.responses import BUTTON_CONTEXT
from bot.settings import PROJECT_ROOT
from tests.directory_data import phone

TEMPLATE = PROJECT_ROOT / "locales" / "messages.pot"


def _source_texts():
    with TEMPLATE.open("rb") as f:
        return [m.id for m in read_po(f) if m.id and m.context != BUTTON_CONTEXT]


def test_no_english_source_text_is_longer_than_a_bubble():
    long = [(len(words(t)), t[:60]) for t in _source_texts() if len(words(t)) > MAX_WORDS]
    assert long == [], f"{len(long)} texts over {MAX_WORDS} words: shorten them (A2)"


def test_counting_words_sentences_and_syllables():
    assert words("Call %(comensha_phone)s now.") == ["Call", "X", "now"]
    assert len(sentences("You decide. Nobody may force you!\nAsk CoMensha.")) == 3
    assert [syllables(w, "en") for w in ("place", "reflection", "help")] == [1, 3, 1]
    assert syllables("bedenktijd", "nl") == 3
    easy = measure(["You can rest. You can think."], "en").reading_ease
    hard = measure(
        ["Consideration of administrative regularisation necessitates deliberation."], "en"
    )
    assert easy is not None and hard.reading_ease is not None and easy > hard.reading_ease


@pytest.mark.parametrize("code", ["GM0772", "GM0363", "GM0344", "GM0935", "GM0014"])
def test_the_first_answer_to_help_in_a_town_fits_one_phone_screen(code):
    route = core().lookup.route_json(code)
    assert route is not None
    name = json.loads(route)["municipality"]["name"]
    message = core().renderer.render(
        "utter_help_route", "en", {"municipality": name, "route": route, "call_phone": "+3133"}
    )
    bubbles = [b for b in message["text"].split("\n\n") if b.strip()]
    assert len(bubbles) <= 3, bubbles
    assert len(words(message["text"])) <= 90, message["text"]
    assert f"Call {phone('emergency')}" in bubbles[-1]
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads[:3] == ["tel:+3133", "/find_help_more", "/ask_call_what_happens"]
