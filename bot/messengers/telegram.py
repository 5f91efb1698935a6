"""Telegram's Bot API, the plain part: webhook updates in, sendMessage bodies out.

- **Authentication.** Telegram sends, with every update, the `secret_token` the operator gave
  in setWebhook, in the header `X-Telegram-Bot-Api-Secret-Token` (docs/channels.md). Without
  it anybody who knows the URL could write to the bot as any chat.
- **What is read.** Text messages and button presses in private chats. Edited messages, group
  chats, channels and status updates get no answer (in a group the others would read the
  answers). A photo, a voice message or a location is read as an empty message: the usual "I
  did not understand" answer with the topic buttons; the file or place is never looked at.
  "/start" (opening the bot) greets; "/start ar" (a link `t.me/<bot>?start=ar`, e.g. from a
  help card) also chooses the language.
- **What is sent.** Plain text, no `parse_mode` (nothing to escape, nothing a text could
  break), one message per bubble; the buttons as an inline keyboard, one per row (titles such
  as "Bergen (NH.) (Noord-Holland)" stay readable). A button's payload is its `callback_data`
  when it fits Telegram's 64 bytes, else a short token the channel remembers (choices.py).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from bot.language.codes import is_supported
from bot.messengers.buttons import choices_and_links, with_link_lines

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CALLBACK_BYTES = 64
TOKEN_PREFIX = "#"
GREETING = "/greet"


def secret_is_valid(given: str | None, expected: str) -> bool:
    """The webhook's secret header is the one set in setWebhook (compared in constant time)."""
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


@dataclass(frozen=True)
class Update:
    """What the bot reads of a Telegram update. `chat_id` is the platform address: it is used
    to answer this one request and then dropped."""

    chat_id: int
    text: str
    callback_query_id: str | None = None
    language: str | None = None

    @property
    def is_button(self) -> bool:
        """A press on one of the bot's inline buttons."""
        return self.callback_query_id is not None


def read_update(body: object) -> Update | None:
    """The update as a message for the bot, or None when there is nothing to answer."""
    if not isinstance(body, dict):
        return None
    query = body.get("callback_query")
    if isinstance(query, dict):
        chat = _private_chat(query.get("message"))
        data, query_id = query.get("data"), query.get("id")
        if chat is None or not isinstance(data, str) or not isinstance(query_id, str):
            return None
        return Update(chat, data, callback_query_id=query_id)
    message = body.get("message")
    chat = _private_chat(message)
    if chat is None or not isinstance(message, dict):
        return None
    text = message.get("text")
    if not isinstance(text, str):
        return Update(chat, "")  # a photo, a voice message, a location: never read
    command, _, argument = text.strip().partition(" ")
    if command == "/start":
        language = argument.strip().lower()
        return Update(chat, GREETING, language=language if is_supported(language) else None)
    return Update(chat, text)


def _private_chat(message: object) -> int | None:
    if not isinstance(message, dict):
        return None
    chat = message.get("chat")
    if not isinstance(chat, dict) or chat.get("type") != "private":
        return None
    chat_id = chat.get("id")
    return chat_id if isinstance(chat_id, int) and not isinstance(chat_id, bool) else None


def callback_data(payload: str) -> str:
    """The payload itself when it fits Telegram's 64 bytes, else a token that stands for it."""
    if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return payload
    return TOKEN_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def send_message_body(
    chat_id: int, message: dict[str, Any], tokens: dict[str, str]
) -> dict[str, Any]:
    """The sendMessage request for one bubble. Payloads too long for a button are added to
    `tokens` (token -> payload), for the channel to remember."""
    language = str((message.get("metadata") or {}).get("language") or "en")
    choices, links = choices_and_links(message.get("buttons") or [])
    body: dict[str, Any] = {
        "chat_id": chat_id,
        "text": with_link_lines(str(message.get("text") or ""), links, language),
    }
    if choices:
        rows = []
        for button in choices:
            payload = str(button["payload"])
            data = callback_data(payload)
            if data != payload:
                tokens[data] = payload
            rows.append([{"text": str(button["title"]), "callback_data": data}])
        body["reply_markup"] = {"inline_keyboard": rows}
    return body


def answer_callback_body(callback_query_id: str) -> dict[str, str]:
    """answerCallbackQuery: stops the button's loading spinner in the user's app."""
    return {"callback_query_id": callback_query_id}
