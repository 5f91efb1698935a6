"""Floods (issue 14): per-conversation, per-connection and global limits, and what always passes
them: "I am in danger" gets 112 and "delete this chat" deletes, under any limit."""

from __future__ import annotations

import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.run.servers import free_port, start_action_server, start_rasa, stop
from tests.directory_data import phone
from tests.integration.clients import RestClient

pytestmark = pytest.mark.server

TOKEN = uuid.uuid4().hex
EMERGENCY = phone("emergency")
SLOW_DOWN = "wait a moment"
BUSY = "Many people are writing"


@pytest.fixture(scope="module")
def flood_stack(model_path, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("flood")
    statistics = workdir / "statistics.sqlite"
    extra = {
        "STATISTICS_DATABASE_URL": f"sqlite:///{statistics}",
        "HULPROUTE_STATISTICS_FLUSH_SECONDS": "0",
    }
    action_port, rasa_port = free_port(), free_port()
    actions = start_action_server(action_port, workdir / "actions.log", extra)
    rasa = start_rasa(
        model_path, rasa_port, action_port, workdir, workdir / "rasa.log", TOKEN, extra_env=extra
    )
    yield RestClient(rasa_port, TOKEN), statistics
    stop(rasa, actions)


def _user_intents(client: RestClient, sender: str) -> list[str]:
    events = client.tracker(sender)["events"]
    return [e["parse_data"]["intent"]["name"] for e in events if e["event"] == "user"]


def test_danger_and_deletion_pass_the_conversation_limit(flood_stack):
    client, _ = flood_stack
    sender = uuid.uuid4().hex
    answers = [client.text(sender, "hello") for _ in range(14)]
    assert any(SLOW_DOWN in a for a in answers)
    danger = client.text(sender, "I am in danger")
    assert f"Call {EMERGENCY}" in danger and SLOW_DOWN not in danger  # the danger answer itself
    deleted = client.text(sender, "please delete this chat")
    assert "deleted" in deleted
    assert "greet" not in _user_intents(client, sender)
    assert client.tracker(sender)["slots"]["language"] == "en"


def test_a_real_conversation_is_counted_once(flood_stack):
    client, statistics = flood_stack
    before = _conversations_counted(statistics)
    sender = uuid.uuid4().hex
    client.text(sender, "hello")
    client.text(sender, "I need help in Zwolle")
    client.text(sender, "thank you")
    assert _conversations_counted(statistics) == before + 1


def test_a_flood_with_rotating_ids_meets_the_global_limit_and_danger_still_gets_112(
    flood_stack,
):
    client, statistics = flood_stack
    before = _conversations_counted(statistics)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: client.text(uuid.uuid4().hex, "hello"), range(300)))
    refused = sum(BUSY in a for a in answers)
    assert refused > 0, "no request was refused"
    assert all(EMERGENCY in a for a in answers if BUSY in a)
    # Under the global limit: danger and deletion still work, for anyone.
    with ThreadPoolExecutor(max_workers=8) as pool:
        during = pool.map(lambda _: client.text(uuid.uuid4().hex, "hello"), range(200))
        danger = client.text(uuid.uuid4().hex, "I am in danger")
        during = list(during)
    assert any(BUSY in a for a in during), "the second flood was not refused either"
    assert f"Call {EMERGENCY}" in danger and BUSY not in danger
    # One-message conversations (and refused ones) are not counted as conversations.
    assert _conversations_counted(statistics) == before


def _conversations_counted(path) -> int:
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        try:
            row = db.execute(
                "select coalesce(sum(count), 0) from daily_counts where family = 'conversation'"
            ).fetchone()
        except sqlite3.OperationalError:  # no table yet: nothing was counted
            return 0
    return int(row[0])
