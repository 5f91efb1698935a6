"""A platform address becomes a conversation id that does not reveal it."""

from bot.messengers.pseudonyms import pseudonym
from bot.privacy.limits import is_conversation_id
from bot.privacy.logs import scrub

SECRET = "s" * 64
NUMBER = "whatsapp:+31612345678"


def test_the_same_address_is_the_same_conversation_and_the_id_is_not_in_it():
    first = pseudonym(SECRET, "whatsapp", NUMBER)
    assert first == pseudonym(SECRET, "whatsapp", NUMBER)
    assert "612345678" not in first and "31612345678" not in first
    assert is_conversation_id(first) and first.startswith("whatsapp-")


def test_it_depends_on_the_secret_the_platform_and_the_address():
    ids = {
        pseudonym(SECRET, "whatsapp", NUMBER),
        pseudonym("t" * 64, "whatsapp", NUMBER),
        pseudonym(SECRET, "telegram", NUMBER),
        pseudonym(SECRET, "whatsapp", "whatsapp:+31612345679"),
    }
    assert len(ids) == 4


def test_a_log_line_never_shows_it():
    line = f"conversation {pseudonym(SECRET, 'telegram', '123456789')} expired"
    assert "[id]" in scrub(line) and pseudonym(SECRET, "telegram", "123456789") not in scrub(line)
