"""Which residence rules apply to an anonymous situation (plain Python, no Rasa).

The user answers at most four coarse questions, each skippable ("unknown"):
- `eu`: an EU/EEA/Swiss citizen or not;
- `asylum`: in the asylum procedure, rejected, a Dublin case (asked for asylum or registered in
  another EU country first), or none of these;
- `minor`: under 18 or not;
- `reported`: reported to the police already, thinking about it, or not.
Nothing else is asked and nothing else is kept. `explain` maps the answers to the rules in
`facts/residence_rules.yml` (data, with legal references and sources) and returns a route of
steps in the order a person should read them: what applies, what you can do, what to be aware
of, who gives free personal advice. It never promises a permit: `no_promise` is in every route.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

# The questions and their possible answers, in the order they are asked. "unknown" is what
# "I don't know" and "skip" give; it always leads to a useful general answer.
UNKNOWN = "unknown"
QUESTIONS: dict[str, tuple[str, ...]] = {
    "eu": ("yes", "no", UNKNOWN),
    "asylum": ("procedure", "rejected", "dublin", "none", UNKNOWN),
    "minor": ("yes", "no", UNKNOWN),
    "reported": ("yes", "thinking", "no", UNKNOWN),
}
KINDS = ("applies", "can", "caveat", "advice")
FORMAT = "hulproute.residence/1"


class ResidenceRulesError(ValueError):
    """The rules file is incomplete (a rule without source, check date or text)."""


@dataclass(frozen=True)
class Rule:
    """One rule from the data file."""

    key: str
    kind: str
    says: str  # msgid
    legal: str | None
    source: str
    checked: date
    confidence: str
    uncertain: bool = False


@dataclass(frozen=True)
class Answers:
    """The four coarse answers; anything not given is unknown."""

    eu: str = UNKNOWN
    asylum: str = UNKNOWN
    minor: str = UNKNOWN
    reported: str = UNKNOWN

    def __post_init__(self) -> None:
        for question, allowed in QUESTIONS.items():
            if getattr(self, question) not in allowed:
                raise ValueError(f"{question} must be one of {allowed}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Answers:
        """Answers from slots or CLI options; missing, None or unexpected values are unknown."""
        clean = {}
        for question, allowed in QUESTIONS.items():
            value = values.get(question)
            clean[question] = value if value in allowed else UNKNOWN
        return cls(**clean)

    def as_dict(self) -> dict[str, str]:
        """The answers as plain values."""
        return {q: getattr(self, q) for q in QUESTIONS}


@dataclass(frozen=True)
class Explanation:
    """The steps that apply, in reading order, for one set of answers."""

    answers: Answers
    steps: tuple[Rule, ...] = field(default=())

    @property
    def rule_keys(self) -> list[str]:
        """The keys of the rules in the route."""
        return [rule.key for rule in self.steps]

    def as_dict(self) -> dict[str, Any]:
        """The route as JSON-ready data (format hulproute.residence/1)."""
        return {
            "format": FORMAT,
            "answers": self.answers.as_dict(),
            "steps": [
                {
                    "rule": r.key,
                    "kind": r.kind,
                    "says": r.says,
                    "legal": r.legal,
                    "uncertain": r.uncertain,
                    "source": {
                        "url": r.source,
                        "checked": r.checked.isoformat(),
                        "confidence": r.confidence,
                    },
                }
                for r in self.steps
            ],
        }


def load_rules(path: Path) -> dict[str, Rule]:
    """Read and validate the rules file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules: dict[str, Rule] = {}
    for key, raw in (data.get("rules") or {}).items():
        missing = [f for f in ("kind", "says", "source", "checked", "confidence") if not raw.get(f)]
        if missing:
            raise ResidenceRulesError(f"rule {key!r} lacks {', '.join(missing)}")
        if raw["kind"] not in KINDS:
            raise ResidenceRulesError(f"rule {key!r}: kind must be one of {KINDS}")
        checked = raw["checked"]
        rules[key] = Rule(
            key=key,
            kind=str(raw["kind"]),
            says=str(raw["says"]),
            legal=str(raw["legal"]) if raw.get("legal") else None,
            source=str(raw["source"]),
            checked=checked if isinstance(checked, date) else date.fromisoformat(str(checked)),
            confidence=str(raw["confidence"]),
            uncertain=bool(raw.get("uncertain", False)),
        )
    missing_rules = set(_ALL_RULES) - set(rules)
    if missing_rules:
        raise ResidenceRulesError(f"rules file lacks {', '.join(sorted(missing_rules))}")
    return rules


def applicable_rules(answers: Answers) -> list[str]:
    """The keys of the rules that apply, in reading order (the decision table)."""
    a = answers
    keys: list[str] = []
    if a.eu == "yes":
        keys.append("eu_law_first")
    if a.minor == "yes":
        keys.append("minor_eu_youth_care" if a.eu == "yes" else "minor_nidos")

    dublin = a.asylum == "dublin"
    # The reflection period: who has not reported yet may use it first.
    if a.reported != "yes":
        keys.append("reflection_period_dublin" if dublin else "reflection_period")
        keys.append("reflection_rights")
        if a.eu == "yes":
            keys.append("eu_shelter")
    elif a.eu == "yes":
        keys.append("eu_shelter")

    if a.asylum == "procedure":
        keys += ["asylum_procedure", "asylum_coa_safe"]
    elif a.asylum == "rejected":
        keys.append("asylum_rejected")
    elif a.asylum in ("none", UNKNOWN) and a.eu != "yes":
        keys.append("victims_rights_any_status")

    # Reporting and the permit.
    if a.reported == "yes":
        keys.append("permit_after_report")
        if dublin:
            keys.append("permit_dublin_needs_prosecutor")
        keys += ["case_dropped", "continued_stay"]
    elif a.reported == "thinking":
        keys += ["you_decide", "permit_after_report"]
        if dublin:
            keys.append("permit_dublin_needs_prosecutor")
        keys.append("route_without_report")
    elif a.reported == "no":
        keys += ["you_decide", "route_without_report", "no_report_after_reflection"]
        if dublin:
            keys.append("permit_dublin_needs_prosecutor")
    else:
        keys += ["permit_after_report", "route_without_report"]
        if dublin:
            keys.append("permit_dublin_needs_prosecutor")

    keys.append("non_punishment")
    # Undocumented people thinking about reporting: the honest caveat.
    if a.reported != "yes" and a.eu != "yes" and a.asylum != "procedure":
        keys.append("aliens_police_caveat")
    keys += ["no_promise", "free_advice"]
    return keys


def explain(answers: Answers, rules: Mapping[str, Rule]) -> Explanation:
    """The route for these answers."""
    return Explanation(answers, tuple(rules[key] for key in applicable_rules(answers)))


_ALL_RULES = (
    "reflection_period",
    "reflection_period_dublin",
    "reflection_rights",
    "permit_after_report",
    "permit_dublin_needs_prosecutor",
    "you_decide",
    "route_without_report",
    "no_report_after_reflection",
    "case_dropped",
    "continued_stay",
    "eu_law_first",
    "eu_shelter",
    "minor_nidos",
    "minor_eu_youth_care",
    "asylum_procedure",
    "asylum_coa_safe",
    "asylum_rejected",
    "victims_rights_any_status",
    "non_punishment",
    "aliens_police_caveat",
    "no_promise",
    "free_advice",
)


# --- the dialogue: which question next, or the explanation ----------------------------------

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
# Slots (and button entities) are named residence_<question>; residence_question is the open one.
SLOT_PREFIX = "residence_"
OPEN_QUESTION_SLOT = "residence_question"


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

    `start`: the user asked about residence or reporting: forget earlier answers, ask the first
    question. Otherwise `given` holds the answers a button sent (question -> value); a typed
    "skip" or "I don't know" gives none and counts as unknown for the open question; a typed
    "yes" or "no" (`typed`) answers it ("yes, I asked for asylum" does not say which case, so it
    counts as unknown there).
    When all four are answered, the explanation is returned and every answer is cleared: the
    answers live only as long as the questions take.
    """
    cleared: dict[str, str | None] = {answer_slot(q): None for q in QUESTIONS}
    if start:
        first = next(iter(QUESTIONS))
        return ExplainerTurn(
            (START_RESPONSE, question_response(first)),
            {**cleared, OPEN_QUESTION_SLOT: first},
        )
    if open_question is None and not given:
        return ExplainerTurn((OUTSIDE_RESPONSES.get(typed or "", NOT_UNDERSTOOD_RESPONSE),), {})
    answers = {q: stored.get(q) for q in QUESTIONS}
    for question, value in given.items():
        if question in QUESTIONS:
            answers[question] = value if value in QUESTIONS[question] else UNKNOWN
    if not given and open_question in QUESTIONS:
        answers[open_question] = _TYPED[typed][open_question] if typed in _TYPED else UNKNOWN
    remaining = [q for q in QUESTIONS if answers[q] is None]
    if remaining:
        return ExplainerTurn(
            (question_response(remaining[0]),),
            {**{answer_slot(q): v for q, v in answers.items()}, OPEN_QUESTION_SLOT: remaining[0]},
        )
    explanation = explain(Answers.from_mapping(answers), rules)
    return ExplainerTurn(
        (EXPLANATION_RESPONSE,), {**cleared, OPEN_QUESTION_SLOT: None}, explanation
    )
