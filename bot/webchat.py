"""Serve the web chat page (web/) on 127.0.0.1:8080 with strict security headers.

The page talks to Rasa's REST channel and keeps nothing in the browser. Its own words
(labels, the quick-exit button, the safety notice) come from the catalogs: `/ui.json?lang=ar`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
from functools import lru_cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot import log_privacy
from bot.card import CARD_CSS
from bot.directory.records import load_directory
from bot.i18n import N_, Translator
from bot.languages import SUPPORTED_LANGUAGES, direction, native_name
from bot.responses import ResponseRenderer, load_response_templates
from bot.settings import PROJECT_ROOT, Settings

WEB_DIR = PROJECT_ROOT / "web"
RASA_ORIGIN = "http://127.0.0.1:5005"


def security_headers(rasa_origin: str = RASA_ORIGIN) -> dict[str, str]:
    """Everything from this origin only; the one exception is the Rasa channel it talks to
    (socket.io over a websocket, and REST for deleting the conversation on quick exit)."""
    websocket = rasa_origin.replace("http://", "ws://").replace("https://", "wss://")
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' {rasa_origin} {websocket}; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'"
        ),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


SECURITY_HEADERS = security_headers()


# The page's own words. The safety notice is the bot's own message about phone traces
# (NOTICE_RESPONSE), numbers come from the directory data, like every other message.
NOTICE_RESPONSE = "utter_phone_traces"
INTERFACE_TEXTS = {
    "language": N_("Language"),
    "leave": N_("Leave quickly"),
    "leave_hint": N_("Leave this page at once and delete this chat. You can also press Escape."),
    "message": N_("Message"),
    "send": N_("Send"),
    "conversation": N_("Conversation"),
    "offline": N_("Connection problem. If you are in danger, call %(emergency_phone)s."),
    "outreach": N_("Show the answers in Dutch or English too (for outreach workers)"),
}


@lru_cache(maxsize=1)
def _translator() -> Translator:
    return Translator(Settings.from_env().locale_dir, SUPPORTED_LANGUAGES)


@lru_cache(maxsize=1)
def _renderer() -> ResponseRenderer:
    settings = Settings.from_env()
    return ResponseRenderer(
        load_response_templates(settings.domain_dir, settings.messages_dir),
        _translator(),
        load_directory(settings.facts_dir / "directory.yml"),
    )


@lru_cache(maxsize=len(SUPPORTED_LANGUAGES) + 1)
def interface_texts(language: str) -> dict[str, str]:
    """The page's words in `language` (English for an unknown code)."""
    code = language if language in SUPPORTED_LANGUAGES else "en"
    params = _renderer().contact_params(code)
    texts = {
        key: _translator().gettext(code, msgid, params) for key, msgid in INTERFACE_TEXTS.items()
    }
    texts["notice"] = _renderer().render(NOTICE_RESPONSE, code)["text"]
    return {**texts, "lang": code, "dir": direction(code)}


@lru_cache(maxsize=1)
def _help_card_parts() -> tuple[Any, Any, dict[str, Any]]:
    from bot.directory.lookup import DirectoryLookup
    from bot.places import PlaceIndex
    from bot.residence import load_rules

    settings = Settings.from_env()
    return (
        PlaceIndex.from_dir(settings.facts_dir / "places"),
        DirectoryLookup.open(settings.facts_dir),
        load_rules(settings.facts_dir / "residence_rules.yml"),
    )


def help_card_page(place: str, language: str, chat_url: str) -> str | None:
    """The help card (with its SVG picture) for a town, or None if the town is not one place.
    For outreach workers: /card.html?lang=ti&place=Eindhoven."""
    from bot.card import card_html, card_steps

    index, lookup, rules = _help_card_parts()
    codes: tuple[str, ...] = index.resolve(place) if place else ()
    code = language if language in SUPPORTED_LANGUAGES else "en"
    route = lookup.route(codes[0]) if len(codes) == 1 else None
    if route is None:
        return None
    steps = card_steps(route, rules, code, _translator())
    return card_html(route, steps, code, _translator(), chat_url, stylesheet="card.css")


class ChatPageHandler(SimpleHTTPRequestHandler):
    """Static files plus `/languages.json`; never logs requests (they carry IP addresses)."""

    rasa_origin = RASA_ORIGIN  # set from --rasa-url in main()

    def end_headers(self) -> None:
        for name, value in security_headers(self.rasa_origin).items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - name fixed by http.server
        url = urlsplit(self.path)
        if url.path == "/languages.json":
            self._json(
                [
                    {"code": c, "name": native_name(c), "dir": direction(c)}
                    for c in SUPPORTED_LANGUAGES
                ]
            )
            return
        if url.path == "/config.json":
            self._json(
                {"rest": f"{self.rasa_origin}/webhooks/rest/webhook", "socket": self.rasa_origin}
            )
            return
        if url.path == "/card.css":
            self._send(CARD_CSS.encode("utf-8"), "text/css; charset=utf-8")
            return
        if url.path == "/card.html":
            query = parse_qs(url.query)
            language = (query.get("lang") or ["en"])[0]
            page = help_card_page((query.get("place") or [""])[0], language, self._chat_url())
            if page is None:
                self._send(b"Unknown or ambiguous town.", "text/plain; charset=utf-8", 404)
            else:
                self._send(page.encode("utf-8"), "text/html; charset=utf-8")
            return
        if url.path == "/ui.json":
            language = (parse_qs(url.query).get("lang") or ["en"])[0]
            self._json(interface_texts(language))
            return
        super().do_GET()

    def _json(self, data: object) -> None:
        self._send(json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _chat_url(self) -> str:
        return f"http://{self.headers.get('Host', '127.0.0.1:8080')}/"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """No access log: it would hold visitors' IP addresses."""


def main() -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default=RASA_ORIGIN, help="origin of Rasa's REST channel")
    args = parser.parse_args()
    ChatPageHandler.rasa_origin = args.rasa_url.rstrip("/")
    logging.basicConfig(level=logging.WARNING)
    log_privacy.install(logging.WARNING)
    handler = partial(ChatPageHandler, directory=str(WEB_DIR))
    # Ctrl-C in `make run` reaches every process of the group: stop without a traceback.
    with (
        ThreadingHTTPServer((args.host, args.port), handler) as server,
        contextlib.suppress(KeyboardInterrupt),
    ):
        server.serve_forever()


if __name__ == "__main__":
    main()
