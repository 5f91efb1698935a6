"""Telegram updates in, sendMessage bodies out."""

import json

import pytest

from bot.i18n.responses import language_menu_buttons
from bot.messengers import TELEGRAM, WHATSAPP, messenger_response
from bot.messengers.telegram import (
    MAX_CALLBACK_BYTES,
    answer_callback_body,
    callback_data,
    read_update,
    secret_is_valid,
    send_message_body,
)
from tests.directory_data import phone_number

CHAT = 987654321


def _message(text=None, chat_type="private", **extra):
    message = {"message_id": 1, "chat": {"id": CHAT, "type": chat_type}, **extra}
    if text is not None:
        message["text"] = text
    return {"update_id": 1, "message": message}


def test_the_secret_header_must_be_the_one_given_to_set_webhook():
    assert secret_is_valid("a" * 40, "a" * 40)
    assert not secret_is_valid("a" * 39 + "b", "a" * 40)
    assert not secret_is_valid(None, "a" * 40) and not secret_is_valid("", "a" * 40)


def test_a_private_text_message_is_read():
    update = read_update(_message("I need help in Zwolle"))
    assert update.chat_id == CHAT and update.text == "I need help in Zwolle"
    assert not update.is_button


@pytest.mark.parametrize("chat_type", ["group", "supergroup", "channel"])
def test_groups_and_channels_get_no_answer(chat_type):
    assert read_update(_message("hello", chat_type)) is None


@pytest.mark.parametrize(
    "body",
    [
        {"update_id": 1, "edited_message": _message("hello")["message"]},
        {"update_id": 1, "my_chat_member": {}},
        {"update_id": 1, "message": {"chat": {"id": "12", "type": "private"}, "text": "x"}},
        [],
        "hello",
    ],
    ids=["edited", "status", "chat id not a number", "a list", "a string"],
)
def test_other_updates_get_no_answer(body):
    assert read_update(body) is None


def test_a_photo_or_location_is_an_empty_message_and_is_never_read():
    update = read_update(_message(location={"latitude": 52.1, "longitude": 5.1}))
    assert update.text == "" and update.chat_id == CHAT


@pytest.mark.parametrize(
    ("text", "language"), [("/start", None), ("/start ar", "ar"), ("/start xx", None)]
)
def test_start_greets_and_may_choose_the_language(text, language):
    update = read_update(_message(text))
    assert update.text == "/greet" and update.language == language


def test_a_button_press_is_read_with_its_query_id():
    body = {
        "update_id": 2,
        "callback_query": {
            "id": "q1",
            "data": "/find_help_more",
            "message": _message("x")["message"],
        },
    }
    update = read_update(body)
    assert update.is_button and update.text == "/find_help_more" and update.chat_id == CHAT
    assert answer_callback_body("q1") == {"callback_query_id": "q1"}


def test_buttons_become_an_inline_keyboard_and_a_phone_link_a_line_under_the_text():
    call = phone_number("comensha").tel_uri
    message = {
        "text": "Help near Eindhoven",
        "buttons": [
            {"title": "Call", "payload": call},
            {"title": "More help near me", "payload": "/find_help_more"},
        ],
        "metadata": {"language": "en", "direction": "ltr"},
    }
    tokens = {}
    body = send_message_body(CHAT, message, tokens)
    assert body["chat_id"] == CHAT and "parse_mode" not in body
    assert body["text"] == f"Help near Eindhoven\nCall: {call.removeprefix('tel:')}"
    keyboard = body["reply_markup"]["inline_keyboard"]
    assert keyboard == [[{"text": "More help near me", "callback_data": "/find_help_more"}]]
    assert tokens == {}


def test_arabic_text_is_sent_as_it_is_and_the_number_reads_left_to_right():
    call = phone_number("comensha").tel_uri
    text = "هل أنت في خطر الآن؟ يُرجى الاتصال بالرقم 112."
    message = {
        "text": text,
        "buttons": [{"title": "اتصل", "payload": call}],
        "metadata": {"language": "ar", "direction": "rtl"},
    }
    body = send_message_body(CHAT, message, {})
    first, second = body["text"].split("\n")
    assert first == text  # not a mark added to the Arabic
    assert second == f"اتصل: \u2066{call.removeprefix('tel:')}\u2069"


def test_a_payload_longer_than_64_bytes_is_sent_as_a_token_and_remembered():
    long = '/inform_place{"place": "' + "Súdwest-Fryslân " * 4 + '"}'
    assert len(long.encode()) > MAX_CALLBACK_BYTES
    tokens = {}
    message = {"text": "Which?", "buttons": [{"title": "S", "payload": long}]}
    body = send_message_body(CHAT, message, tokens)
    data = body["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= MAX_CALLBACK_BYTES and tokens == {data: long}
    assert callback_data(long) == data  # the same payload, the same token


def test_every_language_menu_button_fits_a_telegram_button():
    assert all(callback_data(b["payload"]) == b["payload"] for b in language_menu_buttons())


def test_the_browser_history_advice_is_the_platform_note_only_on_messengers():
    assert messenger_response("utter_phone_traces", TELEGRAM) == "utter_messenger_privacy"
    assert messenger_response("utter_phone_traces", WHATSAPP) == "utter_messenger_privacy"
    assert messenger_response("utter_phone_traces", "rest") == "utter_phone_traces"
    assert messenger_response("utter_phone_traces", "socketio") == "utter_phone_traces"
    assert messenger_response("utter_phone_traces", None) == "utter_phone_traces"
    assert messenger_response("utter_anonymity", TELEGRAM) == "utter_anonymity"


def test_bodies_are_json():
    json.dumps(send_message_body(CHAT, {"text": "x", "buttons": language_menu_buttons()}, {}))
