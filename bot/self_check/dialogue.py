"""The self-check's dialogue: which question next, stopping, and the result (plain Python).

The questions and how answers are assessed are in bot/self_check/questions.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.self_check.questions import ANSWERS, Question, Result, assess

START_RESPONSE = "utter_self_check_start"
RESULT_RESPONSE = "utter_self_check_result"
STOPPED_RESPONSE = "utter_self_check_stopped"
OPEN_SLOT = "self_check_question"
ANSWERS_SLOT = "self_check_answers"
ANSWER_ENTITY = "self_check_answer"  # "<question>:<answer>", sent by the buttons
STOP = "stop"


def question_response(key: str) -> str:
    """The response that asks question `key` (with its buttons)."""
    return f"utter_ask_self_check_{key}"


@dataclass(frozen=True)
class Turn:
    """What the bot says next and the slot changes."""

    responses: tuple[str, ...]
    slots: dict[str, str | None]
    result: Result | None = None


def encode(answers: Mapping[str, str]) -> str:
    """The coarse answers as one slot value: "passport:yes,debt:unsure"."""
    return ",".join(f"{k}:{v}" for k, v in answers.items())


def decode(value: object, questions: Mapping[str, Question]) -> dict[str, str]:
    """The slot value back; anything that is not a question key and an answer is dropped."""
    answers: dict[str, str] = {}
    for item in str(value or "").split(","):
        key, _, answer = item.partition(":")
        if key in questions and answer in ANSWERS:
            answers[key] = answer
    return answers


def self_check_turn(
    questions: Mapping[str, Question],
    start: bool,
    open_question: str | None,
    stored: object,
    given: str | None,
    typed: str | None = None,
) -> Turn:
    """One step: the first question, the next one, or the result (and everything cleared).

    `given` is what a button sent ("debt:unsure", or "stop"); a typed "skip" gives nothing and
    counts as skip; a typed yes/no (`typed`) answers the open question.
    """
    cleared: dict[str, str | None] = {OPEN_SLOT: None, ANSWERS_SLOT: None}
    keys = list(questions)
    if start:
        return Turn((START_RESPONSE, question_response(keys[0])), {**cleared, OPEN_SLOT: keys[0]})
    if given == STOP:
        return Turn((STOPPED_RESPONSE,), cleared)
    answers = decode(stored, questions)
    key, _, answer = (given or "").partition(":")
    if key in questions:
        answers[key] = answer if answer in ANSWERS else "skip"
    elif open_question is not None and open_question in questions:
        answers[open_question] = typed if typed in ("yes", "no") else "skip"
    remaining = [k for k in keys if k not in answers]
    if remaining:
        return Turn(
            (question_response(remaining[0]),),
            {OPEN_SLOT: remaining[0], ANSWERS_SLOT: encode(answers)},
        )
    return Turn((RESULT_RESPONSE,), cleared, assess(answers, questions))
