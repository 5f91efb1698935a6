"""Serve the web chat page (web/) on 127.0.0.1:8080 with strict security headers.

A minimal page for now: it talks to Rasa's REST channel and keeps nothing in the browser.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from bot import log_privacy
from bot.languages import SUPPORTED_LANGUAGES, direction, native_name
from bot.settings import PROJECT_ROOT

WEB_DIR = PROJECT_ROOT / "web"
RASA_ORIGIN = "http://127.0.0.1:5005"

SECURITY_HEADERS = {
    # Everything from this origin only; the one exception is the Rasa channel it talks to.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src 'self' {RASA_ORIGIN}; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class ChatPageHandler(SimpleHTTPRequestHandler):
    """Static files plus `/languages.json`; never logs requests (they carry IP addresses)."""

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - name fixed by http.server
        if self.path == "/languages.json":
            body = json.dumps(
                [
                    {"code": c, "name": native_name(c), "dir": direction(c)}
                    for c in SUPPORTED_LANGUAGES
                ],
                ensure_ascii=False,
            ).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """No access log: it would hold visitors' IP addresses."""


def main() -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
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
