"""What the load benchmarks send to this bot, per language."""

from __future__ import annotations

from bot.settings import PROJECT_ROOT

# Added to every language's pool: help near a town (three scripts) and danger.
EXTRA = ["help in Eindhoven", "hulp in Zwolle", "مساعدة في أمستردام", "I am in danger"]


def messages_for(language: str) -> list[str]:
    """The short messages of tests/langid/<language>.txt, plus EXTRA."""
    lines = (PROJECT_ROOT / "tests" / "langid" / f"{language}.txt").read_text(encoding="utf-8")
    found = [line.strip() for line in lines.splitlines() if line.strip()]
    return found + EXTRA
