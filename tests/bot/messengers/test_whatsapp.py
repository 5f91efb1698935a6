"""WhatsApp through Twilio: signatures, numbered choices, TwiML."""

import xml.etree.ElementTree as ET

import pytest
from twilio.request_validator import RequestValidator

from bot.messengers.whatsapp import (
    choice_number,
    numbered,
    packed,
    signature_is_valid,
    twilio_signature,
    twiml,
)
from tests.directory_data import phone_number

TOKEN = "12345678901234567890123456789012"
URL = "https://hulp.example.org/webhooks/twilio/webhook"
FORM = {
    "From": "whatsapp:+31612345678",
    "To": "whatsapp:+14155238886",
    "Body": "ik ben in gevaar",
    "NumMedia": "0",
    "AccountSid": "AC" + "0" * 32,
}


def test_the_signature_is_twilios_own():
    """Checked against Twilio's own validator (installed with Rasa), not against itself."""
    twilios = RequestValidator(TOKEN).compute_signature(URL, FORM)
    assert twilio_signature(TOKEN, URL, FORM) == twilios
    assert signature_is_valid(TOKEN, URL, FORM, twilios)


@pytest.mark.parametrize(
    ("token", "url", "changed"),
    [
        ("x" * 32, URL, {}),  # another account's token
        (TOKEN, URL.replace("hulp", "evil"), {}),  # signed for another URL
        (TOKEN, URL, {"Body": "something else"}),  # the text was changed
        (TOKEN, URL, {"From": "whatsapp:+31600000000"}),  # another sender
    ],
)
def test_a_wrong_or_altered_signature_is_refused(token, url, changed):
    signature = twilio_signature(token, url, FORM)
    assert not signature_is_valid(TOKEN, URL, {**FORM, **changed}, signature)


def test_no_signature_is_refused():
    assert not signature_is_valid(TOKEN, URL, FORM, None)
    assert not signature_is_valid(TOKEN, URL, FORM, "")


def test_form_values_given_as_lists_sign_the_same():
    as_lists = {k: [v] for k, v in FORM.items()}
    assert twilio_signature(TOKEN, URL, as_lists) == twilio_signature(TOKEN, URL, FORM)


def _route():
    call = phone_number("comensha").tel_uri
    return [
        {"text": "Help near Eindhoven\nContact now: ...", "metadata": {"language": "en"}},
        {
            "text": "In danger now? Call 112.",
            "buttons": [
                {"title": "Call", "payload": call},
                {"title": "More help near me", "payload": "/find_help_more"},
                {"title": "What happens when I call?", "payload": "/ask_call_what_happens"},
            ],
            "metadata": {"language": "en"},
        },
    ]


def test_buttons_become_numbered_lines_and_a_number_stands_for_its_payload():
    texts, choices = numbered(_route())
    call = phone_number("comensha").tel_uri.removeprefix("tel:")
    assert texts[0] == "Help near Eindhoven\nContact now: ..."
    assert texts[1] == (
        f"In danger now? Call 112.\nCall: {call}\n\n"
        "1 · More help near me\n2 · What happens when I call?"
    )
    assert choices == {"1": "/find_help_more", "2": "/ask_call_what_happens"}


def test_numbers_run_on_over_the_bubbles_of_one_answer():
    messages = [
        {"text": "a", "buttons": [{"title": "A", "payload": "/greet"}]},
        {"text": "b", "buttons": [{"title": "B", "payload": "/find_help_more"}]},
    ]
    texts, choices = numbered(messages)
    assert texts == ["a\n\n1 · A", "b\n\n2 · B"]
    assert choices == {"1": "/greet", "2": "/find_help_more"}


@pytest.mark.parametrize(
    ("reply", "number"),
    [("2", "2"), (" 2 ", "2"), ("2.", "2"), ("12", "12"), ("٢", "2"), ("۲", "2"), ("፪", "2")],
)
def test_a_reply_of_just_a_number_is_a_choice_in_any_digits(reply, number):
    assert choice_number(reply) == number


@pytest.mark.parametrize("reply", ["", "two", "2 please", "112", "0.5", "½"])
def test_anything_else_is_a_message(reply):
    assert choice_number(reply) is None


def test_twiml_has_one_message_per_bubble_and_escapes_the_text():
    document = twiml(["a < b & c", "بالعربي", ""])
    root = ET.fromstring(document)
    assert root.tag == "Response"
    assert [m.text for m in root.findall("Message")] == ["a < b & c", "بالعربي"]


def test_the_bubbles_of_one_answer_are_joined_into_few_messages_in_order():
    bubbles = [f"• Contact {n}\nPhone: 0800-{n:04d}" for n in range(12)]
    messages = packed(bubbles, limit=100)
    assert "\n\n".join(messages) == "\n\n".join(bubbles)  # nothing lost, same order
    assert 1 < len(messages) < 12 and all(len(m) <= 100 for m in messages)
    assert packed(["short", "", "also short"]) == ["short\n\nalso short"]


def test_a_bubble_longer_than_a_message_is_cut_at_line_ends():
    bubble = "\n".join(f"line {n:02d}" for n in range(30))  # 239 characters
    messages = packed([bubble], limit=100)
    assert all(len(m) <= 100 for m in messages) and "\n".join(messages) == bubble
