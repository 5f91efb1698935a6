"""The tracker store forgets what a user would expect to be forgotten (real Rasa events)."""

import asyncio
import json

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import PROJECT_ROOT
from hulproute_rasa.tracker_store import (
    PrivateTrackerStore,
    forget_answers_of_earlier_sessions,
    forget_before_restart,
)
from tests.services import redis_client

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain"))


def _tracker(events):
    return DialogueStateTracker.from_events("someone", events, slots=DOMAIN.slots)


def _answers():
    return [
        SlotSet("residence_eu", "no"),
        SlotSet("residence_asylum", "dublin"),
        SlotSet("residence_question", "minor"),
    ]


def test_explainer_answers_do_not_survive_a_new_session_but_the_language_does():
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("hallo"),
        SlotSet("language", "nl"),
        *_answers(),
        # 30 minutes later: Rasa starts a new session and carries every slot over.
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("language", "nl"),
        *_answers(),
        ActionExecuted("action_listen"),
    ]
    tracker = forget_answers_of_earlier_sessions(_tracker(events))
    assert tracker.get_slot("language") == "nl"
    for slot in ("residence_eu", "residence_asylum", "residence_question"):
        assert tracker.get_slot(slot) is None, slot


def test_answers_given_in_the_current_session_are_kept_until_explained():
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        *_answers(),
    ]
    tracker = forget_answers_of_earlier_sessions(_tracker(events))
    assert tracker.get_slot("residence_asylum") == "dublin"


def test_delete_this_chat_forgets_the_answers_and_keeps_the_language():
    events = [
        ActionExecuted("action_listen"),
        UserUttered("my boss has my passport"),
        SlotSet("language", "en"),
        *_answers(),
        ActionExecuted("action_restart"),
        Restarted(),
    ]
    tracker = forget_before_restart(_tracker(events))
    assert tracker.get_slot("language") == "en"
    assert tracker.get_slot("residence_eu") is None
    assert not any(isinstance(e, UserUttered) for e in tracker.events)


# --- PrivateTrackerStore: what is at rest ---------------------------------------------------------

MARKERS = ("Johannes Markerman", "+31 6 12345678", "marker@example.org", "NL91ABNA0417164300")


def _conversation(sender="s1"):
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen"),
            UserUttered(
                f"I am {MARKERS[0]}, call {MARKERS[1]} or mail {MARKERS[2]}, IBAN {MARKERS[3]}",
                intent={"name": "disclose_exploitation", "confidence": 0.9},
                entities=[{"entity": "place", "value": "Zwolle", "start": 0, "end": 6}],
                parse_data={
                    "text": f"I am {MARKERS[0]}",
                    "intent": {"name": "disclose_exploitation", "confidence": 0.9},
                    "entities": [],
                    "language_detection": {"language": "en", "confidence": 0.99},
                },
                metadata={"language": "en", "whatever": MARKERS[0]},
            ),
            SlotSet("language", "en"),
            SlotSet("municipality_code", "GM0193"),
            SlotSet("residence_eu", f"call {MARKERS[1]}"),
            BotUttered(f"Thank you {MARKERS[0]}", {"buttons": []}, {"utter_action": "utter_x"}),
        ],
        slots=DOMAIN.slots,
    )


def _run(coroutine):
    return asyncio.run(coroutine)


def test_nothing_the_user_wrote_is_at_rest():
    store = PrivateTrackerStore(DOMAIN)
    _run(store.save(_conversation()))
    raw = json.dumps(store._inner.store)  # exactly what the in-memory store holds
    assert not [m for m in MARKERS if m in raw]
    tracker = _run(store.retrieve("s1"))
    assert tracker.get_slot("language") == "en"
    assert tracker.get_slot("municipality_code") == "GM0193"
    assert tracker.latest_message.intent["name"] == "disclose_exploitation"
    assert tracker.latest_message.parse_data["language_detection"]["language"] == "en"


def test_a_conversation_expires_after_the_idle_time():
    store = PrivateTrackerStore(DOMAIN, expire_after_minutes=0.001)  # 60 ms
    _run(store.save(_conversation()))
    assert _run(store.retrieve("s1")) is not None
    asyncio.run(asyncio.sleep(0.1))
    assert _run(store.retrieve("s1")) is None
    assert "s1" not in store._inner.store


def test_delete_removes_the_conversation():
    store = PrivateTrackerStore(DOMAIN)
    _run(store.save(_conversation()))
    _run(store.delete("s1"))
    assert _run(store.retrieve("s1")) is None


@pytest.fixture
def redis_inner():
    client = redis_client(15)  # skips only when no Redis answers
    yield client
    client.flushdb()


def test_the_same_holds_for_another_configured_store(redis_inner):
    inner = {"type": "redis", "url": "127.0.0.1", "port": 6379, "db": 15}
    store = PrivateTrackerStore(DOMAIN, inner=inner)
    _run(store.save(_conversation("s2")))
    raw = b" ".join(redis_inner.get(key) or b"" for key in redis_inner.keys("*")).decode()
    assert "disclose_exploitation" in raw  # it really is stored there
    assert not [m for m in MARKERS if m in raw]
    assert _run(store.retrieve("s2")).get_slot("municipality_code") == "GM0193"


def test_the_domain_rasa_sets_after_loading_the_model_reaches_the_inner_store():
    store = PrivateTrackerStore(None)  # Rasa creates the store before the model is loaded
    store.domain = DOMAIN
    _run(store.save(_conversation("s3")))
    assert _run(store.retrieve("s3")).get_slot("language") == "en"


def test_self_check_answers_do_not_survive_a_new_session():
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        SlotSet("self_check_question", "debt"),
        SlotSet("self_check_answers", "passport:yes"),
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("self_check_question", "debt"),
        SlotSet("self_check_answers", "passport:yes"),
        ActionExecuted("action_listen"),
    ]
    tracker = forget_answers_of_earlier_sessions(_tracker(events))
    assert tracker.get_slot("self_check_answers") is None
    assert tracker.get_slot("self_check_question") is None


# --- shared by replicas (Redis), and counted for the statistics ----------------------------------

REDIS_INNER = {"type": "redis", "url": "127.0.0.1", "port": 6379, "db": 15}


def test_redis_deletes_an_idle_conversation_by_itself(redis_inner):
    store = PrivateTrackerStore(DOMAIN, inner=REDIS_INNER, expire_after_minutes=30)
    _run(store.save(_conversation("idle")))
    ttl = redis_inner.ttl("tracker:idle")
    assert 1790 <= ttl <= 1800


def test_a_replica_never_deletes_a_conversation_another_replica_is_serving(redis_inner):
    first = PrivateTrackerStore(DOMAIN, inner=REDIS_INNER, expire_after_minutes=0.002)  # 120 ms
    second = PrivateTrackerStore(DOMAIN, inner=REDIS_INNER, expire_after_minutes=0.002)
    _run(first.save(_conversation("shared")))
    for _ in range(3):  # the conversation goes on at the other replica
        asyncio.run(asyncio.sleep(0.06))
        tracker = _run(second.retrieve("shared"))
        tracker.update(ActionExecuted("action_listen"))
        _run(second.save(tracker))
    _run(first.save(_conversation("other")))  # the first replica saves something else
    assert _run(first.retrieve("shared")) is not None
    asyncio.run(asyncio.sleep(0.15))  # now it really is idle, for every replica
    assert _run(first.retrieve("shared")) is None
    assert redis_inner.get("tracker:shared") is None


def test_delete_this_chat_leaves_nothing_of_before_in_redis(redis_inner):
    store = PrivateTrackerStore(DOMAIN, inner=REDIS_INNER)
    tracker = _conversation("restart")
    _run(store.save(tracker))
    tracker.update(ActionExecuted("action_restart"))
    tracker.update(Restarted())
    _run(store.save(tracker))
    raw = redis_inner.get("tracker:restart").decode()
    assert "disclose_exploitation" not in raw and "GM0193" not in raw
    assert _run(store.retrieve("restart")).get_slot("language") == "en"
    _run(store.delete("restart"))
    assert redis_inner.keys("*") == []


def test_each_message_is_counted_once_however_often_it_is_saved(tmp_path, monkeypatch):
    from sqlalchemy import select

    from bot.db.database import make_engine
    from bot.usage.schema import DailyCount

    url = f"sqlite:///{tmp_path}/stats.sqlite"
    monkeypatch.setenv("STATISTICS_DATABASE_URL", url)
    store = PrivateTrackerStore(DOMAIN, statistics_flush_seconds=0)
    tracker = _conversation("counted")  # disclose_exploitation, in English, Zwolle
    _run(store.save(tracker))
    _run(store.save(tracker))  # Rasa saved it again without a new message
    tracker.update(UserUttered("", intent={"name": "emergency", "confidence": 1.0}))
    _run(store.save(tracker))
    with make_engine(url).connect() as connection:
        found = connection.execute(select(DailyCount))
        rows = {(r.family, r.language, r.region): r.count for r in found}
    assert rows == {
        ("conversation", "en", "Overijssel"): 1,
        ("disclosure", "en", "Overijssel"): 1,
        ("place", "en", "Overijssel"): 1,
        ("danger", "en", "Overijssel"): 1,
    }


def test_statistics_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("STATISTICS_DATABASE_URL", f"sqlite:///{tmp_path}/off.sqlite")
    store = PrivateTrackerStore(DOMAIN, statistics=False, statistics_flush_seconds=0)
    _run(store.save(_conversation("uncounted")))
    assert not (tmp_path / "off.sqlite").exists()


def test_a_slow_statistics_write_is_not_queued_again_by_every_message(tmp_path, monkeypatch):
    import threading
    import time as clock
    from datetime import date

    from bot.usage import counts

    monkeypatch.setenv("STATISTICS_DATABASE_URL", f"sqlite:///{tmp_path}/slow.sqlite")
    store = PrivateTrackerStore(DOMAIN, statistics_flush_seconds=0.001)
    recorder = store._counter.recorder
    real_flush, running, most, calls = recorder.flush, [], [0], [0]
    lock = threading.Lock()

    def slow_flush():
        with lock:
            running.append(1)
            most[0] = max(most[0], len(running))
            calls[0] += 1
        clock.sleep(0.2)  # e.g. the first write, which creates the table
        real_flush()
        with lock:
            running.pop()

    recorder.flush = slow_flush

    async def many_messages():
        for i in range(50):
            tracker = _conversation(f"c{i}")
            tracker.update(UserUttered("", intent={"name": "thank", "confidence": 1.0}))
            await store.save(tracker)  # two messages: a conversation that is counted
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.5)

    _run(many_messages())
    assert most[0] == 1  # never two writes at once
    assert calls[0] <= 3  # not one per message
    store._counter._flush()  # what is left, as at exit
    report = counts.report(recorder.engine, date(2000, 1, 1), None, min_count=5)
    assert sum(n for cell, n in report.rows if cell.family == "conversation") == 50


# --- issue 14: kept values, expiry on a timer, bookkeeping that forgets ---------------------------


def test_only_values_the_bots_buttons_send_are_kept_for_code_entities():
    typed = [
        {"entity": "language", "value": "Johannes Markerman"},
        {"entity": "self_check_answer", "value": "Johannes Markerman"},
        {"entity": "residence_eu", "value": "no"},
        {"entity": "language", "value": "ar"},
    ]
    events = [
        ActionExecuted("action_listen"),
        UserUttered("", intent={"name": "answer_question", "confidence": 1.0}, entities=typed),
        SlotSet("language", "Johannes Markerman"),
        SlotSet("self_check_answers", "passport:yes,debt:unsure"),
        SlotSet("municipality_code", "GM0772"),
    ]
    store = PrivateTrackerStore(DOMAIN, statistics=False)
    _run(store.save(DialogueStateTracker.from_events("kept", events, slots=DOMAIN.slots)))
    raw = json.dumps(store._inner.store)
    assert "Markerman" not in raw
    tracker = _run(store.retrieve("kept"))
    values = [e["value"] for e in tracker.latest_message.entities]
    assert values == ["", "", "no", "ar"]
    assert tracker.get_slot("language") is None  # free text is not a code
    assert tracker.get_slot("self_check_answers") == "passport:yes,debt:unsure"
    assert tracker.get_slot("municipality_code") == "GM0772"


def test_expired_conversations_are_deleted_by_a_timer_without_any_traffic():
    store = PrivateTrackerStore(DOMAIN, expire_after_minutes=0.01, statistics=False)  # 0.6 s

    async def save_then_wait():
        await store.save(_conversation("idle"))
        assert "idle" in store._inner.store
        await asyncio.sleep(1.5)  # nobody saves or retrieves anything now

    _run(save_then_wait())
    assert "idle" not in store._inner.store


def test_a_deleted_conversation_is_forgotten_by_the_rate_limits(monkeypatch):
    from hulproute_rasa import runtime

    gate = runtime.message_gate()
    store = PrivateTrackerStore(DOMAIN, statistics=False)
    gate.admit("forget-me", "hello")
    before = gate.known_conversations()
    _run(store.save(_conversation("forget-me")))
    _run(store.delete("forget-me"))
    assert gate.known_conversations() == before - 1


def test_the_statistics_bookkeeping_forgets_expired_conversations(tmp_path, monkeypatch):
    monkeypatch.setenv("STATISTICS_DATABASE_URL", f"sqlite:///{tmp_path}/forget.sqlite")
    store = PrivateTrackerStore(DOMAIN, expire_after_minutes=0.01, statistics_flush_seconds=0)
    tracker = _conversation("counted-then-expired")
    tracker.update(UserUttered("", intent={"name": "thank", "confidence": 1.0}))
    _run(store.save(tracker))
    assert "counted-then-expired" in store._counter._counted

    async def wait():
        await store.save(_conversation("another"))
        await asyncio.sleep(1.5)

    _run(wait())
    assert "counted-then-expired" not in store._counter._counted


# --- issue 15: stores that cannot keep the promises are refused at start-up -----------------------


@pytest.mark.parametrize(
    "inner",
    [
        {"type": "sql", "dialect": "postgresql", "url": "127.0.0.1", "db": "rasa"},
        {"type": "mongod", "url": "mongodb://127.0.0.1:27017"},
        {"type": "dynamo"},
    ],
)
def test_stores_that_write_to_disk_or_cannot_delete_are_refused(inner):
    from hulproute_rasa.tracker_store import UnsafeStoreError

    with pytest.raises(UnsafeStoreError, match="not supported"):
        PrivateTrackerStore(DOMAIN, inner=inner, statistics=False)


def test_an_event_broker_is_refused_because_it_would_receive_every_text():
    from hulproute_rasa.tracker_store import UnsafeStoreError

    with pytest.raises(UnsafeStoreError, match="event_broker"):
        PrivateTrackerStore(DOMAIN, event_broker=object(), statistics=False)


def test_when_redis_is_down_the_conversation_is_kept_without_text_not_by_rasas_fallback():
    # A Redis port where nothing listens: what a user meets when Redis goes down.
    inner = {"type": "redis", "url": "127.0.0.1", "port": 1, "db": 0}
    store = PrivateTrackerStore(DOMAIN, inner=inner, statistics=False)
    _run(store.save(_conversation("redis-down")))  # no exception reaches Rasa's wrapper
    raw = json.dumps(store._local.store)
    assert "disclose_exploitation" in raw and not [m for m in MARKERS if m in raw]
    assert _run(store.retrieve("redis-down")).get_slot("municipality_code") == "GM0193"
    _run(store.delete("redis-down"))
    assert _run(store.retrieve("redis-down")) is None
