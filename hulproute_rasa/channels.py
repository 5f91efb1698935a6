"""REST channel whose answers carry the language and text direction of each message.

Rasa's REST output drops everything but text and buttons, so a client could not know that an
Arabic answer must be laid out right to left. Same URL as Rasa's (`/webhooks/rest/webhook`),
same request format. It also never writes the user's text into a log line (Rasa's own channel
does on errors).
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


class LanguageAwareCollector(CollectingOutputChannel):
    """Collects bot messages with `metadata: {language, direction}` from the NLG."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """One message per paragraph, as Rasa's collector does, each with its metadata."""
        for part in text.strip().split("\n\n"):
            await self._persist_message(
                _with_metadata(self._message(recipient_id, text=part), kwargs)
            )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Text and buttons in one message, with its metadata."""
        message = self._message(recipient_id, text=text, buttons=buttons)
        await self._persist_message(_with_metadata(message, kwargs))


def _with_metadata(message: dict[str, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    metadata = kwargs.get("metadata")
    if isinstance(metadata, dict) and metadata.get("language"):
        message["metadata"] = {
            "language": metadata["language"],
            "direction": metadata.get("direction", "ltr"),
        }
    return message


class RestChannel(RestInput):
    """`/webhooks/rest/webhook`, answering with language and direction per message."""

    @classmethod
    def name(cls) -> str:
        """Keeps Rasa's URL: /webhooks/rest/webhook."""
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Health check and webhook."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            collector = LanguageAwareCollector()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender_id,
                        input_channel=self._extract_input_channel(request),
                        metadata=self.get_metadata(request),
                    )
                )
            except CancelledError:
                logger.error("Handling a REST message timed out")
            except Exception:  # noqa: BLE001 - logged without the user's text
                logger.error("Handling a REST message failed", exc_info=True)
            return response.json(collector.messages)

        return webhook
