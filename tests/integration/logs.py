"""What the servers wrote, checked: a test of the running bot also fails when a server logged
an error, even if the user got an answer (the channels answer every crash with the
"service trouble" message, so the answer alone cannot show a crash)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from bot.core import core
from bot.language.codes import SUPPORTED_LANGUAGES

# A log line that reports a failure: Python's logging levels, and tracebacks.
_ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL)\b|^Traceback|^\w+(Error|Exception):", re.M)


def error_lines(*logs: Path, expected: tuple[str, ...] = ()) -> list[str]:
    """Every line of the logs that reports an error, except those containing `expected` texts
    (errors a test provoked on purpose)."""
    found = []
    for log in logs:
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if _ERROR_LINE.search(line) and not any(text in line for text in expected):
                found.append(f"{log.name}: {line}")
    return found


@cache
def service_trouble_texts() -> frozenset[str]:
    """The "something went wrong on our side" answer in every language, as the bot sends it
    (its paragraphs are separate messages)."""
    renderer = core().renderer
    texts = set()
    for language in SUPPORTED_LANGUAGES:
        texts.update(renderer.render("utter_service_trouble", language)["text"].split("\n\n"))
    return frozenset(texts)


def is_service_trouble(text: str) -> bool:
    """True when `text` is (a part of) the service-trouble answer in any language."""
    return any(part in text for part in service_trouble_texts())
