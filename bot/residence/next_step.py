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
# Right after the explainer's question, "I am from Romania" answers it (eu: yes), although it
# names a language too. (Residence and police questions right after one answer it even without
# answer words: ANSWER_RIGHT_AFTER_A_QUESTION.)
ANSWER_WHEN_JUST_ASKED = frozenset({"choose_language"})
# Read as an answer when it comes right after one of the explainer's questions, even when the
# lexicon found no answer words in it:
# - a reply the classifier could not place is most often an unsure answer ("hmm maybe", "I
#   think so?"), and moving on with "unknown" beats a "sorry, I did not understand" in the
#   middle of four questions;
# - a residence or police question or statement ("I came through Italy and they took my
#   fingerprints", "yes I went to the police before" in words the lexicon lacks) moves on too:
#   the explanation at the end answers it, and starting again would lose the answers given;
# - "I am seventeen" (inform_minor) answers the minor question when that is the open one
#   (INTENT_ANSWERS in bot/residence/explainer.py); with another one open, it counts as unsure
#   there, like the replies above.
ANSWER_RIGHT_AFTER_A_QUESTION = frozenset(
    {"nlu_fallback", "ask_residence", "ask_report_police", "inform_minor"}
)


def residence_step(
    intent: str | None,
    question_open: bool,
    answers_given: bool,
    actions: tuple[str, ...],
    just_asked: bool = False,
) -> str | None:
    """The action for a typed answer to the explainer's open question, or None. `just_asked`:
    the bot's last words were one of the explainer's questions."""
    if actions and actions[-1] == ANSWER:
        return LISTEN
    if actions or not question_open:
        return None
    if just_asked and intent in ANSWER_RIGHT_AFTER_A_QUESTION:
        return ANSWER
    if not answers_given:
        return None
    if just_asked and intent in ANSWER_WHEN_JUST_ASKED:
        return ANSWER
    return None if intent in NEVER_AN_ANSWER else ANSWER
