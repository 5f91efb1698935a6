"""Telegram and WhatsApp as the platforms would talk to the bot, for the end-to-end tests: a
local stand-in of Telegram's Bot API that records what the bot sends, and webhook clients that
sign as the platforms sign. Nothing here reaches the internet."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any

from aiohttp import web
from twilio.request_validator import RequestValidator

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramStandIn:
    """`POST /bot<token>/<method>` on 127.0.0.1: records each JSON body, answers ok."""

    def __init__(self, token: str, port: int) -> None:
        self.token, self.port = token, port
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.wrong_token = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            self.wrong_token += 1
            return web.json_response({"ok": False, "error_code": 401}, status=401)
        self.calls.append((request.match_info["method"], await request.json()))
        return web.json_response({"ok": True, "result": True})

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def __enter__(self) -> TelegramStandIn:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *_: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


def _post(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class TelegramUser:
    """One person in a private chat with the bot: updates in as Telegram sends them, and the
    bot's answers as the stand-in received them."""

    _update_ids = itertools.count(1)

    def __init__(self, rasa_base: str, standin: TelegramStandIn, secret: str, chat_id: int):
        self.url = rasa_base + "/webhooks/telegram/webhook"
        self.standin, self.secret, self.chat_id = standin, secret, chat_id

    def post(self, update: dict[str, Any], secret: str | None = None) -> int:
        """Send an update (with another secret, or none: "-"); the webhook's HTTP status."""
        headers = {"Content-Type": "application/json"}
        if (secret or self.secret) != "-":
            headers[SECRET_HEADER] = secret or self.secret
        status, _ = _post(self.url, json.dumps(update).encode(), headers)
        return status

    def _chat(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": "private", "first_name": "A"}

    def say(self, text: str) -> list[dict[str, Any]]:
        """A text message; the sendMessage bodies it got."""
        update = {"update_id": next(self._update_ids),
                  "message": {"message_id": 1, "chat": self._chat(), "text": text}}  # fmt: skip
        return self._answers(update)

    def press(self, callback_data: str) -> list[dict[str, Any]]:
        """A press on an inline button; the sendMessage bodies it got."""
        update = {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": f"q{self.chat_id}", "data": callback_data,
                "from": {"id": self.chat_id}, "message": {"message_id": 2, "chat": self._chat()},
            },
        }  # fmt: skip
        return self._answers(update)

    def _answers(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        start = len(self.standin.calls)
        assert self.post(update) == 200
        return [body for method, body in self.standin.calls[start:] if method == "sendMessage"]

    def answered_callbacks(self) -> list[str]:
        return [b["callback_query_id"] for m, b in self.standin.calls if m == "answerCallbackQuery"]


def buttons(bodies: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The inline keyboard buttons of the bot's answer."""
    return [
        button
        for body in bodies
        for row in body.get("reply_markup", {}).get("inline_keyboard", [])
        for button in row
    ]


class WhatsAppUser:
    """One phone number writing to the bot through Twilio: form posts signed with Twilio's own
    validator, TwiML back."""

    def __init__(self, webhook_url: str, auth_token: str, number: str) -> None:
        self.url, self.auth_token, self.number = webhook_url, auth_token, number

    def form(self, text: str) -> dict[str, str]:
        return {
            "SmsMessageSid": "SM" + "1" * 32, "NumMedia": "0", "ProfileName": "A",
            "SmsSid": "SM" + "1" * 32, "WaId": self.number.lstrip("+"), "SmsStatus": "received",
            "Body": text, "To": "whatsapp:+14155238886", "NumSegments": "1",
            "MessageSid": "SM" + "1" * 32, "AccountSid": "AC" + "2" * 32,
            "From": "whatsapp:" + self.number, "ApiVersion": "2010-04-01",
        }  # fmt: skip

    def post(self, form: dict[str, str], signature: str | None = None) -> tuple[int, bytes]:
        if signature is None:
            signature = RequestValidator(self.auth_token).compute_signature(self.url, form)
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Twilio-Signature": signature}  # fmt: skip
        return _post(self.url, urllib.parse.urlencode(form).encode(), headers)

    def say(self, text: str) -> list[str]:
        """A message; the WhatsApp messages of the TwiML answer."""
        status, body = self.post(self.form(text))
        assert status == 200, (status, body[:200])
        return [m.text or "" for m in ET.fromstring(body).findall("Message")]
