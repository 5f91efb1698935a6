"""The help card read aloud, for people who read little: `hulproute card --audio` writes a WAV
file beside the card, made offline by Debian's espeak-ng (nothing is sent anywhere).

espeak-ng has no voice for Tigrinya, Somali, Pashto or Sorani: for those there is no audio file,
and the command says so. It reads Arabic well only with vowel marks, which our texts do not
carry. No listener who speaks the language has judged these voices yet (README, "Listen").
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bot.find_help.card import CARD_TITLE, CardError, Step
from bot.find_help.directory.route import Route
from bot.i18n.translator import Translator

# Our language code -> espeak-ng's voice (`espeak-ng --voices`). Not ti, so, ps, ckb: no voice
# (espeak-ng's "ku" is Kurmanji in Latin letters, not Sorani). Nigerian Pidgin has no voice
# either; it is written with English spelling, so the English voice reads it (not yet checked
# with a Pidgin speaker).
ESPEAK_VOICES = {"nl": "nl", "en": "en-gb", "ar": "ar", "fr": "fr-fr", "fa": "fa",
                 "tr": "tr", "uk": "uk", "ru": "ru", "ro": "ro", "pl": "pl", "bg": "bg",
                 "vi": "vi", "am": "am", "pcm": "en-gb"}  # fmt: skip
_PHONE = re.compile(r"\+?\d[\d \-]{1,16}\d")
WORDS_PER_MINUTE = 140  # a little slower than espeak-ng's 175: read to people who are afraid


def spoken(text: str) -> str:
    """Phone numbers digit by digit ("033 448" -> "0 3 3, 4 4 8"), as the web chat's listen
    button reads them: a number read as "four hundred and forty-eight" cannot be dialled."""
    return _PHONE.sub(
        lambda m: ", ".join(" ".join(group) for group in re.split(r"[ \-]+", m.group())),
        text,
    )


def card_text(title: str, steps: list[Step]) -> str:
    """What the audio says: the title, then each step's title and lines, with pauses."""
    parts = [title]
    for number, step in enumerate(steps, start=1):
        parts.append(f"{number}. {step.title}.")
        parts.extend(line.replace("\u26a0", "").strip() for line in step.lines)
    return spoken("\n".join(parts))


def write_card_audio(
    route: Route, steps: list[Step], language: str, translator: Translator, out: Path
) -> str:
    """Write the card read aloud to `out` (WAV) and return its file name. CardError when
    espeak-ng or its voice is missing. The text goes to espeak-ng on standard input."""
    title = translator.gettext(language, CARD_TITLE, {"municipality": route.municipality.name})
    voice = ESPEAK_VOICES.get(language)
    if voice is None:
        raise CardError(f"espeak-ng has no voice for {language!r}: no audio for this card")
    program = shutil.which("espeak-ng")
    if program is None:
        raise CardError("espeak-ng is not installed: run `make setup`")
    result = subprocess.run(
        [program, "-v", voice, "-s", str(WORDS_PER_MINUTE), "-w", str(out), "--stdin"],
        input=card_text(title, steps).encode("utf-8"),
        capture_output=True,
        timeout=120,
    )
    if result.returncode != 0 or not out.exists():
        raise CardError(f"espeak-ng could not read the card: {result.stderr[-300:]!r}")
    return out.name
