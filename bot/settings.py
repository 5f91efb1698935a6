"""One typed settings object, read from the environment once at start-up."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from bot.privacy.limits import Limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WEB_ORIGIN = "http://127.0.0.1:8080"


class SettingsError(ValueError):
    """Raised at start-up when a setting is present but unusable."""


def _path(env: dict[str, str], name: str, default: Path) -> Path:
    value = env.get(name)
    path = Path(value) if value else default
    if not path.exists():
        raise SettingsError(f"{name} points to {path}, which does not exist")
    return path


def _number(env: dict[str, str], name: str, default: float, kind: type = float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {value!r}") from None
    if number <= 0:
        raise SettingsError(f"{name} must be above 0, got {value!r}")
    return float(number)


def _origin(env: dict[str, str], name: str, default: str) -> str:
    value = (env.get(name) or default).rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must start with http:// or https://, got {value!r}")
    return value


def read_api_token(env: dict[str, str]) -> str | None:
    """Rasa's HTTP API token: `RASA_API_TOKEN_FILE` (a file only its owner can read; the
    safer choice), else `RASA_API_TOKEN`, else None (the API stays off). Never a command-line
    argument: any local user can read those (`ps`)."""
    file = env.get("RASA_API_TOKEN_FILE")
    if file:
        try:
            token = Path(file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise SettingsError(f"RASA_API_TOKEN_FILE: cannot read {file}: {error}") from None
        if not token:
            raise SettingsError(f"RASA_API_TOKEN_FILE: {file} is empty")
        return token
    return env.get("RASA_API_TOKEN") or None


@dataclass(frozen=True)
class Settings:
    """Where the project's data lives, the language to use while none is known, the public
    addresses, the message limits and the secrets."""

    locale_dir: Path
    domain_dir: Path
    messages_dir: Path
    facts_dir: Path
    nlu_dir: Path
    fallback_language: str
    # The only origin whose pages may use the socket.io channel (the web chat).
    web_origin: str = DEFAULT_WEB_ORIGIN
    # The address people open: help cards link to it and show it as a QR code.
    public_url: str = DEFAULT_WEB_ORIGIN + "/"
    limits: Limits = field(default_factory=Limits)
    # Signs the key that lets a web chat resume its conversation after a reconnect. Replicas
    # must share it (bot/run/scaled.py sets one); one process makes its own.
    session_secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    api_token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from the environment (or a given mapping), validating every value."""
        env = dict(os.environ if environ is None else environ)
        from bot.language.codes import (
            SUPPORTED_LANGUAGES,  # local import: languages imports nothing back
        )

        fallback = env.get("HULPROUTE_FALLBACK_LANGUAGE", "en")
        if fallback not in SUPPORTED_LANGUAGES:
            raise SettingsError(
                f"HULPROUTE_FALLBACK_LANGUAGE must be one of {sorted(SUPPORTED_LANGUAGES)}, "
                f"got {fallback!r}"
            )
        web_origin = _origin(env, "HULPROUTE_WEB_ORIGIN", DEFAULT_WEB_ORIGIN)
        public_url = _origin(env, "HULPROUTE_PUBLIC_URL", web_origin) + "/"
        limits = Limits(
            per_minute=_number(env, "HULPROUTE_MESSAGES_PER_MINUTE", 30.0),
            burst=int(_number(env, "HULPROUTE_MESSAGE_BURST", 10, int)),
            global_per_second=_number(env, "HULPROUTE_GLOBAL_MESSAGES_PER_SECOND", 20.0),
            global_burst=int(_number(env, "HULPROUTE_GLOBAL_MESSAGE_BURST", 40, int)),
        )
        secret = env.get("HULPROUTE_SESSION_SECRET") or secrets.token_hex(32)
        if len(secret) < 32:
            raise SettingsError("HULPROUTE_SESSION_SECRET must be at least 32 characters")
        return cls(
            locale_dir=_path(env, "HULPROUTE_LOCALE_DIR", PROJECT_ROOT / "locales"),
            domain_dir=_path(env, "HULPROUTE_DOMAIN_DIR", PROJECT_ROOT / "domain"),
            messages_dir=_path(env, "HULPROUTE_MESSAGES_DIR", PROJECT_ROOT / "messages"),
            facts_dir=_path(env, "HULPROUTE_FACTS_DIR", PROJECT_ROOT / "facts"),
            nlu_dir=_path(env, "HULPROUTE_NLU_DIR", PROJECT_ROOT / "data" / "nlu"),
            fallback_language=fallback,
            web_origin=web_origin,
            public_url=public_url,
            limits=limits,
            session_secret=secret,
            api_token=read_api_token(env),
        )
