"""Serve the web chat page (web/) on 127.0.0.1:8080 with strict security headers.

The page talks to Rasa's socket.io channel and keeps nothing in the browser. Its own words
(labels, the quick-exit button, the safety notice) come from the catalogs: `/ui.json?lang=ar`.
Served by Sanic (the web server Rasa itself runs on), not Python's `http.server`, whose own
documentation says it is not for production.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
from functools import lru_cache
from pathlib import Path

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, raw

from bot.core import core
from bot.find_help.card import CARD_CSS
from bot.find_help.directory.records import MUNICIPALITY_CODE
from bot.i18n.report import catalog_reviewed
from bot.i18n.translator import N_
from bot.language.codes import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES, direction, native_name
from bot.privacy import logs
from bot.settings import PROJECT_ROOT, Settings

WEB_DIR = PROJECT_ROOT / "web"
RASA_ORIGIN = "http://127.0.0.1:5005"
logger = logging.getLogger(__name__)


def security_headers(rasa_origin: str = RASA_ORIGIN) -> dict[str, str]:
    """Everything from this origin only; the one exception is the Rasa channel it talks to
    (socket.io over a websocket, and REST for deleting the conversation on quick exit)."""
    websocket = rasa_origin.replace("http://", "ws://").replace("https://", "wss://")
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' {rasa_origin} {websocket}; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'; manifest-src 'self'; worker-src 'self'"
        ),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


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
    "menu": N_("Menu"),
    "close": N_("Close"),
    "show_notice": N_("Safety notice"),
    "unreviewed": N_("Machine-translated, not yet checked by a person who speaks this language."),
    "listen": N_("Listen"),
    "keep_card": N_("Keep this help card on my phone"),
    "keep_card_note": N_(
        "It works without internet. But someone who checks this phone could see it."
    ),
    "kept_card": N_("The help card is on this phone now. Leave quickly deletes it."),
    "open_card": N_("Open the help card"),
    "hand_over": N_("Give the phone to the person you help"),
    "give_back": N_("Give the phone back"),
}


@lru_cache(maxsize=len(SUPPORTED_LANGUAGES) + 1)
def interface_texts(language: str) -> dict[str, str | bool]:
    """The page's words in `language` (English for an unknown code)."""
    code = language if language in SUPPORTED_LANGUAGES else "en"
    renderer, translator = core().renderer, core().translator
    params = renderer.contact_params(code)
    texts = {key: translator.gettext(code, msgid, params) for key, msgid in INTERFACE_TEXTS.items()}
    texts["notice"] = renderer.render(NOTICE_RESPONSE, code)["text"]
    reviewed = code == SOURCE_LANGUAGE or catalog_reviewed(core().settings.locale_dir, code)
    return {**texts, "lang": code, "dir": direction(code), "reviewed": reviewed}


def help_card_page(place: str, language: str, chat_url: str) -> str | None:
    """The help card (with its SVG picture) for a town, or None if the town is not one place.
    For outreach workers: /card.html?lang=ti&place=Eindhoven."""
    from bot.find_help.card import card_html, card_steps

    parts = core()
    codes: tuple[str, ...]
    if MUNICIPALITY_CODE.fullmatch(place):  # the web chat's "keep this help card" asks by code
        codes = (place,)
    else:
        codes = parts.place_index.resolve(place) if place else ()
    code = language if language in SUPPORTED_LANGUAGES else "en"
    route = parts.lookup.route(codes[0]) if len(codes) == 1 else None
    if route is None:
        return None
    steps = card_steps(route, parts.residence_rules, code, parts.translator)
    return card_html(route, steps, code, parts.translator, chat_url, stylesheet="card.css")


# The page's files, and nothing else of web/ (not node_modules/, package*.json, directory
# listings): read once at start-up and served from memory, so no request names a file path.
PAGE_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/chat.js": ("chat.js", "text/javascript; charset=utf-8"),
    "/listen.js": ("listen.js", "text/javascript; charset=utf-8"),
    "/keep-card.js": ("keep-card.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
    "/neutral.html": ("neutral.html", "text/html; charset=utf-8"),
    "/neutral.css": ("neutral.css", "text/css; charset=utf-8"),
    "/neutral.js": ("neutral.js", "text/javascript; charset=utf-8"),
    "/favicon.svg": ("favicon.svg", "image/svg+xml"),
    "/icon.svg": ("icon.svg", "image/svg+xml"),
    "/icon-192.png": ("icon-192.png", "image/png"),
    "/icon-512.png": ("icon-512.png", "image/png"),
    "/manifest.webmanifest": ("manifest.webmanifest", "application/manifest+json"),
    # The service worker: registered only when the user asks to keep a help card (chat.js).
    "/sw.js": ("sw.js", "text/javascript; charset=utf-8"),
    "/vendor/socket.io.min.js": ("vendor/socket.io.min.js", "text/javascript; charset=utf-8"),
}


def read_page_files(web_dir: Path = WEB_DIR) -> dict[str, tuple[bytes, str]]:
    """URL path -> (content, content type) for every file of the page."""
    return {
        path: ((web_dir / name).read_bytes(), kind) for path, (name, kind) in PAGE_FILES.items()
    }


def create_app(rasa_origin: str, settings: Settings, web_dir: Path = WEB_DIR) -> Sanic:
    """The page server: the page's files, its JSON and the help card; strict headers on every
    answer; no access log (it would hold visitors' IP addresses); errors answered with a
    status only and logged without the client's address or the path."""
    app = Sanic("hulproute_web", configure_logging=False)
    files = read_page_files(web_dir)
    headers = security_headers(rasa_origin)

    def send(body: bytes, content_type: str, status: int = 200) -> HTTPResponse:
        return raw(body, status=status, content_type=content_type, headers=headers)

    def send_json(data: object) -> HTTPResponse:
        return send(json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")

    @app.get("/languages.json")
    async def languages(_: Request) -> HTTPResponse:
        return send_json(
            [{"code": c, "name": native_name(c), "dir": direction(c)} for c in SUPPORTED_LANGUAGES]
        )

    @app.get("/config.json")
    async def config(_: Request) -> HTTPResponse:
        return send_json({"rest": f"{rasa_origin}/webhooks/rest/webhook", "socket": rasa_origin})

    @app.get("/ui.json")
    async def ui(request: Request) -> HTTPResponse:
        return send_json(interface_texts(request.args.get("lang") or "en"))

    @app.get("/card.css")
    async def card_css(_: Request) -> HTTPResponse:
        return send(CARD_CSS.encode("utf-8"), "text/css; charset=utf-8")

    @app.get("/card.html")
    async def card(request: Request) -> HTTPResponse:
        # The chat address comes from the settings, never from the request's Host header:
        # a card printed from a link with a forged Host would send people elsewhere.
        page = help_card_page(
            request.args.get("place") or "", request.args.get("lang") or "en", settings.public_url
        )
        if page is None:
            return send(b"Unknown or ambiguous town.", "text/plain; charset=utf-8", 404)
        return send(page.encode("utf-8"), "text/html; charset=utf-8")

    for number, (path, (content, kind)) in enumerate(files.items()):
        app.add_route(_static(content, kind, send), path, ["GET", "HEAD"], name=f"file{number}")

    async def on_error(request: Request, error: Exception) -> HTTPResponse:
        status = getattr(error, "status_code", 500)
        if status >= 500:
            logger.error("Web page server error", exc_info=error)
        return send(b"", "text/plain; charset=utf-8", status)

    app.error_handler.add(Exception, on_error)
    return app


def _static(content: bytes, kind: str, send):  # type: ignore[no-untyped-def]
    async def serve(_: Request) -> HTTPResponse:
        return send(content, kind)  # type: ignore[no-any-return]

    return serve


def main() -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default=RASA_ORIGIN, help="origin of Rasa's REST channel")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logs.install(logging.WARNING)
    app = create_app(args.rasa_url.rstrip("/"), core().settings)
    # Ctrl-C in `make run` reaches every process of the group: stop without a traceback.
    with contextlib.suppress(KeyboardInterrupt):
        app.run(host=args.host, port=args.port, access_log=False, workers=1)


if __name__ == "__main__":
    main()
