"""The bot's buttons on a messenger: choices to send back, and links written out.

A button with a `tel:` or `mailto:` payload opens the phone or the mail app in the web chat.
Telegram's inline buttons only open http(s) and tg:// links, and WhatsApp has no link buttons
without a template, so there it becomes a line under the text, "Call: +31334481186", which both
apps make tappable. In a right-to-left language the number is wrapped in a left-to-right
isolate, as everywhere else in the bot (bot/i18n/responses.py), so it is not read backwards;
the Arabic text itself is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.i18n.responses import LINK_PAYLOADS, is_link, isolate_codes

Button = dict[str, Any]


def choices_and_links(buttons: Iterable[Button]) -> tuple[list[Button], list[Button]]:
    """The buttons that send a message back (choices), and the link buttons."""
    choices: list[Button] = []
    links: list[Button] = []
    for button in buttons:
        (links if is_link(str(button.get("payload", ""))) else choices).append(button)
    return choices, links


def link_line(button: dict[str, Any], language: str) -> str:
    """ "Call: +31334481186": the link button's title and its number or address."""
    payload = str(button["payload"])
    address = next(
        (payload[len(prefix) :] for prefix in LINK_PAYLOADS if payload.startswith(prefix)), payload
    )
    return f"{button['title']}: {isolate_codes({'a': address}, language)['a']}"


def with_link_lines(text: str, links: Iterable[dict[str, Any]], language: str) -> str:
    """The text with one line per link button under it."""
    lines = [link_line(button, language) for button in links]
    return "\n".join([text, *lines]) if lines else text
