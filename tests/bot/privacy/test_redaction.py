"""Identifiers are removed from what is kept and from log lines; messages are checked."""

import logging

import pytest

from bot.privacy.limits import EMPTY, OK, TOO_LONG, RateLimiter, check_message
from bot.privacy.logs import ScrubbingFilter, scrub
from bot.privacy.redaction import REDACTED, redact


@pytest.mark.parametrize(
    "identifier",
    [
        "+31 6 12345678",
        "06-12345678",
        "0031 20 626 38 00",
        "someone.name+tag@example.org",
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "123456782",  # BSN
        "2345678901",  # V-number
        "23.45.67.89.01",
    ],
)
def test_identifiers_are_redacted(identifier):
    assert redact(f"call {identifier} please") == f"call {REDACTED} please"


@pytest.mark.parametrize(
    "ordinary",
    ["GM0772", "Bergen op Zoom", "I am 17", "help near 5611 AB", "2025", "ar", "dublin"],
)
def test_ordinary_values_are_kept(ordinary):
    assert redact(ordinary) == ordinary


def test_log_lines_lose_ids_ips_and_identifiers_but_keep_loopback():
    line = "sender 0f8fad5bd9cb469fa16570867728950e from 203.0.113.9 via 127.0.0.1 said 0612345678"
    assert scrub(line) == f"sender [id] from [ip] via 127.0.0.1 said {REDACTED}"


def test_the_filter_scrubs_messages_arguments_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "user %s", ("a@b.nl",), None)
    try:
        raise ValueError("bad value a@b.nl")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    ScrubbingFilter().filter(record)
    assert record.getMessage() == f"user {REDACTED}"
    assert "a@b.nl" not in record.exc_text


@pytest.mark.parametrize(
    ("raw", "verdict"),
    [
        ("help", OK),
        ("  \u200b\u202e\x00 ", EMPTY),
        ("", EMPTY),
        (None, EMPTY),
        (12, EMPTY),
        ("a" * 2001, TOO_LONG),
        ("a" * 100_000, TOO_LONG),
        ("\u202eplehh", OK),
    ],
)
def test_messages_are_cleaned_and_judged(raw, verdict):
    assert check_message(raw).verdict == verdict


def test_invisible_and_control_characters_are_removed():
    assert check_message("he\u200blp\x1b[31m me\u2066").text == "help[31m me"


def test_the_rate_limit_allows_a_burst_then_a_steady_pace():
    limiter = RateLimiter(per_minute=30, burst=3)
    assert [limiter.allow("a", now=0.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b", now=0.0)  # another conversation is not affected
    assert limiter.allow("a", now=2.0)  # 30 per minute: one more after two seconds
    assert not limiter.allow("a", now=2.1)
