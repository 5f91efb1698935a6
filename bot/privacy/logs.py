"""Keep user data out of everything a process writes about itself.

The project logs at WARNING and never logs message text (print is banned, see pyproject.toml),
but libraries may, on four paths, and `install()` closes each of them:
- **logging**: a filter on every handler of the root logger removes identifiers
  (`bot.privacy.redaction`), IP addresses and conversation ids from each line, and caps its
  length (a request nested 900 levels deep must not write 100 KB of traceback). Exception
  messages are withheld: they can quote a value a user sent (`KeyError: '<text>'`); the
  traceback keeps the exception's type and where it happened. Only operating-system errors (a
  refused connection, a missing file) keep their message, which comes from the system.
- **warnings** (Python's `warnings` module, which Rasa uses for "failed to parse arguments in
  line '<what the user typed>'"): written as a log line with the warning's type and place only.
- **structlog** (Rasa 3.6 logs `message.parsing.failed` with `user_text=...`): a processor
  first in the chain keeps the event name and numbers, and withholds every text field.
- **uncaught exceptions** (the main thread and other threads): through logging, as above.
Called at start-up by every process the project runs (Rasa via its launcher and the NLG, the
action server, the web chat, the supervisor).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
import warnings
from collections.abc import MutableMapping
from types import TracebackType
from typing import Any

from bot.privacy.redaction import redact

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
MAX_LINE_CHARS = 2_000
MAX_TRACEBACK_CHARS = 6_000
WITHHELD = "[withheld]"
# structlog fields that say what happened, not what anyone wrote.
_STRUCTLOG_KEPT = frozenset({"event", "level", "log_level", "timestamp", "logger"})
_WARNINGS_LOGGER = logging.getLogger("py.warnings")
_UNCAUGHT_LOGGER = logging.getLogger("uncaught")


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


def _capped(text: str, limit: int) -> str:
    """`text` cut in the middle when it is longer than `limit` (the start and the end of a
    traceback say the most)."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n[... {len(text) - limit} characters left out ...]\n{text[-half:]}"


def describe_exception(error: BaseException) -> str:
    """An exception's type, and its message only when the operating system wrote it."""
    kind = f"{type(error).__module__}.{type(error).__qualname__}".removeprefix("builtins.")
    if isinstance(error, OSError) and not isinstance(error, UnicodeError):
        return f"{kind}: {scrub(str(error))}"
    return f"{kind} (message withheld: it may quote what a user sent)"


def format_exception(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> str:
    """A traceback with where it happened, without the exception messages (also of chained
    exceptions), capped in length."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__ if parts else tb))
        parts.append(f"Traceback (most recent call last):\n{frames}{describe_exception(current)}")
        current = current.__cause__ or current.__context__
    return _capped(scrub("\n\nwhich came from:\n".join(parts)), MAX_TRACEBACK_CHARS)


class ScrubbingFilter(logging.Filter):
    """Rewrites each record: message scrubbed and capped, traceback without messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always lets the record through, rewritten."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the line
            message = str(record.msg)
        cleaned = _capped(scrub(message), MAX_LINE_CHARS)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and record.exc_info[1] is not None:
            kind, error, tb = record.exc_info
            record.exc_text = format_exception(kind or type(error), error, tb)
            record.exc_info = None  # formatted here, never again by the handler
        elif record.exc_text:
            record.exc_text = _capped(scrub(record.exc_text), MAX_TRACEBACK_CHARS)
        if record.stack_info:
            record.stack_info = _capped(record.stack_info, MAX_TRACEBACK_CHARS)
        return True


def structlog_without_text(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: keeps the event name and numbers, withholds every other value
    (`user_text`, `rasa_event`, ...) and turns an exception into its type."""
    for key, value in list(event_dict.items()):
        if key in _STRUCTLOG_KEPT:
            continue
        if key == "exc_info" and value:
            error = value if isinstance(value, BaseException) else sys.exc_info()[1]
            event_dict.pop(key)
            if error is not None:
                event_dict["exception"] = describe_exception(error)
            continue
        if value is None or isinstance(value, bool | int | float):
            continue
        event_dict[key] = WITHHELD
    return event_dict


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """`warnings.showwarning`: a log line with the warning's type and place, not its text."""
    _WARNINGS_LOGGER.warning(
        "%s at %s:%d (text withheld: it may quote what a user sent)",
        category.__name__,
        filename,
        lineno,
    )


def _log_uncaught(kind: type[BaseException], error: BaseException, tb: Any) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    _UNCAUGHT_LOGGER.error("Uncaught exception", exc_info=(kind, error, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback)


def _install_structlog() -> None:
    try:
        import structlog
    except ImportError:  # processes without structlog cannot write through it
        return
    # The configured list itself, changed in place: loggers Rasa already created and cached
    # hold a reference to this list, not a copy.
    processors = structlog.get_config()["processors"]
    if structlog_without_text not in processors:
        processors.insert(0, structlog_without_text)


_FILTER = ScrubbingFilter()


def install(level: int | None = None) -> None:
    """Close every path above in this process (idempotent); optionally set the root level."""
    root = logging.getLogger()
    if level is not None:
        root.setLevel(level)
    if not root.handlers:
        logging.basicConfig(level=level or logging.WARNING)
    for handler in root.handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    warnings.showwarning = _show_warning
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    _install_structlog()
