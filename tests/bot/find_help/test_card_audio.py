"""`hulproute card --audio`: the card read aloud by espeak-ng, where it has a voice."""

from __future__ import annotations

import subprocess
import wave

import pytest

from bot.find_help.card import CardError, Step
from bot.find_help.card_audio import ESPEAK_VOICES, card_text, spoken
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.run.cli import main
from tests.directory_data import phone


def test_phone_numbers_are_read_digit_by_digit():
    assert spoken("Call 112 or 033 448 11 86.") == "Call 1 1 2 or 0 3 3, 4 4 8, 1 1, 8 6."
    assert spoken("I am 16") == "I am 16"  # two digits are no phone number


def test_the_text_has_the_title_and_every_step():
    steps = [
        Step("Are you safe now?", ("Call 112.",)),
        Step("Who helps you now", ("CoMensha \u26a0",)),
    ]
    text = card_text("Help near Eindhoven", steps)
    assert text.splitlines() == [
        "Help near Eindhoven", "1. Are you safe now?.", "Call 1 1 2.",
        "2. Who helps you now.", "CoMensha",
    ]  # fmt: skip


def test_each_voice_named_is_one_espeak_ng_has_and_there_is_none_for_ti_and_so():
    assert set(ESPEAK_VOICES) == set(SUPPORTED_LANGUAGES) - {"ti", "so", "ps", "ckb"}
    for voice in ESPEAK_VOICES.values():
        listed = subprocess.run(
            ["espeak-ng", f"--voices={voice}"], capture_output=True, text=True, check=True
        ).stdout.splitlines()[1:]
        assert any(line.split()[1] == voice for line in listed), voice


def _card(tmp_path, language, out_name, *extra):
    database = f"sqlite:///{tmp_path}/directory.sqlite"
    out = tmp_path / out_name
    code = main(["card", "--lang", language, "--place", "Eindhoven", "--out", str(out),
                 "--database-url", database, *extra])  # fmt: skip
    return code, out


@pytest.mark.parametrize("language", ["ar", "nl"])
def test_card_audio_is_a_wav_beside_the_card_that_the_html_card_plays(tmp_path, language):
    code, out = _card(tmp_path, language, f"card-{language}.html", "--audio")
    audio = out.with_suffix(".wav")
    assert code == 0 and audio.exists()
    with wave.open(str(audio)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert seconds > 20  # the whole card, not a word
    assert f'<audio controls src="{audio.name}">' in out.read_text(encoding="utf-8")


def test_no_voice_no_audio_and_the_card_is_still_made(tmp_path, capsys):
    code, out = _card(tmp_path, "ti", "card-ti.html", "--audio")
    assert code == 0 and out.exists() and not out.with_suffix(".wav").exists()
    assert "no voice for 'ti'" in capsys.readouterr().err
    assert "<audio" not in out.read_text(encoding="utf-8")


def test_the_card_text_reaches_espeak_ng_on_standard_input_not_its_command_line(
    monkeypatch, tmp_path
):
    seen = {}

    def run(command, **kwargs):
        seen["command"], seen["input"] = command, kwargs["input"]
        raise CardError("stop here")

    monkeypatch.setattr(subprocess, "run", run)
    _card(tmp_path, "en", "card-en.html", "--audio")
    assert phone("comensha") not in " ".join(seen["command"])
    assert " ".join(phone("comensha").replace(" ", "")[:3]) in seen["input"].decode()
