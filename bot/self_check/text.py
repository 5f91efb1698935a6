"""The self-check result in the user's language: never a verdict, always what they can do."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.i18n.bodies import Body
from bot.i18n.translator import N_, Translator

OUTCOME_TEXTS = {
    "clear": N_(
        "What you describe has clear signs of exploitation or human trafficking. "
        "That is a crime in the Netherlands, also when it happens to men."
    ),
    "some": N_(
        "What you describe has some signs of exploitation. "
        "It is good to talk about it with someone who knows."
    ),
    "none": N_(
        "From your answers I see no clear signs of exploitation. "
        "If something still feels wrong, you can talk to someone."
    ),
}
NOT_YOUR_FAULT = N_("It is not your fault, whatever you had to do.")
NOT_ALONE = N_("You are not alone. Many people in the Netherlands get help for this.")
OPTIONS = N_(
    "What you can do now: talk to someone, find help near you, "
    "or read what it means for your stay in the Netherlands."
)


def result_text(result: Mapping[str, Any], language: str, translator: Translator) -> str:
    """The result (format hulproute.self-check/1) as short paragraphs."""
    outcome = result.get("outcome")
    if outcome not in OUTCOME_TEXTS:
        outcome = "some"
    paragraphs = [
        translator.gettext(language, OUTCOME_TEXTS[outcome]),
        translator.gettext(language, NOT_YOUR_FAULT)
        + " "
        + translator.gettext(language, NOT_ALONE),
        translator.gettext(language, OPTIONS),
    ]
    return "\n\n".join(paragraphs)


def _result(data: Any, language: str, translator: Translator, _: Mapping[str, Any]) -> str:
    return result_text(data, language, translator)


# The body of `utter_self_check_result` (format hulproute.self-check/1): the result first, then
# the thanks and the note that the answers are deleted.
BODIES = {"self_check": Body(_result, before=True)}
