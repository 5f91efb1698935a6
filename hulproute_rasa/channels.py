"""REST and socket.io channels whose answers carry the language and text direction of each
message.

Rasa's REST output drops everything but text and buttons, so a client could not know that an
Arabic answer must be laid out right to left. Same URLs as Rasa's (`/webhooks/rest/webhook`,
`/socket.io`), same request format. They never write the user's text into a log line (Rasa's
own channels do on errors), and protect the dialogue (bot/privacy/limits.py and payloads.py):
- REST takes JSON only (415 otherwise), with a `sender` of 1 to 64 letters, digits, "-" or
  "_" and a text `message` (400 with the reason otherwise);
- control, zero-width and bidi characters and lone surrogates are removed; an empty message
  gets the usual "did not understand" answer with the topic buttons, a very long one a
  request to write less;
- a "/" message is a payload only when it is one of the bot's own buttons, else plain text;
- metadata is reduced to the page's language choice and outreach mode;
- limits per conversation (both channels together), per socket connection and for the whole
  process; a refused message gets a request to wait, except danger (112) and "delete this
  chat" (deleted), which pass every limit;
- when the dialogue produced no answer at all (a component down, an error), the user still
  gets 112 and CoMensha, in the conversation's language.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.emergency.danger import settle_intent
from bot.privacy.limits import (
    CONNECTION,
    CONVERSATION,
    EMPTY,
    GLOBAL,
    OK,
    TOO_LONG,
    Admission,
    Checked,
    MessageGate,
    clean_metadata,
    is_conversation_id,
)
from bot.privacy.sessions import SocketSessions
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
        if isinstance(metadata.get("card"), dict):
            message["metadata"]["card"] = metadata["card"]
    return message


# Messages that get a channel answer instead of reaching the dialogue.
CHANNEL_ANSWERS = {TOO_LONG: "utter_message_too_long", EMPTY: "utter_default"}
REFUSED_ANSWERS = {CONVERSATION: "utter_slow_down", CONNECTION: "utter_slow_down",
                   GLOBAL: "utter_busy"}  # fmt: skip
# What passes every limit: the user gets the answer at once, without the dialogue.
EMERGENCY, DELETE = "emergency", "delete_conversation"
URGENT_ANSWERS = {EMERGENCY: "utter_emergency", DELETE: "utter_conversation_deleted"}
# A refused message is read by the intent model alone (not the whole NLU: ~1 ms instead of
# ~11 ms, under a flood); it is danger or deletion when that is its most likely intent with at
# least the confidence config.yml's FallbackClassifier asks of any intent.
URGENT_MIN_CONFIDENCE = 0.1
URGENT_EMERGENCY_MIN = 0.5  # config.yml, DangerSafetyNet emergency_min


async def answer_refused(agent: Any, sender: str, admission: Admission) -> list[dict[str, Any]]:
    """The answer to a message a limit refused: "I am in danger" still gets 112, "delete this
    chat" still deletes; anything else gets a request to wait (which also names 112)."""
    urgent, language = _urgent_intent(admission.checked)
    if urgent == DELETE and agent is not None:
        await delete_conversation(agent, sender)
    response = URGENT_ANSWERS.get(urgent or "") or REFUSED_ANSWERS[admission.refused_by or ""]
    return await _answer(agent, sender, response, language)


def _urgent_intent(checked: Checked) -> tuple[str | None, str | None]:
    """Danger or deletion in a refused message (their buttons, or what the intent model
    reads), and the message's language if the detector is sure of it."""
    if checked.verdict != OK:
        return None, None
    if checked.text in ("/" + EMERGENCY, "/" + DELETE):
        return checked.text[1:], None
    classifier = runtime.loaded_model(runtime.INTENT_MODEL)
    if checked.text.startswith("/") or classifier is None:
        return None, None
    try:
        ranking = classifier.rank(checked.text, 3)
        detector = runtime.loaded_model(runtime.LANGUAGE_MODEL)
        detection = detector.detect(checked.text) if detector is not None else None
        lexicon = runtime.loaded_model(runtime.DANGER_MODEL)
        guess = detection.language if detection is not None else None
        danger = lexicon is not None and lexicon.find(checked.text, guess) is not None
    except Exception:  # noqa: BLE001 - a refusal must be answered whatever went wrong
        logger.warning("Reading a refused message failed", exc_info=True)
        return None, None
    language = detection.language if detection is not None and detection.confident else None
    # As the NLU pipeline settles it (config.yml): below the threshold not understood, and the
    # safety net's reading of danger words (bot/emergency/danger.py).
    if ranking and ranking[0][1] < URGENT_MIN_CONFIDENCE:
        ranking = [(None, ranking[0][1]), *ranking]
    urgent, _ = settle_intent(ranking, danger, URGENT_EMERGENCY_MIN, URGENT_MIN_CONFIDENCE)
    if urgent in URGENT_ANSWERS:
        return urgent, language
    return None, language


async def delete_conversation(agent: Any, sender: str) -> None:
    """What "delete this chat" does, without the dialogue: the conversation is gone; only its
    language is kept, so the next answer is still in the user's language."""
    # Rasa wraps the configured store in a FailSafeTrackerStore, which has no `delete`.
    store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)
    async with agent.lock_store.lock(sender):
        tracker = await store.retrieve(sender)
        language = tracker.get_slot(LANGUAGE_SLOT) if tracker is not None else None
        await store.delete(sender)
        if language:
            slots = agent.domain.slots if agent.domain else []
            fresh = DialogueStateTracker.from_events(
                sender, [SlotSet(LANGUAGE_SLOT, language)], slots=slots
            )
            await store.save(fresh)


class RestChannel(RestInput):
    """`/webhooks/rest/webhook`, answering with language and direction per message."""

    @classmethod
    def name(cls) -> str:
        """Keeps Rasa's URL: /webhooks/rest/webhook."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestChannel:
        """No settings of its own: the limits are the process's (bot/settings.py)."""
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Health check and webhook."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        gate = runtime.message_gate()

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            # JSON only: a browser sends JSON to another site only after a CORS preflight,
            # which Rasa answers for the web chat's origin alone. A "simple" text/plain post
            # from any web site would otherwise be processed.
            if (request.content_type or "").split(";")[0].strip().lower() != "application/json":
                return response.json({"error": "send JSON (Content-Type: application/json)"}, 415)
            body = _json_body(request)
            if body is None:
                return response.json({"error": "send JSON: {sender, message}"}, status=400)
            sender = body.get("sender")
            if not is_conversation_id(sender):
                return response.json(
                    {"error": "'sender' must be 1 to 64 letters, digits, '-' or '_'"}, 400
                )
            raw = body.get("message")
            if not isinstance(raw, str):
                return response.json({"error": "'message' must be text"}, status=400)
            agent = getattr(request.app.ctx, "agent", None)
            return response.json(
                await answer_guarded(
                    on_new_message, agent, gate, sender, raw, self.name(), body.get("metadata")
                )
            )

        return webhook


async def answer_guarded(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    agent: Any,
    gate: MessageGate,
    sender: str,
    raw: object,
    input_channel: str,
    metadata: object = None,
) -> list[dict[str, Any]]:
    """The answer to one message, as a list of chat bubbles with `{language, direction}`: the
    gate's limits (a refused message gets a request to wait, danger 112, "delete this chat"
    deletes), the channel's own answer to an empty or very long message, else the dialogue's;
    when the dialogue produced nothing, 112 and CoMensha. Every channel that answers a request
    with the bot's messages (REST, Telegram, WhatsApp) goes through here, so none has laxer
    limits or lacks the fallback."""
    admission = gate.admit(sender, raw)
    if admission.refused_by:
        return await answer_refused(agent, sender, admission)
    instead = CHANNEL_ANSWERS.get(admission.checked.verdict)
    if instead:
        return await _answer(agent, sender, instead)
    collector = LanguageAwareCollector()
    try:
        await on_new_message(
            UserMessage(
                admission.checked.text,
                collector,
                sender,
                input_channel=input_channel,
                metadata=clean_metadata(metadata),
            )
        )
    except CancelledError:
        logger.error("Handling a %s message timed out", input_channel)
    except Exception:  # noqa: BLE001 - logged without the user's text
        logger.error("Handling a %s message failed", input_channel, exc_info=True)
    if not collector.messages:
        logger.warning("No answer was produced; sending the service-trouble answer")
        return await _answer(agent, sender, "utter_service_trouble")
    return collector.messages


def _json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - sanic raises on malformed JSON
        return None
    return body if isinstance(body, dict) else None


async def _answer(
    agent: Any, sender: str, response_name: str, language: str | None = None
) -> list[dict[str, Any]]:
    """A message the channel sends itself, in the conversation's language if it has one (else
    `language`, else the fallback language)."""
    language = language or runtime.settings().fallback_language
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

    The server chooses each conversation's id and gives the page a resume key with it
    (bot/privacy/sessions.py): a socket cannot join a conversation it did not start, one
    connection holds one conversation, and a page that reconnects gets its conversation back.
    The page deletes the conversation over REST when the user leaves quickly. Only the web
    chat's origin may connect (HULPROUTE_WEB_ORIGIN).
    """

    @classmethod
    def name(cls) -> str:
        """Keeps Rasa's path: /socket.io."""
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SocketChannel:
        """Event names as Rasa's channel; sessions always persistent."""
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            None,
            True,
            credentials.get("socketio_path", "/socket.io"),
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The socket.io server and its events."""
        settings = runtime.settings()
        gate = runtime.message_gate()
        sessions = SocketSessions(settings.session_secret)
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[settings.web_origin])
        blueprint = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            granted = sessions.request(sid, data.get("session_id"), data.get("resume_key"))
            conversation = granted.session.conversation
            if granted.evicted_socket is not None:
                await sio.leave_room(granted.evicted_socket, conversation)
            await sio.enter_room(sid, conversation)  # a coroutine in python-socketio 5.x
            confirm = {"session_id": conversation, "resume_key": granted.session.resume_key}
            await sio.emit("session_confirm", confirm, room=sid)

        @sio.on("disconnect")
        async def disconnect(sid: str, *_: Any) -> None:
            sessions.release(sid)
            gate.forget(connection=sid)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: str, data: Any) -> None:
            sender = sessions.conversation_of(sid)
            if sender is None or not isinstance(data, dict) or data.get("session_id") != sender:
                return  # a message for a conversation this socket does not hold
            output = LanguageAwareSocketOutput(sio, self.bot_message_evt)
            agent = _running_agent()
            admission = gate.admit(sender, data.get("message"), connection=sid)
            if admission.refused_by:
                return await _emit_all(
                    output, sender, await answer_refused(agent, sender, admission)
                )
            instead = CHANNEL_ANSWERS.get(admission.checked.verdict)
            if instead:
                return await _emit_all(output, sender, await _answer(agent, sender, instead))
            try:
                await on_new_message(
                    UserMessage(admission.checked.text, output, sender, input_channel=self.name(),
                                metadata=clean_metadata(data.get("metadata")))
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
