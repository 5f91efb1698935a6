"""The explainer's dialogue: which question to ask next, or the explanation (plain Python).

The rules themselves (which apply to which answers) are in bot/residence/rules.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.residence.rules import QUESTIONS, UNKNOWN, Answers, Explanation, Rule, explain

START_RESPONSE = "utter_residence_start"
EXPLANATION_RESPONSE = "utter_residence_explanation"
NOT_UNDERSTOOD_RESPONSE = "utter_default"
# A typed "yes" or "no" answers the open question; with no question open it gets the answer it
# gets anywhere else in a conversation.
YES, NO = "yes", "no"
_TYPED = {
    YES: {"eu": "yes", "asylum": UNKNOWN, "minor": "yes", "reported": "yes"},
    NO: {"eu": "no", "asylum": "none", "minor": "no", "reported": "no"},
}
OUTSIDE_RESPONSES = {YES: "utter_what_else", NO: "utter_you_decide"}
# An intent that answers the open question by itself, when the message held no answer words:
# "I am seventeen" (inform_minor) written in words the age reader does not take for a number.
# Only the open question: a misread "I am Ethiopian" must not answer the minor question.
INTENT_ANSWERS = {"inform_minor": ("minor", "yes")}
# Slots (and button entities) are named residence_<question>; residence_question is the open one.
SLOT_PREFIX = "residence_"
OPEN_QUESTION_SLOT = "residence_question"


def with_intent_answer(
    given: Mapping[str, str], intent: str | None, open_question: str | None
) -> dict[str, str]:
    """The answers found in a message, plus the one its intent gives to the open question
    (INTENT_ANSWERS) if the words did not answer that question."""
    answers = dict(given)
    question, value = INTENT_ANSWERS.get(intent or "", (None, None))
    if question is not None and value is not None and question == open_question:
        answers.setdefault(question, value)
    return answers


def question_response(question: str) -> str:
    """The response that asks `question` (with its buttons)."""
    return f"utter_ask_{SLOT_PREFIX}{question}"


def answer_slot(question: str) -> str:
    """The slot (and entity) that holds the answer to `question`."""
    return SLOT_PREFIX + question


@dataclass(frozen=True)
class ExplainerTurn:
    """What the bot says next and which slots change."""

    responses: tuple[str, ...]
    slots: dict[str, str | None]
    explanation: Explanation | None = None


def explainer_turn(
    rules: Mapping[str, Rule],
    start: bool,
    open_question: str | None,
    stored: Mapping[str, str | None],
    given: Mapping[str, str],
    typed: str | None = None,
) -> ExplainerTurn:
    """One step of the explainer.

    `start`: the user asked about residence or reporting: forget earlier answers, take what the
    message itself says ("my asylum was rejected, can they deport me?") and ask the first
    question not answered yet. Otherwise `given` holds the answers a button sent or the user
    typed (question -> value: "I am from Romania" is `eu: yes`, bot/residence/situations.py); a
    typed "skip" or "I don't know" gives none and counts as unknown for the open question; a
    typed "yes" or "no" (`typed`) answers it ("yes, I asked for asylum" does not say which case,
    so it counts as unknown there). Questions already answered are not asked again.
    When all four are answered, the explanation is returned and every answer is cleared: the
    answers live only as long as the questions take.
    """
    cleared: dict[str, str | None] = {answer_slot(q): None for q in QUESTIONS}
    if not start and open_question is None and not given:
        return ExplainerTurn((OUTSIDE_RESPONSES.get(typed or "", NOT_UNDERSTOOD_RESPONSE),), {})
    answers: dict[str, str | None] = (
        dict.fromkeys(QUESTIONS) if start else {q: stored.get(q) for q in QUESTIONS}
    )
    for question, value in given.items():
        if question in QUESTIONS:
            answers[question] = value if value in QUESTIONS[question] else UNKNOWN
    if not start and not given and open_question in QUESTIONS:
        answers[open_question] = _TYPED[typed][open_question] if typed in _TYPED else UNKNOWN
    if answers.get("eu") == "yes" and answers.get("asylum") is None:
        # EU citizens do not need asylum: the asylum question is not asked (GLOSSARY caution 9:
        # no asylum texts for EU citizens).
        answers["asylum"] = "none"
    opening = (START_RESPONSE,) if start else ()
    remaining = [q for q in QUESTIONS if answers[q] is None]
    if remaining:
        return ExplainerTurn(
            (*opening, question_response(remaining[0])),
            {**{answer_slot(q): v for q, v in answers.items()}, OPEN_QUESTION_SLOT: remaining[0]},
        )
    explanation = explain(Answers.from_mapping(answers), rules)
    return ExplainerTurn(
        (*opening, EXPLANATION_RESPONSE), {**cleared, OPEN_QUESTION_SLOT: None}, explanation
    )
