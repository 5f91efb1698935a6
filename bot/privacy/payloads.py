"""Which "/intent{...}" messages the bot accepts: its own button payloads, nothing else.

Rasa reads a message that starts with "/" as an intent with entities and skips the NLU. That
syntax exists for buttons. Typed by a person or sent by an attacker, it would put any text into
entity values and slots (`/choose_language{"language": "<any text>"}`), and Rasa quotes a
malformed one in its log. So a "/" message is accepted only when it is one of the bot's own
payloads: a known intent alone, or a known intent with entities whose values are among those
the bot's own buttons send (`language: ar`, `residence_eu: no`, `self_check_answer:
passport:yes`), or a place the place index knows (`/inform_place{"place": "Bergen (NH.)"}`,
the buttons that ask "which Bergen?"). It is then passed on in one canonical form, which
Rasa's parser always reads. Anything else is plain text: its leading slashes are removed and
the NLU reads it like any other message.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.privacy.limits import EMPTY, OK, Checked

_PAYLOAD = re.compile(r"/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?P<entities>\{.*\})?", re.DOTALL)
# Rasa's own intents a button or the page may send: "/restart" starts the conversation again.
RASA_INTENTS = frozenset({"restart"})
# Entities whose values are not a fixed list but checked by a function (given at start-up).
PLACE_ENTITY = ("inform_place", "place")


@dataclass(frozen=True)
class Payload:
    """A button payload taken apart."""

    intent: str
    entities: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        """The canonical form: `/intent` or `/intent{"entity": "value"}`."""
        if not self.entities:
            return f"/{self.intent}"
        return f"/{self.intent}{json.dumps(dict(self.entities), ensure_ascii=False)}"


def parse_payload(text: str) -> Payload | None:
    """`text` as a payload (`/intent` or `/intent{"entity": "value", ...}` with string values),
    or None when it is not exactly that shape (confidences, trailing text, other JSON)."""
    match = _PAYLOAD.fullmatch(text.strip())
    if match is None:
        return None
    raw = match.group("entities")
    if raw is None:
        return Payload(match.group("intent"))
    try:
        entities = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(entities, dict) or not entities:
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in entities.items()):
        return None
    return Payload(match.group("intent"), tuple(sorted(entities.items())))


@dataclass(frozen=True)
class KnownPayloads:
    """The payloads the bot's own buttons send."""

    intents: frozenset[str]
    values: Mapping[tuple[str, str], frozenset[str]]  # (intent, entity) -> the values sent
    checks: Mapping[tuple[str, str], Callable[[str], bool]] = field(default_factory=dict)

    @classmethod
    def from_buttons(
        cls,
        intents: Iterable[str],
        payloads: Iterable[str],
        checks: Mapping[tuple[str, str], Callable[[str], bool]] | None = None,
    ) -> KnownPayloads:
        """From the domain's intents and every button payload the bot can send."""
        values: dict[tuple[str, str], set[str]] = defaultdict(set)
        for text in payloads:
            payload = parse_payload(text)
            if payload is None:
                raise ValueError(f"a button payload the bot itself sends is malformed: {text}")
            for entity, value in payload.entities:
                values[(payload.intent, entity)].add(value)
        return cls(
            frozenset(intents) | RASA_INTENTS,
            {key: frozenset(found) for key, found in values.items()},
            dict(checks or {}),
        )

    def canonical(self, text: str) -> str | None:
        """The payload to hand to Rasa, or None when `text` is not one of the bot's own."""
        payload = parse_payload(text)
        if payload is None or payload.intent not in self.intents:
            return None
        for entity, value in payload.entities:
            key = (payload.intent, entity)
            check = self.checks.get(key)
            if check is not None:
                if not check(value):
                    return None
            elif value not in self.values.get(key, ()):
                return None
        return payload.text()

    def accept(self, checked: Checked) -> Checked:
        """A cleaned message as the dialogue should get it: one of the bot's own payloads in
        its canonical form, or else plain text (a "/" message without its slashes)."""
        if checked.verdict != OK or not checked.text.startswith("/"):
            return checked
        canonical = self.canonical(checked.text)
        if canonical is not None:
            return Checked(OK, canonical)
        text = as_plain_text(checked.text)
        return Checked(OK, text) if text else Checked(EMPTY, "")

    def is_known_value(self, entity: str, value: str) -> bool:
        """True when some button of the bot sends `value` for `entity` (for what is kept)."""
        return any(value in found for (_, name), found in self.values.items() if name == entity)


def as_plain_text(text: str) -> str:
    """A "/" message that is not a payload, as the text the NLU should read."""
    return text.lstrip("/").strip()


def domain_intents(domain_dir: Path) -> list[str]:
    """Every intent named in the domain files."""
    intents: list[str] = []
    for file in sorted(domain_dir.glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        intents += [i if isinstance(i, str) else next(iter(i)) for i in data.get("intents") or []]
    return intents
