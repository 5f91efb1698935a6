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
# `checked: not yet` in the data file: nobody has compared the rule with its source.
NOT_YET_CHECKED = "not yet"
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
    checked: date | None  # None: `checked: not yet`, no person compared it with the source
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
                        "checked": r.checked.isoformat() if r.checked else None,
                        "confidence": r.confidence,
                    },
                }
                for r in self.steps
            ],
        }


def _checked(value: object, key: str) -> date | None:
    """A date a person compared the rule with its source, or None for `not yet`."""
    if value == NOT_YET_CHECKED:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ResidenceRulesError(
            f"rule {key!r}: checked must be a date or {NOT_YET_CHECKED!r}"
        ) from error


def unchecked_rules(rules: dict[str, Rule]) -> list[str]:
    """The rules no person has compared with their source yet."""
    return [key for key, rule in rules.items() if rule.checked is None]


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
            checked=_checked(checked, key),
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
    eu = a.eu == "yes"
    keys: list[str] = []
    if eu:
        keys.append("eu_law_first")
    if a.minor == "yes":
        # Nidos is for minors from outside the EU; Dutch and EU minors get youth care (facts-nl
        # §1.9). Not knowing where they are from: both, each worded as a condition.
        keys += {"yes": ["minor_eu_youth_care"], "no": ["minor_nidos"]}.get(
            a.eu, ["minor_nidos", "minor_eu_youth_care"]
        )

    # Asylum and Dublin rules are not for EU citizens (they are not asked the asylum question).
    asylum = "none" if eu else a.asylum
    dublin = asylum == "dublin"
    # The reflection period: who has not reported yet may use it first. Shelter, money and care
    # in it are for people from outside the EU; an adult EU citizen gets `eu_shelter` instead,
    # which says what is not clear for them (facts-nl §1.3, §1.8).
    if a.reported != "yes":
        keys.append("reflection_period_dublin" if dublin else "reflection_period")
        if not eu:
            keys.append("reflection_rights")
    if eu and a.minor != "yes":
        keys.append("eu_shelter")

    if asylum == "procedure":
        keys += ["asylum_procedure", "asylum_coa_safe"]
    elif asylum == "rejected":
        keys.append("asylum_rejected")
    elif asylum in ("none", UNKNOWN) and not eu:
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
    if a.reported != "yes" and not eu and asylum != "procedure":
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
