"""What the channels accept, and how fast: the three limits, cleaning, metadata, ids."""

from __future__ import annotations

import pytest

from bot.privacy.limits import (
    CONNECTION,
    CONVERSATION,
    GLOBAL,
    OK,
    Limits,
    MessageGate,
    RateLimiter,
    check_message,
    clean_metadata,
    is_conversation_id,
)
from tests.services import redis_client


def test_lone_surrogates_are_removed_so_the_text_can_be_encoded():
    checked = check_message("\udcff\ud800 help in Zwolle")
    assert checked.verdict == OK and checked.text == "help in Zwolle"
    checked.text.encode("utf-8")  # would raise with a surrogate left in


def test_one_conversation_is_limited_across_channels_and_others_are_not():
    gate = MessageGate(Limits(per_minute=30, burst=2, global_per_second=100, global_burst=100))
    assert gate.admit("a", "hi").refused_by is None  # REST
    assert gate.admit("a", "hi", connection="socket-1").refused_by is None  # socket.io
    assert gate.admit("a", "hi").refused_by == CONVERSATION  # the third at once, any channel
    assert gate.admit("b", "hi").refused_by is None


def test_one_connection_cannot_flood_by_changing_conversations():
    gate = MessageGate(Limits(per_minute=30, burst=2, global_per_second=100, global_burst=100))
    verdicts = [gate.admit(f"c{i}", "hi", connection="socket-1").refused_by for i in range(3)]
    assert verdicts == [None, None, CONNECTION]


def test_rotating_conversation_ids_meet_the_global_limit():
    gate = MessageGate(Limits(per_minute=30, burst=10, global_per_second=1, global_burst=5))
    verdicts = [gate.admit(f"c{i}", "hi").refused_by for i in range(8)]
    assert verdicts[:5] == [None] * 5 and set(verdicts[5:]) == {GLOBAL}


def test_a_refused_message_is_still_cleaned_for_the_danger_check():
    gate = MessageGate(Limits(per_minute=30, burst=1))
    gate.admit("a", "hi")
    refused = gate.admit("a", "\u200bI am in danger")
    assert refused.refused_by == CONVERSATION and refused.checked.text == "I am in danger"


def test_full_buckets_are_forgotten_and_forget_drops_one_at_once():
    limiter = RateLimiter(per_minute=60, burst=2)  # refills in 2 s
    limiter.allow("a", now=0.0)
    limiter.allow("b", now=0.0)
    assert len(limiter) == 2
    limiter.forget("a")
    assert len(limiter) == 1
    limiter.allow("c", now=10.0)  # b refilled long ago: swept
    assert len(limiter) == 1
    gate = MessageGate()
    gate.admit("deleted-conversation", "hi")
    gate.forget(conversation="deleted-conversation")
    assert gate.known_conversations() == 0


def test_what_a_channel_keeps_per_conversation_is_forgotten_with_it():
    from bot.messengers.choices import ChoiceMemory

    gate, memory = MessageGate(), ChoiceMemory()
    gate.also_forget(memory.forget)
    memory.remember("whatsapp-1", {"1": "/find_help_more"})
    gate.forget(connection="socket-1")
    assert memory.payload("whatsapp-1", "1") == "/find_help_more"  # a socket closing: kept
    gate.forget(conversation="whatsapp-1")
    assert memory.payload("whatsapp-1", "1") is None


def test_metadata_keeps_only_the_language_and_outreach_codes():
    deep: dict = {}
    inner = deep
    for _ in range(900):
        inner["a"] = {}
        inner = inner["a"]
    raw = {"language": "ar", "outreach": "nl", "note": "Johannes", "deep": deep}
    assert clean_metadata(raw) == {"language": "ar", "outreach": "nl"}
    assert clean_metadata({"language": "Johannes", "outreach": ["nl"]}) == {}
    assert clean_metadata("text") == {}


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("3f2a9c0d4b1e4f6a8c7d5e3b2a1f0e9d", True),
        ("offline-1", True),
        ("readiness-probe", True),
        ("", False),
        ("x" * 65, False),
        ("Johannes Markerman", False),
        ("someone@example.org", False),
        ("+31612345678", False),
        (12, False),
    ],
)
def test_conversation_ids_are_short_and_plain(value, valid):
    assert is_conversation_id(value) is valid


# --- shared by replicas, in the local Redis ------------------------------------------------------


@pytest.fixture
def redis14():
    client = redis_client(14)  # skips only when no Redis answers
    yield client
    client.flushdb()


def test_two_replicas_count_one_conversation_together(redis14):
    from bot.privacy.shared_limits import RedisRateLimiter

    replicas = [RedisRateLimiter(redis14, 30, 4, "test:limit:") for _ in range(2)]
    gates = [MessageGate(Limits(burst=4, global_burst=100), conversations=r) for r in replicas]
    verdicts = [gates[i % 2].admit("c", "hi").refused_by for i in range(6)]
    assert verdicts == [None] * 4 + [CONVERSATION] * 2  # 4 in all, not 4 each
    keys = redis14.keys("test:limit:*")
    assert keys and 0 < redis14.pttl(keys[0]) <= 8_000 + 1  # forgotten once refilled
    gates[0].forget(conversation="c")
    assert redis14.keys("test:limit:*") == []


def test_without_redis_the_process_counts_and_no_message_is_lost():
    from redis import Redis

    from bot.privacy.shared_limits import RedisRateLimiter

    down = RedisRateLimiter(Redis(port=1, socket_connect_timeout=0.2), 30, 2, "test:limit:")
    assert [down.allow("c") for _ in range(3)] == [True, True, False]
