from pathlib import Path

from bot.run.local import services
from bot.settings import child_environment


def test_every_child_process_runs_with_rasa_telemetry_off(monkeypatch):
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "true")
    assert child_environment()["RASA_TELEMETRY_ENABLED"] == "false"


def test_rasa_http_api_is_enabled_by_a_token_that_never_is_on_a_command_line(monkeypatch, tmp_path):
    from argparse import Namespace

    from bot.settings import Settings
    from hulproute_rasa.server import rasa_arguments

    monkeypatch.setenv("RASA_API_TOKEN", "secret-token")
    commands = [" ".join(s.command) for s in services(Path("m.tar.gz"), "http://o")]
    assert not [c for c in commands if "secret-token" in c]
    rasa = next(s.command for s in services(Path("m.tar.gz"), "http://o") if s.name == "Rasa")
    args = Namespace(model="m", endpoints="e", credentials="c", interface="127.0.0.1", port=1,
                     cors=None)  # fmt: skip
    # What the launcher hands to Rasa inside its own process: the API on, with the token.
    inside = rasa_arguments(args, Settings.from_env().api_token)
    assert inside[inside.index("--auth-token") + 1] == "secret-token" and "--enable-api" in inside
    assert "--enable-api" not in rasa_arguments(args, None)
    # A token file wins over the variable (safer: only its owner can read it).
    (tmp_path / "token").write_text("from-file\n")
    monkeypatch.setenv("RASA_API_TOKEN_FILE", str(tmp_path / "token"))
    assert Settings.from_env().api_token == "from-file"
    assert rasa[1:3] == ["-m", "hulproute_rasa.server"] and "--model" in rasa


def test_everything_listens_on_loopback_only():
    for service in services(Path("m.tar.gz"), "http://o"):
        assert "127.0.0.1" in service.ready_url
        assert "0.0.0.0" not in " ".join(service.command)
