"""Which language the conversation is in after a message (plain Python; the Rasa adapter is
hulproute_rasa/conversation_language.py). docs/decisions/0002 explains and measures the rule.

- A language the user **chose** (the page's menu, a menu button, "speak Arabic") stays until
  they choose another: an outreach worker who set Dutch does not want it switched by a Polish
  message.
- Otherwise the language **follows the user**: a message the detector is sure of sets it, or
  switches it. A switch needs a message of some words ("ok thanks" in an Arabic conversation
  is no reason to answer in English); a message in another non-Latin script (Arabic letters in
  an English conversation), or with letters only one language uses (Ukrainian ї in a Russian
  conversation), is evidence enough.
- A message in the Arabic, Cyrillic or Ge'ez script is never answered in a Latin-script
  language: when the detector is not sure which language of that script it is, its best guess
  is used (a wrong guess within the script is closer than English).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.language.codes import is_supported

LATIN = "latin"
SCRIPT_OF_LANGUAGE = {"ar": "arabic", "fa": "arabic", "ps": "arabic", "ckb": "arabic",
                      "uk": "cyrillic", "ru": "cyrillic", "bg": "cyrillic", "ti": "ethiopic",
                      "am": "ethiopic"}  # fmt: skip
# Words a message needs to switch the language (except into another non-Latin script).
MIN_WORDS_TO_SWITCH = 4


def script_of_language(code: str) -> str:
    """The writing system a supported language is written in."""
    return SCRIPT_OF_LANGUAGE.get(code, LATIN)


@dataclass(frozen=True)
class MessageLanguage:
    """What the detector said of one message (place names left out)."""

    language: str | None
    confident: bool
    script: str | None
    words: int
    by_cue: bool = False  # letters only this language uses (Ukrainian і ї є ґ, Pashto ټ)
    # The languages that write all the message's cue letters ("پول": fa, ps, ckb), if any.
    writers: frozenset[str] = frozenset()
    # The language the n-grams liked best but that needs a cue word this message lacks: Pidgin
    # written without a Pidgin word ("i no get money") reads as English.
    uncued: str | None = None


def language_after(current: str | None, chosen: bool, message: MessageLanguage) -> str | None:
    """The language to switch to after this message, or None to keep `current`."""
    if chosen and is_supported(current):
        return None
    guess = message.language if is_supported(message.language) else None
    if guess is None or guess == current:
        return None
    if current is not None and message.uncued == current:
        return None  # a Pidgin chat stays Pidgin when a message just lacks a Pidgin word
    if current is None or not is_supported(current):
        if message.confident or message.script not in (None, LATIN):
            return guess
        return None
    into_another_script = message.script not in (None, LATIN, script_of_language(current))
    if into_another_script:
        return guess  # Arabic, Cyrillic or Ge'ez letters in a conversation in another script
    if message.words == 0:
        return None  # only a town name ("تيلبورگ" in Arabic): its letters are not the language
    if message.by_cue or (message.confident and message.words >= MIN_WORDS_TO_SWITCH):
        return guess
    if message.writers and current not in message.writers and guess in message.writers:
        return guess  # letters the conversation's language never writes: Persian پ in Arabic
    return None


# A request to change the chat's language is short ("Arabic please", "can we speak Dutch?"); a
# longer message that names the language the chat is already in asks about someone else.
MIN_WORDS_ABOUT_OTHERS = 3


def asks_about_others(named: set[str], current: str | None, words: int) -> bool:
    """True when a message that names a language asks whether *others* speak it ("do they
    speak Ukrainian there?" in a Ukrainian chat: an interpreter question, not a request to
    change the chat's language, which already is that language)."""
    return bool(named) and named == {current} and words >= MIN_WORDS_ABOUT_OTHERS
