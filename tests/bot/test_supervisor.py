from pathlib import Path

from bot.supervisor import child_environment, services


def test_every_child_process_runs_with_rasa_telemetry_off(monkeypatch):
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "true")
    assert child_environment()["RASA_TELEMETRY_ENABLED"] == "false"


def test_rasa_http_api_is_only_enabled_with_a_token():
    rasa_without = next(s for s in services(Path("m.tar.gz"), None, "http://o") if s.name == "Rasa")
    assert "--enable-api" not in rasa_without.command
    rasa_with = next(
        s for s in services(Path("m.tar.gz"), "secret", "http://o") if s.name == "Rasa"
    )
    i = rasa_with.command.index("--auth-token")
    assert "--enable-api" in rasa_with.command and rasa_with.command[i + 1] == "secret"


def test_everything_listens_on_loopback_only():
    for service in services(Path("m.tar.gz"), None, "http://o"):
        assert "127.0.0.1" in service.ready_url
        assert "0.0.0.0" not in " ".join(service.command)
