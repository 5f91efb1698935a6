"""The action server: the actions of this package over HTTP, on 127.0.0.1 only.

Not rasa_sdk's own app (`rasa_sdk.endpoint.create_app`), which binds 0.0.0.0 by default,
answers an error with the whole request body (the conversation, with what the user wrote),
logs the action name and the `version` string a caller sent, and allows every CORS origin.
This one speaks the same protocol to Rasa (`POST /webhook`, `GET /health`, `GET /actions`,
through rasa_sdk's `ActionExecutor`), answers errors with a fixed text, logs only what the
server itself knows (the exception's type and place: bot/privacy/logs.py), and allows no
browser origin at all: only the Rasa server calls it.
"""

from __future__ import annotations

import argparse
import json
import logging
import zlib
from typing import Any

from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.privacy import logs

logger = logging.getLogger(__name__)


def _action_call(request: Request) -> dict[str, Any] | None:
    """The request's JSON object (Rasa may deflate it), or None."""
    try:
        if request.headers.get("Content-Encoding") == "deflate":
            call = json.loads(zlib.decompress(request.body))
        else:
            call = json.loads(request.body)
    except (ValueError, zlib.error, RecursionError):
        return None
    return call if isinstance(call, dict) else None


def create_app(package: str = "actions") -> Sanic:
    """The action server's web app, with the actions of `package`."""
    app = Sanic("hulproute_actions", configure_logging=False)
    executor = ActionExecutor()
    executor.register_package(package)

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/actions")
    async def actions(_: Request) -> HTTPResponse:
        return response.json([{"name": name} for name in executor.actions])

    @app.post("/webhook")
    async def webhook(request: Request) -> HTTPResponse:
        call = _action_call(request)
        if call is None or not isinstance(call.get("tracker"), dict):
            return response.json({"error": "send a JSON action call"}, status=400)
        name = call.get("next_action")
        if not isinstance(name, str) or name not in executor.actions:
            # Neither answered nor logged: the name is whatever the caller sent.
            return response.json({"error": "no such action"}, status=404)
        try:
            result = await executor.run(call)
        except ActionExecutionRejection:
            return response.json({"error": "the action rejected the call"}, status=400)
        return response.json(result)

    async def on_error(request: Request, error: Exception) -> HTTPResponse:
        status = getattr(error, "status_code", 500)
        if status >= 500:
            logger.error("Action server error on %s", request.path, exc_info=error)
        # A fixed text: an exception's message or the request may hold what the user wrote.
        return response.json({"error": "the action server could not answer"}, status=status)

    app.error_handler.add(Exception, on_error)
    return app


def main() -> None:
    """Serve the actions in this package until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logs.install(logging.WARNING)
    create_app().run(host=args.host, port=args.port, access_log=False, workers=1)


if __name__ == "__main__":
    main()
