"""The conversation stories (tests/conversations/stories/<lang>.yml): every kind of turn that
issue 16 made work (a place with a help request, a place named earlier, the reply to "which
town?", urgency that is not danger, danger, the guardian after "I am 16", follow-up questions,
language switches and script cues, typed situations in the residence explainer), in all twelve
languages, turn by turn against the real servers. Every turn must hold every expectation (the
format: tests/conversations/README.md; the same checks as `make bench-conversations`)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.run.servers import free_port, start_action_server, start_rasa, stop
from scripts.bench.conversations import CONVERSATIONS, Bot, failures, turn_responses
from scripts.bench.limits import RAISED_GLOBAL_LIMIT

pytestmark = pytest.mark.server
STORIES = CONVERSATIONS / "stories"


def _stories() -> list[tuple[str, dict]]:
    found = []
    for language in SUPPORTED_LANGUAGES:
        path = STORIES / f"{language}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        found += [(language, c) for c in (data or {}).get("conversations") or []]
    return found


@pytest.fixture(scope="module")
def bot(model_path: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    workdir = tmp_path_factory.mktemp("stories")
    token = uuid.uuid4().hex
    # Some hundred turns in a minute or two: above the default global limit for all users.
    extra = {**RAISED_GLOBAL_LIMIT, "STATISTICS_DATABASE_URL": f"sqlite:///{workdir}/s.sqlite"}
    action_port, rasa_port = free_port(), free_port()
    actions = start_action_server(action_port, workdir / "actions.log", extra)
    rasa = start_rasa(model_path, rasa_port, action_port, workdir, workdir / "rasa.log", token,
                      extra_env=extra)  # fmt: skip
    yield Bot(rasa_port, token)
    stop(rasa, actions)


def test_every_language_has_stories():
    assert {language for language, _ in _stories()} == set(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize(
    ("language", "conversation"),
    _stories(),
    ids=lambda v: v.get("id", v) if isinstance(v, dict) else v,
)
def test_story(bot: Bot, language: str, conversation: dict) -> None:
    sender = f"story-{uuid.uuid4().hex}"
    for number, turn in enumerate(conversation["turns"], start=1):
        reply = bot.send(sender, turn["user"])
        state = bot.tracker(sender)
        missed = failures(turn, reply, state)
        assert not missed, (
            f"{conversation['id']} turn {number} {turn['user']!r}: missed {missed}; expected "
            f"{turn.get('expect')}, given {turn_responses(state)} in "
            f"{sorted({(m.get('metadata') or {}).get('language') for m in reply}, key=str)}, "
            f"municipality {(state.get('slots') or {}).get('municipality_code')}"
        )
