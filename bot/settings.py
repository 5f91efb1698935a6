"""One typed settings object, read from the environment once at start-up."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from bot.privacy.limits import Limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WEB_ORIGIN = "http://127.0.0.1:8080"
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'directory.sqlite'}"
# Its own file: the directory file is rebuilt from the data files at every setup.
DEFAULT_STATISTICS_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'statistics.sqlite'}"
DEFAULT_TELEGRAM_API = "https://api.telegram.org"
# What Telegram accepts as a webhook's secret_token (1-256 of these); at least 32 here.
_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")
_TELEGRAM_TOKEN = re.compile(r"[0-9]+:[A-Za-z0-9_-]{20,}")


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


def _flag(env: dict[str, str], name: str) -> bool:
    value = (env.get(name) or "").strip().lower()
    if value not in ("", "0", "1", "false", "true", "no", "yes"):
        raise SettingsError(f"{name} must be true or false, got {value!r}")
    return value in ("1", "true", "yes")


def _origin(env: dict[str, str], name: str, default: str) -> str:
    value = (env.get(name) or default).rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must start with http:// or https://, got {value!r}")
    return value


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram bot (docs/channels.md). Secrets: never in a log line or an error."""

    token: str = field(repr=False)
    webhook_secret: str = field(repr=False)  # setWebhook's secret_token
    api_base: str = DEFAULT_TELEGRAM_API  # tests point it at a local stand-in


@dataclass(frozen=True)
class WhatsAppSettings:
    """WhatsApp through Twilio (docs/channels.md)."""

    auth_token: str = field(repr=False)  # signs Twilio's webhook requests
    webhook_url: str = ""  # exactly the URL set in Twilio: part of what is signed


def _telegram(env: dict[str, str]) -> TelegramSettings | None:
    token = env.get("HULPROUTE_TELEGRAM_TOKEN") or ""
    secret = env.get("HULPROUTE_TELEGRAM_WEBHOOK_SECRET") or ""
    api_base = _origin(env, "HULPROUTE_TELEGRAM_API_BASE", DEFAULT_TELEGRAM_API)
    if not token:
        return None
    # The values are never quoted: an error message ends up in logs and terminals.
    if not _TELEGRAM_TOKEN.fullmatch(token):
        raise SettingsError("HULPROUTE_TELEGRAM_TOKEN is not a bot token from BotFather")
    if not _TELEGRAM_SECRET.fullmatch(secret):
        raise SettingsError(
            "HULPROUTE_TELEGRAM_WEBHOOK_SECRET must be set with the token: 32 to 256 letters, "
            "digits, '_' or '-' (the secret_token given to setWebhook)"
        )
    return TelegramSettings(token, secret, api_base)


def _whatsapp(env: dict[str, str]) -> WhatsAppSettings | None:
    auth_token = env.get("HULPROUTE_TWILIO_AUTH_TOKEN") or ""
    url = env.get("HULPROUTE_WHATSAPP_WEBHOOK_URL") or ""
    if not auth_token:
        return None
    if not url.startswith(("https://", "http://")):
        raise SettingsError(
            "HULPROUTE_WHATSAPP_WEBHOOK_URL must be set with the Twilio auth token: the full "
            "URL set in Twilio (https://...)"
        )
    return WhatsAppSettings(auth_token, url)


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
    # The help directory: SQLite built from the data files, or e.g. PostgreSQL for replicas.
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)
    # The anonymous counts: their own database, else the directory's PostgreSQL, else SQLite.
    statistics_database_url: str = field(default=DEFAULT_STATISTICS_URL, repr=False)
    statistics_flush_seconds: float = 10.0
    # Seconds one message may hold its conversation's lock (Rasa's own TICKET_LOCK_LIFETIME).
    lock_lifetime_seconds: float = 60.0
    chromium: str | None = None  # help-card PDFs: this browser, else chromium on PATH
    run_dir: Path = PROJECT_ROOT / "var" / "run"  # scale-out: logs, nginx files, sockets
    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = 0
    # Count the per-conversation message limit in that Redis, shared by every replica.
    shared_limits: bool = False
    # Telegram and WhatsApp: off (None) unless configured. Their users' chat ids and phone
    # numbers become conversation ids through an HMAC under this secret (replicas share it).
    telegram: TelegramSettings | None = field(default=None, repr=False)
    whatsapp: WhatsAppSettings | None = field(default=None, repr=False)
    pseudonym_secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)

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
        database_url = env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
        pseudonym_secret = env.get("HULPROUTE_PSEUDONYM_SECRET") or secrets.token_hex(32)
        if len(pseudonym_secret) < 32:
            raise SettingsError("HULPROUTE_PSEUDONYM_SECRET must be at least 32 characters")
        flush = env.get("HULPROUTE_STATISTICS_FLUSH_SECONDS")
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
            database_url=database_url,
            statistics_database_url=env.get("STATISTICS_DATABASE_URL")
            or env.get("DATABASE_URL")
            or DEFAULT_STATISTICS_URL,
            # 0 is allowed here: tests write the counts before the answer goes.
            statistics_flush_seconds=float(flush) if flush else 10.0,
            lock_lifetime_seconds=_number(env, "TICKET_LOCK_LIFETIME", 60.0),
            chromium=env.get("HULPROUTE_CHROMIUM") or None,
            run_dir=Path(env.get("HULPROUTE_RUN_DIR") or PROJECT_ROOT / "var" / "run"),
            redis_host=env.get("REDIS_HOST") or "127.0.0.1",
            redis_port=int(_number(env, "REDIS_PORT", 6379, int)),
            redis_db=int(env.get("REDIS_DB") or 0),
            shared_limits=_flag(env, "HULPROUTE_SHARED_LIMITS"),
            telegram=_telegram(env),
            whatsapp=_whatsapp(env),
            pseudonym_secret=pseudonym_secret,
        )


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every process this project starts: this one, with Rasa's telemetry
    (and so its error reports) off whatever the caller's shell says, plus `extra`."""
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.update(extra or {})
    return env
