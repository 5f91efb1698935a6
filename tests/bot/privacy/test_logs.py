"""Nothing a user wrote leaves a process through its logs: logging, warnings, structlog."""

from __future__ import annotations

import io
import logging
import sys
import warnings

import pytest

from bot.privacy import logs

NAME = "Johannes Markerman"


@pytest.fixture
def captured():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    saved = (warnings.showwarning, sys.excepthook)
    logs.install()
    yield stream
    root.removeHandler(handler)
    warnings.showwarning, sys.excepthook = saved


def test_a_warning_is_logged_without_its_text(captured):
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        logs.install()  # catch_warnings() put the default display back
        warnings.warn(f"Failed to parse arguments in line '/{NAME}'", UserWarning, stacklevel=1)
    assert "UserWarning" in captured.getvalue() and NAME not in captured.getvalue()


def test_exception_messages_are_withheld_but_the_place_is_kept(captured):
    try:
        {}[NAME]
    except KeyError:
        logging.getLogger("x").exception("Handling a message failed")
    text = captured.getvalue()
    assert NAME not in text and "KeyError" in text and "test_logs.py" in text


def test_operating_system_errors_keep_their_message(captured):
    try:
        raise ConnectionRefusedError(111, "Connection refused")
    except OSError:
        logging.getLogger("x").exception("Could not reach the database")
    assert "Connection refused" in captured.getvalue()


def test_a_huge_traceback_is_capped(captured):
    def deep(n):
        return deep(n - 1) if n else {}["x"]

    try:
        deep(900)
    except KeyError:
        logging.getLogger("x").exception("deep")
    assert len(captured.getvalue()) < logs.MAX_TRACEBACK_CHARS + 1_000


def test_structlog_text_fields_are_withheld():
    event = {"event": "message.parsing.failed", "user_text": f"/@ {NAME}", "count": 3}
    cleaned = logs.structlog_without_text(None, "warning", dict(event))
    assert cleaned == {"event": "message.parsing.failed", "user_text": "[withheld]", "count": 3}


def test_structlog_loggers_created_before_install_are_covered_too(capsys):
    import structlog

    structlog.configure(
        processors=[structlog.processors.JSONRenderer()],
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    logger = structlog.get_logger()
    logger.warning("before")  # bound and cached now
    logs.install()
    logger.warning("message.parsing.failed", user_text=NAME)
    assert NAME not in capsys.readouterr().out
    structlog.reset_defaults()


def test_an_uncaught_exception_goes_through_the_filter(captured):
    try:
        raise ValueError(NAME)
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert "ValueError" in captured.getvalue() and NAME not in captured.getvalue()
