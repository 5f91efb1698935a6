"""WhatsApp through Twilio, the plain part: the webhook's signature, numbered choices, TwiML.

- **Authentication.** Twilio signs every webhook request: `X-Twilio-Signature` is the base64
  HMAC-SHA1, keyed with the account's auth token, of the full URL Twilio called followed by
  every POST parameter's name and value, sorted by name. A request without the right signature
  did not come from Twilio and is refused.
- **Answering with TwiML**, in the webhook's own response, not through Twilio's Messages API:
  the reply goes back on the request that brought the message, so the server needs no mapping
  from a pseudonym to a phone number at all, and makes no outgoing call with the account's
  credentials. (The API would be needed only to write first, which this bot never does.)
- **Buttons as numbered lines** under the last bubble ("1 · More help near me"): interactive
  WhatsApp buttons need templates approved by Meta for each text in each language. A reply of
  just the number ("2", also "٢", "۲" or "፪") sends that button's payload. Numbers run on over
  all bubbles of one answer, so each number means one thing.
- **Few messages, in order.** The bubbles of one answer are joined into as few WhatsApp
  messages as fit Twilio's 1,600 characters (a list of twelve contacts is one or two messages,
  not twelve): Twilio sends the messages of one TwiML answer one by one, but WhatsApp does not
  promise they arrive in that order, and each costs the operator money.
- Phone numbers stay plain text: WhatsApp makes them tappable.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from bot.messengers.buttons import choices_and_links, with_link_lines

SIGNATURE_HEADER = "X-Twilio-Signature"
MAX_MESSAGE_CHARS = 1500  # Twilio refuses a WhatsApp body over 1,600 characters
CHOICE_SEPARATOR = " · "
MAX_CHOICE_DIGITS = 2


def _values(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str | Sequence[str]]) -> str:
    """The signature Twilio sends for a POST of `params` to `url`."""
    data = url + "".join(
        name + value for name in sorted(params) for value in sorted(set(_values(params[name])))
    )
    digest = hmac.new(auth_token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_is_valid(
    auth_token: str, url: str, params: Mapping[str, str | Sequence[str]], given: str | None
) -> bool:
    """The request's signature is Twilio's for this URL and these parameters."""
    expected = twilio_signature(auth_token, url, params)
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


def numbered(
    messages: Iterable[dict[str, Any]],
) -> tuple[list[str], dict[str, str]]:
    """Each bubble as WhatsApp text, with its buttons as numbered lines (and links written
    out), and what each number stands for."""
    texts: list[str] = []
    choices: dict[str, str] = {}
    for message in messages:
        language = str((message.get("metadata") or {}).get("language") or "en")
        buttons, links = choices_and_links(message.get("buttons") or [])
        text = with_link_lines(str(message.get("text") or ""), links, language)
        lines = []
        for button in buttons:
            number = str(len(choices) + 1)
            choices[number] = str(button["payload"])
            lines.append(f"{number}{CHOICE_SEPARATOR}{button['title']}")
        texts.append("\n\n".join(part for part in (text, "\n".join(lines)) if part))
    return texts, choices


def choice_number(reply: str) -> str | None:
    """ "2" when the reply is just a number (in any script's digits, with a dot or bracket
    after it), else None."""
    text = reply.strip().rstrip(".)").strip()
    if not text or len(text) > MAX_CHOICE_DIGITS:
        return None
    if text.isdecimal():  # also Arabic-Indic and Persian digits
        return str(int(text))
    if len(text) == 1:  # Ethiopic numerals (፩ ... ፱) are numbers, not digits
        value = unicodedata.numeric(text, -1.0)
        if value >= 1 and value == int(value):
            return str(int(value))
    return None


def packed(texts: Iterable[str], limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """The bubbles joined (a blank line between them) into as few messages of at most `limit`
    characters as keep their order; a bubble longer than that is cut at line ends."""
    messages: list[str] = []
    for text in (t for t in texts if t):
        for part in _cut(text, limit):
            if messages and len(messages[-1]) + 2 + len(part) <= limit:
                messages[-1] += "\n\n" + part
            else:
                messages.append(part)
    return messages


def _cut(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    for line in text.split("\n"):
        while len(line) > limit:  # one line longer than a message: cut it (never seen)
            parts.append(line[:limit])
            line = line[limit:]
        if parts and len(parts[-1]) + 1 + len(line) <= limit:
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return parts


def twiml(texts: Iterable[str]) -> str:
    """The webhook's answer: one WhatsApp message per bubble."""
    body = "".join(f"<Message>{escape(text)}</Message>" for text in texts if text)
    return f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>'
