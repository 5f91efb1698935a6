"""A residence explanation written out in the user's language.

Steps are grouped by what they are for the user (what applies, what you can do, be aware, free
advice), each group one paragraph (one chat bubble). Uncertain rules say so. Every sentence is a
catalog message: the headings below and each rule's `says` from facts/residence_rules.yml.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.i18n.bodies import Body
from bot.i18n.translator import N_, Translator

HEADINGS = {
    "applies": N_("What applies to you:"),
    "can": N_("What you can do:"),
    "caveat": N_("Be aware:"),
    "advice": N_("Free advice for your situation:"),
}
NOT_CERTAIN = N_("This is not certain for everyone. Ask CoMensha or a lawyer.")


def explanation_text(
    explanation: Mapping[str, Any],
    language: str,
    translator: Translator,
    params: Mapping[str, object] | None = None,
) -> str:
    """The explanation (format hulproute.residence/1) as paragraphs, one per kind of step."""
    paragraphs = []
    for kind, heading in HEADINGS.items():
        lines = []
        for step in explanation["steps"]:
            if step["kind"] != kind:
                continue
            line = "\u2022 " + translator.gettext(language, step["says"], params)
            if step.get("uncertain"):
                line += " " + translator.gettext(language, NOT_CERTAIN)
            lines.append(line)
        if lines:
            paragraphs.append("\n".join([translator.gettext(language, heading), *lines]))
    return "\n\n".join(paragraphs)


def _explanation(
    data: Any, language: str, translator: Translator, params: Mapping[str, Any]
) -> str:
    return explanation_text(data, language, translator, params)


# The body of `utter_residence_explanation` (format hulproute.residence/1).
BODIES = {"explanation": Body(_explanation)}
