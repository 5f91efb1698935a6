"""Hostile and broken input against the real servers: kind answers, 4xx with a reason, no 5xx,
never the "service trouble" answer (which hides a crash) and no error in any server's log."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.run.servers import free_port, start_action_server, start_rasa, stop
from tests.directory_data import organisation_name
from tests.integration.clients import RestClient
from tests.integration.logs import error_lines, is_service_trouble

pytestmark = pytest.mark.server

HOSTILE = [
    "",
    "   \n\t ",
    "\x00\x01\x02\x1b[31m",
    "a" * 100_000,
    "\u200b\u200c\u200d\ufeff",
    "\u202eplehh\u202c I need help",
    "Hallo مرحبا Привет ሰላም help",
    "😀😀🙏🙏",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)> help in Eindhoven",
    "{{7*7}} ${jndi:ldap://x} '; DROP TABLE services; --",
    '/find_help_nearby{"place": "<script>alert(1)</script>"}',
    "/no_such_intent",
    "\udcff\ud800 broken surrogates",
]


@pytest.fixture(scope="module")
def servers(model_path, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("robust")
    action_port, rasa_port = free_port(), free_port()
    actions = start_action_server(action_port, workdir / "actions.log")
    rasa = start_rasa(model_path, rasa_port, action_port, workdir, workdir / "rasa.log", None)
    client = RestClient(rasa_port)
    client.workdir = workdir  # both servers' logs, checked by the last test of this module
    yield client, action_port
    stop(rasa, actions)


def _post(url: str, data: bytes) -> tuple[int, object]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.mark.parametrize("message", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_messages_get_a_kind_answer(servers, message):
    client, _ = servers
    body = json.dumps({"sender": uuid.uuid4().hex, "message": message}).encode()
    status, answer = _post(client.base + "/webhooks/rest/webhook", body)
    assert status == 200, answer
    texts = [m.get("text", "") for m in answer]
    assert texts and all(texts), answer
    assert not any(is_service_trouble(t) for t in texts), answer  # a crash, answered kindly
    assert not any("<script" in t or "onerror" in t for t in texts)


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"sender": "x"}', b'{"sender": "x", "message": 42}'],
)
def test_malformed_requests_get_400_with_a_reason(servers, body):
    client, _ = servers
    status, answer = _post(client.base + "/webhooks/rest/webhook", body)
    assert status == 400 and "error" in answer


def test_a_flood_from_one_conversation_is_asked_to_slow_down(servers):
    client, _ = servers
    sender = uuid.uuid4().hex
    answers = [client.text(sender, "hello") for _ in range(14)]
    assert any("wait a moment" in a for a in answers)
    assert "wait a moment" not in client.text(uuid.uuid4().hex, "hello")  # others unaffected


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.text(max_size=300))
def test_generated_messages_through_the_whole_stack(servers, message):
    client, _ = servers
    body = json.dumps({"sender": uuid.uuid4().hex, "message": message}).encode()
    status, answer = _post(client.base + "/webhooks/rest/webhook", body)
    assert status == 200 and answer and all(m.get("text") for m in answer)
    assert not any(is_service_trouble(m["text"]) for m in answer), (message, answer)


# --- the action server: 5,000 generated trackers ----------------------------------------------

_ENTITY = st.fixed_dictionaries(
    {
        "entity": st.sampled_from(
            [
                "place",
                "language",
                "residence_eu",
                "residence_asylum",
                "residence_minor",
                "self_check_answer",
                "x",
            ]
        ),
        "value": st.one_of(st.text(max_size=40), st.integers(), st.none()),
    }
)
_TRACKER = st.fixed_dictionaries(
    {
        "action": st.sampled_from(
            ["action_find_help", "action_residence_explainer", "action_self_check",
             "action_answer_question"]
        ),
        "text": st.text(max_size=200),
        "intent": st.sampled_from(
            ["find_help_nearby", "inform_place", "answer_question", "ask_residence",
             "affirm", "deny", "nlu_fallback", "greet"]
        ),
        "entities": st.lists(_ENTITY, max_size=3),
        "slots": st.fixed_dictionaries(
            {
                "municipality_code": st.one_of(
                    st.none(), st.sampled_from(["GM0772", "GM9999"]), st.text(max_size=8)
                ),
                "residence_question": st.one_of(
                    st.none(), st.sampled_from(["eu", "asylum", "minor", "reported", "other"])
                ),
                "residence_eu": st.one_of(st.none(), st.text(max_size=10)),
                "self_check_question": st.one_of(st.none(), st.sampled_from(["passport", "x"])),
                "self_check_answers": st.one_of(st.none(), st.text(max_size=40)),
                "language": st.one_of(st.none(), st.sampled_from(["en", "ar", "xx"])),
            }
        ),
    }
)  # fmt: skip


@settings(
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_TRACKER)
def test_5000_generated_trackers_never_break_the_action_server(servers, case):
    _, action_port = servers
    request = {
        "next_action": case["action"],
        "sender_id": "fuzz",
        "tracker": {
            "sender_id": "fuzz",
            "slots": case["slots"],
            "latest_message": {
                "text": case["text"],
                "intent": {"name": case["intent"], "confidence": 0.9},
                "entities": case["entities"],
            },
            "events": [],
            "latest_action_name": "action_listen",
            "active_loop": {},
        },
        "domain": {},
        "version": "3.6.2",
    }
    status, answer = _post(f"http://127.0.0.1:{action_port}/webhook", json.dumps(request).encode())
    assert status == 200, answer
    assert answer["responses"], answer


def test_no_server_logged_an_error(servers):
    """Every request above was answered; this shows none of them crashed on the way."""
    client, _ = servers
    assert error_lines(client.workdir / "rasa.log", client.workdir / "actions.log") == []


def test_a_restart_of_both_servers_works_from_the_files_and_keeps_no_conversation(
    model_path, tmp_path
):
    token = uuid.uuid4().hex
    action_port, rasa_port = free_port(), free_port()

    def start():
        actions = start_action_server(action_port, tmp_path / "actions.log")
        rasa = start_rasa(
            model_path, rasa_port, action_port, tmp_path, tmp_path / "rasa.log", token
        )
        return actions, rasa

    actions, rasa = start()
    client = RestClient(rasa_port, token)
    sender = uuid.uuid4().hex
    client.text(sender, "مرحبا، أحتاج مساعدة في أمستردام")
    assert client.tracker(sender)["slots"]["language"] == "ar"
    stop(rasa, actions)
    actions, rasa = start()
    try:
        after = client.tracker(sender)
        assert after["slots"]["language"] is None  # nothing of the conversation survived
        assert not [e for e in after["events"] or [] if e["event"] == "user"]
        lumens = organisation_name("lumens")
        assert lumens in client.text(uuid.uuid4().hex, "help in Eindhoven please")
    finally:
        stop(rasa, actions)
