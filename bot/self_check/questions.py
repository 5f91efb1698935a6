"""The anonymous self-check: signs of exploitation, asked one by one (plain Python, no Rasa).

Questions come from `facts/self_check.yml` (facts-nl.md §6, with sources). Each answer is yes,
no, unsure or skipped. The result is never a verdict about the person, only what their answers
show, in three levels:
- "clear": two or more signs, or one of the signs that is enough on its own (threats or
  violence, not free to leave or refuse, forced sex);
- "some": one sign, or two or more "not sure";
- "none": no sign.
Every result says it is not the person's fault and what they can do next. The answers live
only in the conversation while the questions are asked and are cleared when the check ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ANSWERS = ("yes", "no", "unsure", "skip")
OUTCOMES = ("clear", "some", "none")
FORMAT = "hulproute.self-check/1"
MAX_QUESTIONS = 8


class SelfCheckDataError(ValueError):
    """The questions file is wrong (a question without source or text, too many questions)."""


@dataclass(frozen=True)
class Question:
    """One sign, asked as a question."""

    key: str
    asks: str  # msgid
    source: str
    indicator: str
    strong: bool = False


@dataclass(frozen=True)
class Result:
    """What the answers show."""

    outcome: str
    signs: tuple[str, ...]  # keys answered yes, in question order
    unsure: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (format hulproute.self-check/1): no answers beyond the keys."""
        return {
            "format": FORMAT,
            "outcome": self.outcome,
            "signs": list(self.signs),
            "unsure": list(self.unsure),
        }


def load_questions(path: Path) -> dict[str, Question]:
    """Read and validate the questions, in file order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    questions: dict[str, Question] = {}
    for key, raw in (data.get("questions") or {}).items():
        missing = [f for f in ("asks", "source", "indicator") if not raw.get(f)]
        if missing:
            raise SelfCheckDataError(f"question {key!r} lacks {', '.join(missing)}")
        if not str(raw["source"]).startswith(("https://", "http://")):
            raise SelfCheckDataError(f"question {key!r}: source must be a web address")
        questions[key] = Question(
            key,
            str(raw["asks"]),
            str(raw["source"]),
            str(raw["indicator"]),
            bool(raw.get("strong")),
        )
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        raise SelfCheckDataError(f"the self-check has 1 to {MAX_QUESTIONS} questions")
    return questions


def assess(answers: Mapping[str, str], questions: Mapping[str, Question]) -> Result:
    """The outcome for the answers (unknown keys and values are ignored)."""
    signs = tuple(k for k in questions if answers.get(k) == "yes")
    unsure = tuple(k for k in questions if answers.get(k) == "unsure")
    if len(signs) >= 2 or any(questions[k].strong for k in signs):
        outcome = "clear"
    elif signs or len(unsure) >= 2:
        outcome = "some"
    else:
        outcome = "none"
    return Result(outcome, signs, unsure)
