"""112 first, then what was asked: a request with danger words in it.

"they beat me, my arm is broken" is a request for a doctor (`ask_medical`) and danger now; "I
think about suicide tonight, what is the reflection period?" a question and danger now. The
safety net (danger.py) turns only general intents into `emergency`, so for any other request the
answer its rule gives (data/rules/: "intent X -> actions A, B") is put after 112:
utter_emergency, then A, B, then (bot/find_help/next_step.py) the local route if a town is
known. The Rasa policy (hulproute_rasa/policy.py) reads the facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

EMERGENCY_ANSWER = "utter_emergency"
LISTEN = "action_listen"
# Never put after 112: danger itself, and deleting the chat (its answer comes alone, at once).
NOT_AFTER_DANGER = frozenset({"emergency", "delete_conversation"})


def rule_answers(rules_dir: Path) -> dict[str, tuple[str, ...]]:
    """Intent -> the actions its rule answers with, for rules that start with a user intent
    (data/rules/*.yml: "- intent: ask_medical", "- action: utter_ask_medical")."""
    answers: dict[str, tuple[str, ...]] = {}
    for file in sorted(rules_dir.glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            steps = rule.get("steps") or []
            if rule.get("condition") or not steps or "intent" not in steps[0]:
                continue
            actions = tuple(str(s["action"]) for s in steps[1:] if "action" in s)
            if actions and len(actions) == len(steps) - 1:
                answers.setdefault(str(steps[0]["intent"]), actions)
    return answers


def danger_step(
    intent: str | None,
    danger: bool,
    actions: tuple[str, ...],
    answers: Mapping[str, tuple[str, ...]],
) -> str | None:
    """The next action for a request that came with danger words, or None. After the
    request's own answer it returns `action_listen`; the caller may put the route before it."""
    if not danger or intent is None or intent in NOT_AFTER_DANGER or intent not in answers:
        return None
    if not actions:
        return EMERGENCY_ANSWER
    if actions[0] != EMERGENCY_ANSWER:
        return None
    own, done = answers[intent], actions[1:]
    if done == own[: len(done)]:
        return own[len(done)] if len(done) < len(own) else LISTEN
    return None
