"""Keep user data out of log lines.

The project logs at WARNING and never logs message text (print is banned, see pyproject.toml),
but libraries may: an exception message can quote a value, a web server can log a client's
address. `install()` puts a filter on every handler of the root logger that removes
identifiers (`bot.redaction`), IP addresses and conversation ids from each line before it is
written. Called at start-up by every process the project runs (Rasa via the NLG, the action
server, the web chat, the supervisor).
"""

from __future__ import annotations

import logging
import re

from bot.redaction import redact

_IP = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b", re.IGNORECASE
)
# Conversation (sender) ids: the web chat uses random hex/uuid ids; Rasa's own are uuid4 hex.
_SENDER_ID = re.compile(
    r"\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
    re.IGNORECASE,
)
# Loopback addresses are the project's own services, not users: kept for debugging.
_LOCAL = re.compile(r"\b127\.0\.0\.1\b|\b0\.0\.0\.0\b")


def scrub(text: str) -> str:
    """A log line without identifiers, IP addresses (except loopback) or conversation ids."""
    text = _SENDER_ID.sub("[id]", text)
    loopback: list[str] = []

    def hide(match: re.Match[str]) -> str:
        if _LOCAL.fullmatch(match.group()):
            loopback.append(match.group())  # set aside: redact() would take it for a number
            return f"\x00{len(loopback) - 1}\x00"
        return "[ip]"

    text = redact(_IP.sub(hide, text))
    return re.sub("\x00(\\d+)\x00", lambda m: loopback[int(m.group(1))], text)


class ScrubbingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) through `scrub`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always lets the record through, scrubbed."""
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


_FILTER = ScrubbingFilter()


def install(level: int | None = None) -> None:
    """Scrub every handler of the root logger (idempotent); optionally set the root level."""
    root = logging.getLogger()
    if level is not None:
        root.setLevel(level)
    if not root.handlers:
        logging.basicConfig(level=level or logging.WARNING)
    for handler in root.handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
