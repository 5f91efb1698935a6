"""A typed situation answers the explainer's open question, whatever intent the NLU read in it.

"I am from Romania" while the bot asks "Are you a citizen of an EU country?" may look like small
talk to the intent classifier; the situation annotator found `residence_eu: yes` in it, so the
explainer takes it as the answer (and skips questions already answered). The Rasa policy
(hulproute_rasa/policy.py) reads the facts; this decides.
"""

from __future__ import annotations

ANSWER = "action_answer_question"
LISTEN = "action_listen"
# Never taken for an answer: these have their own, more important, answers.
NEVER_AN_ANSWER = frozenset(
    {"emergency", "delete_conversation", "choose_language", "ask_anonymity", "ask_residence",
     "ask_report_police", "self_check"}
)  # fmt: skip


def residence_step(
    intent: str | None, question_open: bool, answers_given: bool, actions: tuple[str, ...]
) -> str | None:
    """The action for a typed answer to the explainer's open question, or None."""
    if actions and actions[-1] == ANSWER:
        return LISTEN
    if actions or not question_open or not answers_given or intent in NEVER_AN_ANSWER:
        return None
    return ANSWER
