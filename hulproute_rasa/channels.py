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
import os
import uuid
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.message_limits import EMPTY, TOO_LONG, Checked, RateLimiter, check_message
from hulproute_rasa import runtime
from hulproute_rasa.conversation_language import LANGUAGE_SLOT

logger = logging.getLogger(__name__)


class LanguageAwareCollector(CollectingOutputChannel):
    """Collects bot messages with `metadata: {language, direction}` from the NLG."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """One message per paragraph, as Rasa's collector does, each with its metadata."""
        for part, meta in _paragraphs(text, kwargs):
            await self._persist_message(
                _with_metadata(self._message(recipient_id, text=part), meta)
            )

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """One message per paragraph; the buttons go with the last one."""
        *first, (last, last_meta) = _paragraphs(text, kwargs)
        for part, meta in first:
            await self._persist_message(
                _with_metadata(self._message(recipient_id, text=part), meta)
            )
        message = self._message(recipient_id, text=last, buttons=buttons)
        await self._persist_message(_with_metadata(message, last_meta))


def _paragraphs(text: str, kwargs: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The text's paragraphs (one chat bubble each), each with its metadata. In outreach mode
    the translation is split the same way, so each bubble carries its own translation."""
    parts = text.strip().split("\n\n") or [""]
    metadata = kwargs.get("metadata")
    translation = metadata.get("translation") if isinstance(metadata, dict) else None
    if not isinstance(translation, dict) or not translation.get("text"):
        return [(part, kwargs) for part in parts]
    others = str(translation["text"]).strip().split("\n\n")
    if len(others) != len(parts):  # cannot pair them: the whole translation on the first
        others = ["\n\n".join(others)] + [""] * (len(parts) - 1)
    return [
        (part, {**kwargs, "metadata": {**metadata, "translation": {**translation, "text": other}}})
        for part, other in zip(parts, others, strict=True)
    ]


def _with_metadata(message: dict[str, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    metadata = kwargs.get("metadata")
    if isinstance(metadata, dict) and metadata.get("language"):
        message["metadata"] = {
            "language": metadata["language"],
            "direction": metadata.get("direction", "ltr"),
        }
        translation = metadata.get("translation")
        if isinstance(translation, dict) and translation.get("text"):
            message["metadata"]["translation"] = translation
    return message


class MessageGuard:
    """What both channels check before a message reaches the dialogue: the per-conversation
    rate limit, then bot/message_limits.check_message."""

    # Messages that get a channel answer instead of reaching the dialogue.
    ANSWERS = {TOO_LONG: "utter_message_too_long", EMPTY: "utter_default"}

    def __init__(self, per_minute: float = 30.0, burst: int = 10) -> None:
        self._limiter = RateLimiter(per_minute=per_minute, burst=burst)

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> MessageGuard:
        """Rate limit from credentials.yml: `messages_per_minute`, `burst`."""
        credentials = credentials or {}
        return cls(
            per_minute=float(credentials.get("messages_per_minute", 30)),
            burst=int(credentials.get("burst", 10)),
        )

    def check(self, sender: str, raw: object) -> tuple[Checked, str | None]:
        """The cleaned message, and the channel answer to send instead of it (if any)."""
        if not self._limiter.allow(sender):
            return Checked(EMPTY, ""), "utter_slow_down"
        checked = check_message(raw)
        return checked, self.ANSWERS.get(checked.verdict)


class RestChannel(RestInput):
    """`/webhooks/rest/webhook`, answering with language and direction per message."""

    def __init__(self, guard: MessageGuard | None = None) -> None:
        self._guard = guard or MessageGuard()

    @classmethod
    def name(cls) -> str:
        """Keeps Rasa's URL: /webhooks/rest/webhook."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestChannel:
        """Rate limit from credentials.yml (MessageGuard)."""
        return cls(MessageGuard.from_credentials(credentials))

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
            checked, instead = self._guard.check(sender, raw)
            if instead:
                return response.json(await _channel_answer(request, sender, instead))
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
    return await _answer(getattr(request.app.ctx, "agent", None), sender, response_name)


async def _answer(agent: Any, sender: str, response_name: str) -> list[dict[str, Any]]:
    language = runtime.settings().fallback_language
    try:
        tracker = await agent.tracker_store.retrieve(sender) if agent else None
        if tracker is not None and tracker.get_slot(LANGUAGE_SLOT):
            language = str(tracker.get_slot(LANGUAGE_SLOT))
    except Exception:  # noqa: BLE001 - the answer matters more than the language
        logger.warning("Could not read the conversation language", exc_info=True)
    message = runtime.renderer().render(response_name, language)
    return [{"recipient_id": sender, **message}]


# --- socket.io --------------------------------------------------------------------------------


class LanguageAwareSocketOutput(OutputChannel):
    """Emits each paragraph as a `bot_uttered` event with `metadata: {language, direction}`."""

    @classmethod
    def name(cls) -> str:
        """The channel name Rasa records."""
        return "socketio"

    def __init__(self, sio: AsyncServer, event: str) -> None:
        self.sio = sio
        self.event = event
        self.sent = 0

    async def emit(self, room: str, message: dict[str, Any]) -> None:
        """Send one message to the conversation's room."""
        self.sent += 1
        await self.sio.emit(self.event, message, room=room)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """One event per paragraph."""
        for part, meta in _paragraphs(text, kwargs):
            await self.emit(recipient_id, _with_metadata({"text": part}, meta))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """One event per paragraph; the buttons go with the last one."""
        *first, (last, last_meta) = _paragraphs(text, kwargs)
        for part, meta in first:
            await self.emit(recipient_id, _with_metadata({"text": part}, meta))
        await self.emit(recipient_id, _with_metadata({"text": last, "buttons": buttons}, last_meta))


class SocketChannel(SocketIOInput):
    """Rasa's socket.io channel with the REST channel's protections and metadata.

    Sessions are the page's own random id (`session_request` with `session_id`), so the page
    can also delete the conversation over REST when the user leaves quickly. Only the web
    chat's origin may connect (HULPROUTE_WEB_ORIGIN, default http://127.0.0.1:8080).
    """

    def __init__(self, *args: Any, guard: MessageGuard | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._guard = guard or MessageGuard()

    @classmethod
    def name(cls) -> str:
        """Keeps Rasa's path: /socket.io."""
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SocketChannel:
        """Event names as Rasa's channel; sessions always persistent; the rate limit."""
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            None,
            True,
            credentials.get("socketio_path", "/socket.io"),
            guard=MessageGuard.from_credentials(credentials),
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The socket.io server and its three events."""
        origin = os.environ.get("HULPROUTE_WEB_ORIGIN", "http://127.0.0.1:8080")
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[origin])
        blueprint = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            session = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session, str) or not 8 <= len(session) <= 64:
                session = uuid.uuid4().hex
            await sio.enter_room(sid, session)  # a coroutine in python-socketio 5.x
            await sio.emit("session_confirm", session, room=sid)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("session_id"), str):
                return
            sender = data["session_id"]
            if sender not in sio.rooms(sid):
                return  # a message for a conversation this socket did not open
            output = LanguageAwareSocketOutput(sio, self.bot_message_evt)
            agent = _running_agent()
            checked, instead = self._guard.check(sender, data.get("message"))
            if instead:
                return await _emit_all(output, sender, await _answer(agent, sender, instead))
            metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else None
            try:
                await on_new_message(
                    UserMessage(checked.text, output, sender, input_channel=self.name(),
                                metadata=metadata)
                )  # fmt: skip
            except Exception:  # noqa: BLE001 - logged without the user's text
                logger.error("Handling a socket.io message failed", exc_info=True)
            if not output.sent:
                await _emit_all(
                    output, sender, await _answer(agent, sender, "utter_service_trouble")
                )

        return blueprint


async def _emit_all(
    output: LanguageAwareSocketOutput, room: str, messages: list[dict[str, Any]]
) -> None:
    for message in messages:
        await output.emit(room, {k: v for k, v in message.items() if k != "recipient_id"})


def _running_agent() -> Any:
    try:
        from sanic import Sanic

        return getattr(Sanic.get_app().ctx, "agent", None)
    except Exception:  # noqa: BLE001 - no app (tests): answer in the fallback language
        return None
