"""One place for configuration: every variable is read in bot/settings.py and listed in
.env.example, and nothing else in the code reads the environment."""

from __future__ import annotations

import re

import pytest

from bot.settings import PROJECT_ROOT, Settings, SettingsError

CODE = ("bot", "actions", "hulproute_rasa")
_READ = re.compile(r"os\.environ|os\.getenv|environ\.get|getenv\(")


def _variables_read_by_settings() -> set[str]:
    text = (PROJECT_ROOT / "bot" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'env(?:\.get\(|, )"([A-Z][A-Z0-9_]+)"', text))


def test_no_code_outside_the_settings_module_reads_the_environment():
    readers = []
    for folder in CODE:
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            if path == PROJECT_ROOT / "bot" / "settings.py":
                continue
            if _READ.search(path.read_text(encoding="utf-8")):
                readers.append(str(path.relative_to(PROJECT_ROOT)))
    assert readers == []


def test_env_example_lists_exactly_the_variables_the_settings_read():
    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    read = _variables_read_by_settings()
    assert len(read) > 15
    assert read == listed


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HULPROUTE_FALLBACK_LANGUAGE", "xx"),
        ("HULPROUTE_WEB_ORIGIN", "127.0.0.1:8080"),
        ("HULPROUTE_MESSAGES_PER_MINUTE", "fast"),
        ("HULPROUTE_GLOBAL_MESSAGE_BURST", "0"),
        ("HULPROUTE_SESSION_SECRET", "short"),
        ("RASA_API_TOKEN_FILE", "/nonexistent/token"),
    ],
)
def test_an_unusable_value_stops_the_start_with_its_name(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_defaults_need_no_environment():
    settings = Settings.from_env({})
    assert settings.public_url == "http://127.0.0.1:8080/"
    assert settings.database_url.endswith("var/directory.sqlite")
    assert settings.api_token is None and settings.limits.global_per_second == 20


TELEGRAM_TOKEN = "123456789:" + "A" * 35
SECRET = "b" * 40


def test_telegram_and_whatsapp_are_off_unless_configured():
    settings = Settings.from_env({})
    assert settings.telegram is None and settings.whatsapp is None
    on = Settings.from_env(
        {
            "HULPROUTE_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
            "HULPROUTE_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "HULPROUTE_TWILIO_AUTH_TOKEN": "c" * 32,
            "HULPROUTE_WHATSAPP_WEBHOOK_URL": "https://hulp.example.org/webhooks/twilio/webhook",
        }
    )
    assert on.telegram.api_base == "https://api.telegram.org"
    assert on.whatsapp.webhook_url.endswith("/webhooks/twilio/webhook")
    # No secret in the settings' text (it could be logged or shown in a traceback).
    assert TELEGRAM_TOKEN not in repr(on) and SECRET not in repr(on) and "c" * 32 not in repr(on)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"HULPROUTE_TELEGRAM_TOKEN": TELEGRAM_TOKEN}, "HULPROUTE_TELEGRAM_WEBHOOK_SECRET"),
        (
            {"HULPROUTE_TELEGRAM_TOKEN": TELEGRAM_TOKEN, "HULPROUTE_TELEGRAM_WEBHOOK_SECRET": "a"},
            "HULPROUTE_TELEGRAM_WEBHOOK_SECRET",
        ),
        (
            {"HULPROUTE_TELEGRAM_TOKEN": "no-token", "HULPROUTE_TELEGRAM_WEBHOOK_SECRET": SECRET},
            "HULPROUTE_TELEGRAM_TOKEN",
        ),
        ({"HULPROUTE_TWILIO_AUTH_TOKEN": "c" * 32}, "HULPROUTE_WHATSAPP_WEBHOOK_URL"),
        ({"HULPROUTE_TELEGRAM_API_BASE": "api.telegram.org"}, "HULPROUTE_TELEGRAM_API_BASE"),
        ({"HULPROUTE_PSEUDONYM_SECRET": "short"}, "HULPROUTE_PSEUDONYM_SECRET"),
    ],
)
def test_a_half_configured_messenger_stops_the_start_without_quoting_the_secret(env, named):
    with pytest.raises(SettingsError, match=named) as error:
        Settings.from_env(env)
    secrets = [v for k, v in env.items() if k.endswith(("TOKEN", "SECRET")) and len(v) > 8]
    assert not any(secret in str(error.value) for secret in secrets)
