"""REST channel whose answers carry the language and text direction of each message.

Rasa's REST output drops everything but text and buttons, so a client could not know that an
Arabic answer must be laid out right to left. Same URL as Rasa's (`/webhooks/rest/webhook`),
same request format. It also never writes the user's text into a log line (Rasa's own channel
does on errors), and protects the dialogue (bot/message_limits.py):
- a request that is not JSON with a text `message` gets 400 with the reason;
- control, zero-width and bidi characters are removed; an empty message gets the usual "did
  not understand" answer with the topic buttons, a very long one a request to write less;
- a conversation sending faster than the rate limit gets a friendly request to wait;
- when the dialogue produced no answer at all (a component down, an error), the user still
  gets 112 and CoMensha, in the conversation's language.
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

from bot.message_limits import EMPTY, TOO_LONG, RateLimiter, check_message
from hulproute_rasa import runtime
from hulproute_rasa.conversation_language import LANGUAGE_SLOT

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
        """One message per paragraph; the buttons go with the last one."""
        *first, last = text.strip().split("\n\n") or [""]
        for part in first:
            await self._persist_message(
                _with_metadata(self._message(recipient_id, text=part), kwargs)
            )
        message = self._message(recipient_id, text=last, buttons=buttons)
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

    def __init__(self, per_minute: float = 30.0, burst: int = 10) -> None:
        self._limiter = RateLimiter(per_minute=per_minute, burst=burst)

    @classmethod
    def name(cls) -> str:
        """Keeps Rasa's URL: /webhooks/rest/webhook."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestChannel:
        """Rate limit from credentials.yml: `messages_per_minute`, `burst`."""
        credentials = credentials or {}
        return cls(
            per_minute=float(credentials.get("messages_per_minute", 30)),
            burst=int(credentials.get("burst", 10)),
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Health check and webhook."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = _json_body(request)
            if body is None or not isinstance(body.get("sender", "default"), str):
                return response.json({"error": "send JSON: {sender, message}"}, status=400)
            sender = body.get("sender") or "default"
            raw = body.get("message")
            if not isinstance(raw, str):
                return response.json({"error": "'message' must be text"}, status=400)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            if not self._limiter.allow(sender):
                return response.json(await _channel_answer(request, sender, "utter_slow_down"))
            checked = check_message(raw)
            if checked.verdict == TOO_LONG:
                answer = await _channel_answer(request, sender, "utter_message_too_long")
                return response.json(answer)
            if checked.verdict == EMPTY:
                return response.json(await _channel_answer(request, sender, "utter_default"))
            collector = LanguageAwareCollector()
            try:
                await on_new_message(
                    UserMessage(
                        checked.text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=metadata,
                    )
                )
            except CancelledError:
                logger.error("Handling a REST message timed out")
            except Exception:  # noqa: BLE001 - logged without the user's text
                logger.error("Handling a REST message failed", exc_info=True)
            if not collector.messages:
                logger.warning("No answer was produced; sending the service-trouble answer")
                return response.json(
                    await _channel_answer(request, sender, "utter_service_trouble")
                )
            return response.json(collector.messages)

        return webhook


def _json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - sanic raises on malformed JSON
        return None
    return body if isinstance(body, dict) else None


async def _channel_answer(
    request: Request, sender: str, response_name: str
) -> list[dict[str, Any]]:
    """A message the channel sends itself, in the conversation's language if it has one."""
    language = runtime.settings().fallback_language
    agent = getattr(request.app.ctx, "agent", None)
    try:
        tracker = await agent.tracker_store.retrieve(sender) if agent else None
        if tracker is not None and tracker.get_slot(LANGUAGE_SLOT):
            language = str(tracker.get_slot(LANGUAGE_SLOT))
    except Exception:  # noqa: BLE001 - the answer matters more than the language
        logger.warning("Could not read the conversation language", exc_info=True)
    message = runtime.renderer().render(response_name, language)
    return [{"recipient_id": sender, **message}]
