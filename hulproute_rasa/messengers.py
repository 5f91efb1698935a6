"""Telegram and WhatsApp (through Twilio) as Rasa input channels: thin subclasses of Rasa's own
connectors, with the web channels' protections and no platform identity inside the bot.

Both answer every message through `channels.answer_guarded`, like the REST channel: the same
message limits (per conversation, across all channels; for the whole process), the same answers
to an empty or very long message, 112 and CoMensha when the dialogue produced nothing, and each
bubble's language. The plain parts (pseudonyms, signatures, keyboards, numbered choices) are in
bot/messengers/; docs/channels.md says how to set them up and what they mean for privacy.

Each is off unless configured (bot/settings.py): then it registers no webhook route (404) and
sends nothing. The secrets come from the environment through bot/settings.py, not from
`${VAR}` in credentials.yml: Rasa stops at start-up when such a variable is unset, so a channel
could not simply be off, and the values would be read past the settings' checks.

Why each override of Rasa's `TelegramInput` (rasa/core/channels/telegram.py):
- `blueprint`: Rasa's calls Telegram's getMe over the internet for every message to compare a
  bot name (not a secret); here the `X-Telegram-Bot-Api-Secret-Token` header set with
  setWebhook is checked, without any call. Rasa's uses the chat id as the conversation id and
  logs the exception text, which can quote the message; here the chat id becomes a keyed
  pseudonym before Rasa sees it, and errors are logged without messages. Rasa's answers edited
  messages again and in any chat; here only new messages and button presses in private chats.
- `get_output_channel`: Rasa's calls setWebhook over the internet at start-up (and fails
  without a network). The operator sets the webhook once (docs/channels.md). It returns None:
  no output channel holds a chat id outside a request (Rasa's API then collects the answers).
- `from_credentials`: the settings, not credentials.yml (above).
Replies go through the Bot API's sendMessage (plain text, inline keyboards), to the chat id of
the request being answered: the chat id lives in that request only, never in a store.

Why each override of Rasa's `TwilioInput` (rasa/core/channels/twilio.py):
- `blueprint`: Rasa's does not check `X-Twilio-Signature` (anyone could write as any number)
  and uses the phone number as the conversation id; here a bad signature gets 403 and the
  number becomes a pseudonym. Replies are TwiML in the webhook's response, not Twilio's
  Messages API: no mapping from pseudonym to number is needed and no outgoing call is made.
- `get_output_channel`: Rasa's builds a Twilio REST client that sends to the phone number;
  there is none to send to outside a request, so None.
- `from_credentials`: the settings (above).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput
from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.messengers import TELEGRAM, WHATSAPP, telegram, whatsapp
from bot.messengers.choices import ChoiceMemory
from bot.messengers.pseudonyms import pseudonym
from bot.settings import TelegramSettings, WhatsAppSettings
from hulproute_rasa import runtime
from hulproute_rasa.channels import _json_body, answer_guarded

logger = logging.getLogger(__name__)
# The start-up line saying which channels are on. Written as a warning: Rasa runs with
# --quiet (warnings and errors only), and an operator must see it at every start.
start_log = logging.getLogger("hulproute.channels")

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
SEND_TIMEOUT_SECONDS = 10


class TelegramChannel(TelegramInput):
    """`/webhooks/telegram/webhook`: Telegram's updates in, sendMessage out."""

    label = "telegram"

    @classmethod
    def name(cls) -> str:
        """Rasa's name for it: the URL prefix /webhooks/telegram and the recorded channel."""
        return TELEGRAM

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Configured in the settings (HULPROUTE_TELEGRAM_*), not in credentials.yml."""
        return cls(runtime.settings().telegram)

    def __init__(self, settings: TelegramSettings | None) -> None:
        # Rasa's fields stay empty: nothing here may reach Rasa's own Telegram code.
        super().__init__(access_token=None, verify=None, webhook_url=None, debug_mode=False)
        self.settings = settings
        self.off_because = None if settings else "no HULPROUTE_TELEGRAM_TOKEN"
        self.tokens = ChoiceMemory()  # long button payloads, per conversation

    def get_output_channel(self) -> OutputChannel | None:
        """None: no chat id is kept outside the request it came with (and no setWebhook)."""
        return None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The webhook, or no route at all when Telegram is off."""
        blueprint = Blueprint("hulproute_telegram_webhook", __name__)
        _announce_channels_at_start(blueprint)
        if self.settings is None:
            return blueprint
        settings, secret = self.settings, runtime.settings().pseudonym_secret
        gate = runtime.message_gate()
        tokens = self.tokens
        gate.also_forget(tokens.forget)
        api = TelegramApi(settings.api_base, settings.token)

        @blueprint.listener("before_server_stop")
        async def close(*_: Any) -> None:
            await api.close()

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            given = request.headers.get(telegram.SECRET_HEADER)
            if not telegram.secret_is_valid(given, settings.webhook_secret):
                return response.json({"error": "forbidden"}, status=403)
            update = telegram.read_update(_json_body(request))
            if update is None:  # an edit, a group, a status change: nothing to answer
                return response.json({})
            if update.callback_query_id is not None:  # a button: stop its spinner in the app
                answered = telegram.answer_callback_body(update.callback_query_id)
                await api.call("answerCallbackQuery", answered)
            sender = pseudonym(secret, TELEGRAM, str(update.chat_id))
            text = update.text
            if update.is_button and text.startswith(telegram.TOKEN_PREFIX):
                text = tokens.payload(sender, text) or text
            metadata = {"language": update.language} if update.language else None
            agent = getattr(request.app.ctx, "agent", None)
            messages = await answer_guarded(
                on_new_message, agent, gate, sender, text, self.name(), metadata
            )
            remembered: dict[str, str] = {}
            for message in messages:
                body = telegram.send_message_body(update.chat_id, message, remembered)
                if body["text"]:
                    await api.call("sendMessage", body)
            tokens.remember(sender, remembered)
            # 200 whatever happened: Telegram would send the same update again.
            return response.json({})

        return blueprint


class TelegramApi:
    """Calls to the Bot API: `{api_base}/bot{token}/{method}`. The token is in the URL, so
    neither the URL nor an HTTP library's error message (which may quote it) is ever logged."""

    def __init__(self, api_base: str, token: str) -> None:
        self._base = f"{api_base}/bot{token}"
        self._session: aiohttp.ClientSession | None = None

    async def call(self, method: str, body: dict[str, Any]) -> bool:
        """POST `body` as JSON; False (and a warning without details) when it failed."""
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=SEND_TIMEOUT_SECONDS)
            self._session = aiohttp.ClientSession(timeout=timeout)
        try:
            async with self._session.post(f"{self._base}/{method}", json=body) as reply:
                if reply.status != 200:
                    logger.warning("Telegram refused %s (HTTP %d)", method, reply.status)
                    return False
                return True
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("Telegram could not be reached for %s (%s)", method,
                           type(error).__name__)  # fmt: skip
            return False

    async def close(self) -> None:
        """Close the HTTP session (at server stop)."""
        if self._session is not None:
            await self._session.close()


class WhatsAppChannel(TwilioInput):
    """`/webhooks/twilio/webhook`: Twilio's WhatsApp messages in, TwiML out."""

    label = "whatsapp"

    @classmethod
    def name(cls) -> str:
        """Rasa's name for it: the URL prefix /webhooks/twilio and the recorded channel."""
        return WHATSAPP

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Configured in the settings (HULPROUTE_TWILIO_AUTH_TOKEN, ...), not credentials.yml."""
        return cls(runtime.settings().whatsapp)

    def __init__(self, settings: WhatsAppSettings | None) -> None:
        super().__init__(account_sid=None, auth_token=None, twilio_number=None, debug_mode=False)
        self.settings = settings
        self.off_because = None if settings else "no HULPROUTE_TWILIO_AUTH_TOKEN"
        self.choices = ChoiceMemory()

    def get_output_channel(self) -> OutputChannel | None:
        """None: answers go back in the webhook's response, to no stored number."""
        return None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The webhook, or no route at all when WhatsApp is off."""
        blueprint = Blueprint("hulproute_twilio_webhook", __name__)
        _announce_channels_at_start(blueprint)
        if self.settings is None:
            return blueprint
        settings, secret = self.settings, runtime.settings().pseudonym_secret
        gate = runtime.message_gate()
        choices = self.choices  # what "1", "2", ... stand for, per conversation
        gate.also_forget(choices.forget)

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = _form(request)
            given = request.headers.get(whatsapp.SIGNATURE_HEADER)
            if form is None or not whatsapp.signature_is_valid(
                settings.auth_token, settings.webhook_url, form, given
            ):
                return response.text("forbidden", status=403)
            address = (form.get("From") or [""])[0]
            if not address:
                return response.text("no sender", status=400)
            sender = pseudonym(secret, WHATSAPP, address)
            text = (form.get("Body") or [""])[0]  # media only: empty, never looked at
            number = whatsapp.choice_number(text)
            if number is not None:
                text = choices.payload(sender, number) or text
            agent = getattr(request.app.ctx, "agent", None)
            messages = await answer_guarded(on_new_message, agent, gate, sender, text, self.name())
            texts, shown = whatsapp.numbered(messages)
            choices.remember(sender, shown)
            twiml = whatsapp.twiml(whatsapp.packed(texts))
            return response.text(twiml, content_type="application/xml")

        return blueprint


def _form(request: Request) -> dict[str, list[str]] | None:
    """The POST parameters exactly as sent (blank values too: Twilio signs them)."""
    if (request.content_type or "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return None
    try:
        return parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return None


def channels_summary(channels: Iterable[InputChannel]) -> str:
    """ "Channels on: rest, socketio, telegram; off: whatsapp (no HULPROUTE_TWILIO_AUTH_TOKEN)"."""
    on: list[str] = []
    off: list[str] = []
    for channel in channels:
        label = getattr(channel, "label", None) or channel.name()
        reason = getattr(channel, "off_because", None)
        (off if reason else on).append(f"{label} ({reason})" if reason else label)
    return f"Channels on: {', '.join(on) or 'none'}; off: {', '.join(off) or 'none'}"


def _announce_channels_at_start(blueprint: Blueprint) -> None:
    """Once the server runs, one line with every channel Rasa registered, on or off."""

    @blueprint.listener("after_server_start")
    async def announce(app: Any, *_: Any) -> None:
        if getattr(app.ctx, "hulproute_channels_announced", False):
            return
        app.ctx.hulproute_channels_announced = True
        start_log.warning(channels_summary(getattr(app.ctx, "input_channels", None) or []))
