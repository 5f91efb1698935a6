"""Start the Rasa server as this project runs it: `python -m hulproute_rasa.server --model ...`.

The local launcher, scale-out and the tests all start Rasa through this module (the command is
built once, by `bot.run.local.rasa_command`). Three things differ from a plain `rasa run`:
- **The API token never appears on a command line.** It is read from `RASA_API_TOKEN_FILE`
  or `RASA_API_TOKEN` (bot/settings.py) and handed to Rasa inside this process; any local user
  can read a process's arguments (`ps`), not its environment or a file only its owner reads.
  With a token, Rasa's HTTP API is on and needs it; without one it is off.
- **No version to strangers.** Rasa answers `/` with its version and `/version` with more;
  here `/` says only "ok" and `/version` needs the token.
- **Log privacy from the first line.** bot/privacy/logs.py is installed right after Rasa sets up
  its logging, before the model loads (the NLG installs it again, for `rasa` run directly).
"""

from __future__ import annotations

import argparse
import hmac
import sys
from typing import Any

from bot.privacy import logs
from bot.settings import Settings


def rasa_arguments(args: argparse.Namespace, token: str | None) -> list[str]:
    """`rasa run ...` as Rasa's own command line parser expects it."""
    arguments = [
        "run",
        "--model", args.model,
        "--endpoints", args.endpoints,
        "--credentials", args.credentials,
        "--interface", args.interface,
        "--port", str(args.port),
        "--quiet",  # warnings and errors only; lines are scrubbed (bot/privacy/logs.py)
    ]  # fmt: skip
    if args.cors:
        arguments += ["--cors", args.cors]
    if token:
        arguments += ["--enable-api", "--auth-token", token]
    return arguments


def _hide_version(app: Any, token: str | None) -> None:
    """`/` answers "ok"; `/version` only with the API token."""
    from sanic import response

    @app.middleware("request")
    async def version_only_with_token(request: Any) -> Any:
        if request.path == "/":
            return response.text("ok")
        if request.path == "/version":
            given = request.args.get("token") or ""
            if not token or not hmac.compare_digest(given.encode(), token.encode()):
                return response.json({"error": "not found"}, status=404)
        return None


def _install_patches(token: str | None) -> None:
    import rasa.__main__
    import rasa.core.run

    configure_app = rasa.core.run.configure_app

    def configure_app_without_version(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)
        _hide_version(app, token)
        return app

    rasa.core.run.configure_app = configure_app_without_version  # type: ignore[assignment]
    configure_structlog = rasa.__main__.configure_structlog

    def configure_structlog_privately(*args: Any, **kwargs: Any) -> None:
        configure_structlog(*args, **kwargs)
        logs.install()

    rasa.__main__.configure_structlog = configure_structlog_privately  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> None:
    """Parse this launcher's arguments and run Rasa with them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--credentials", default="credentials.yml")
    parser.add_argument("--interface", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--cors", default=None)
    args = parser.parse_args(argv)
    logs.install()  # warnings and uncaught errors, until Rasa configures its logging
    token = Settings.from_env().api_token
    _install_patches(token)
    import rasa.__main__

    # Rasa reads sys.argv; the process's own command line (what `ps` shows) stays as started.
    sys.argv = ["rasa", *rasa_arguments(args, token)]
    rasa.__main__.main()


if __name__ == "__main__":
    main()
