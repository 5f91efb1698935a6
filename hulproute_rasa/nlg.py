"""Rasa NLG that renders every response from the gettext catalogs, inside the Rasa process.

Chosen over Rasa's NLG-over-HTTP endpoint (docs/decisions/0001-nlg-in-process.md): no network
hop, and no second process that can be down when someone writes that they are in danger.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.i18n.responses import language_menu_buttons
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.messengers import messenger_response
from bot.privacy import logs
from hulproute_rasa import rasa_speedups, runtime
from hulproute_rasa.conversation_language import conversation_language

logger = logging.getLogger(__name__)

_LAST_RESORT = "utter_emergency"


class CatalogNLG(NaturalLanguageGenerator):
    """Looks up the conversation language and renders the response's catalog entry."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Rasa passes the endpoint config and an empty domain; everything needed is loaded here,
        # at start-up, so that a broken catalog stops the server instead of a conversation.
        self._renderer = runtime.renderer()
        # Rasa has configured its logging by now: scrub every line it writes from here on.
        logs.install()
        rasa_speedups.install()  # action answers validated in 0.3 ms instead of ~20 ms
        self._fallback_language = runtime.settings().fallback_language

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str | OutputChannel,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        """The message for `utter_action` in the conversation's language."""
        language, known = conversation_language(tracker, self._fallback_language)
        if not self._renderer.has(utter_action):
            # Rasa's default actions ask for optional responses (utter_restart, ...); the
            # domain test (tests/bot/i18n/test_catalogs.py) makes sure ours all exist.
            logger.debug("No response template named %s", utter_action)
            return None
        # On Telegram and WhatsApp, what the platform keeps instead of the browser's history.
        name = messenger_response(utter_action, tracker.get_latest_input_channel())
        params = {k: v for k, v in kwargs.items() if isinstance(v, str | int | float)}
        try:
            message = self._renderer.render(name, language, params)
        except Exception:  # noqa: BLE001 - a user must get an answer whatever went wrong
            logger.exception("Rendering %s in %s failed", name, language)
            message = self._renderer.render(_LAST_RESORT, language)
        card = _help_card(kwargs)
        if card:
            # An answer with a town's route: the web chat offers to keep its help card.
            message["metadata"]["card"] = card
        beside = _outreach_language(tracker, language)
        if beside:
            # Outreach mode: the same answer in the worker's language, shown beside it.
            other = self._renderer.render(name, beside, params)
            message["metadata"]["translation"] = {
                "language": beside,
                "direction": other["metadata"]["direction"],
                "text": other["text"],
            }
        if not known:
            # Not sure which language this is: offer the menu instead of guessing.
            buttons = [b for b in message.get("buttons", []) if b["payload"] != "/choose_language"]
            payloads = {b["payload"] for b in buttons}
            message["buttons"] = buttons + [
                b for b in language_menu_buttons() if b["payload"] not in payloads
            ]
        return message


def _help_card(kwargs: dict[str, Any]) -> dict[str, str] | None:
    """`{"place": <municipality code>}` when the answer carries a town's route."""
    route = kwargs.get("route") or kwargs.get("route_more")
    if not isinstance(route, str):
        return None
    try:
        code = json.loads(route)["municipality"]["code"]
    except (ValueError, KeyError, TypeError):
        return None
    return {"place": code} if isinstance(code, str) else None


def _outreach_language(tracker: DialogueStateTracker, language: str) -> str | None:
    """The language an outreach worker asked to see beside the answers (message metadata
    `{"outreach": "nl"}`), unless it is the conversation's own language."""
    metadata = tracker.latest_message.metadata if tracker.latest_message else None
    wanted = (metadata or {}).get("outreach")
    if wanted in SUPPORTED_LANGUAGES and wanted != language:
        return str(wanted)
    return None
