"""Scale-out on real engines: two Rasa processes share one conversation through Redis (tracker
and lock store) and the local PostgreSQL (help directory, statistics); then the whole scripted
deployment, nginx in front and supervisord restarting what dies.

Needs Redis and PostgreSQL on 127.0.0.1 (CI has both); the deployment test also needs Debian's
nginx (`make setup` installs it). Each skips with the reason where its service is absent.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.run.local import wait_until_ready
from bot.run.scaled import Layout, find_nginx
from bot.run.servers import free_port, launch_rasa, start_action_server, stop, wait_for_rasa
from bot.settings import PROJECT_ROOT
from tests.integration.clients import RestClient
from tests.services import postgres_admin_engine, redis_client

pytestmark = pytest.mark.server

REDIS_DB = "14"  # a database of its own, emptied before and after
ARABIC = "مرحبا، أحتاج مساعدة"


def _redis():
    redis_client(int(REDIS_DB))  # skips only when no Redis answers; empties the database
    import redis

    return redis.Redis(host="127.0.0.1", port=6379, db=int(REDIS_DB), decode_responses=True)


@pytest.fixture(scope="module")
def postgres_url():
    """A new PostgreSQL database with the help directory built in it, dropped afterwards."""
    admin = postgres_admin_engine()  # skips only when no PostgreSQL answers
    name = f"hulproute_scale_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = f"postgresql://postgres@127.0.0.1/{name}"
    subprocess.run(
        [sys.executable, "-m", "bot.run.cli", "directory", "build", "--database-url", url],
        cwd=PROJECT_ROOT, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    yield url
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))


def _shared_env(postgres_url: str) -> dict[str, str]:
    return {
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_DB": REDIS_DB,
        "DATABASE_URL": postgres_url,
        "STATISTICS_DATABASE_URL": postgres_url,
        "HULPROUTE_STATISTICS_FLUSH_SECONDS": "0",
        "HULPROUTE_SHARED_LIMITS": "true",  # as `hulproute scale-out` sets it
    }


@pytest.fixture(scope="module")
def replicas(model_path, tmp_path_factory, postgres_url):
    """One action server and two Rasa processes with deploy/endpoints.yml (Redis)."""
    redis = _redis()
    workdir = tmp_path_factory.mktemp("replicas")
    action_port, ports = free_port(), [free_port(), free_port()]
    extra = _shared_env(postgres_url)
    actions = start_action_server(action_port, workdir / "actions.log", extra)
    extra["HULPROUTE_ACTION_URL"] = f"http://127.0.0.1:{action_port}/webhook"
    processes = [
        launch_rasa(
            model_path,
            port,
            None,
            workdir,
            workdir / f"rasa-{port}.log",
            endpoints_file=PROJECT_ROOT / "deploy" / "endpoints.yml",
            extra_env=extra,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for process, port in zip(processes, ports, strict=False):
            wait_for_rasa(process, port, workdir / f"rasa-{port}.log")
        yield [RestClient(port) for port in ports], redis
    finally:
        stop(*processes, actions)
        redis.flushdb()


def _stored_events(redis, sender: str) -> list[dict]:
    raw = redis.get(f"hulproute:tracker:{sender}")
    assert raw is not None, "the conversation is not in Redis"
    return json.loads(raw)["events"]


def _slots(events: list[dict]) -> dict:
    slots: dict = {}
    for event in events:
        if event["event"] == "slot":
            slots[event["name"]] = event["value"]
    return slots


def _language(messages: list[dict]) -> set[str]:
    return {m["metadata"]["language"] for m in messages}


def test_one_conversation_is_limited_across_both_replicas(replicas):
    (first, second), _ = replicas
    sender = uuid.uuid4().hex
    # 10 quick messages to each replica: 20 in all. Counted per replica, none would be refused
    # (10 is the burst of one conversation); counted together, some are, unless 10 tokens were
    # refilled meanwhile (20 s at 30 a minute), which a slow, busy machine does not reach.
    answers = [(first if i % 2 else second).text(sender, "hello") for i in range(20)]
    refused = [i for i, answer in enumerate(answers) if "wait a moment" in answer]
    assert refused, "counted per replica, not together"
    assert refused[0] >= 10  # the burst itself is never refused


def test_one_conversation_alternates_between_two_replicas(replicas):
    (first, second), redis = replicas
    sender = uuid.uuid4().hex
    assert _language(first.send(sender, ARABIC)) == {"ar"}
    # The other replica knows the language: a button payload carries none of its own.
    questions = second.send(sender, "/ask_residence")
    assert _language(questions) == {"ar"}
    assert len([b for m in questions for b in m.get("buttons", [])]) == 4
    # The explainer's questions, answered at alternating replicas: its state carries over.
    first.send(sender, '/answer_question{"residence_eu": "no"}')
    second.send(sender, '/answer_question{"residence_asylum": "dublin"}')
    first.send(sender, '/answer_question{"residence_minor": "no"}')
    explained = second.send(sender, '/answer_question{"residence_reported": "thinking"}')
    assert _language(explained) == {"ar"}
    assert "30" in "\n".join(m["text"] for m in explained)  # the Dublin reflection period
    route = first.send(sender, "مساعدة في أيندهوفن")
    assert _language(route) == {"ar"} and "Eindhoven" in "\n".join(m["text"] for m in route)
    slots = _slots(_stored_events(redis, sender))
    assert slots["language"] == "ar" and slots["municipality_code"] == "GM0772"
    assert not [k for k, v in slots.items() if k.startswith("residence_") and v is not None]
    assert 0 < redis.ttl(f"hulproute:tracker:{sender}") <= 1800  # Redis expires it
    raw = redis.get(f"hulproute:tracker:{sender}")
    assert ARABIC not in raw and "أيندهوفن" not in raw  # no text at rest


def test_the_lock_store_lets_one_message_of_a_conversation_through_at_a_time(replicas):
    (first, second), redis = replicas
    sender = uuid.uuid4().hex
    messages = 10  # at once, five to each replica (the burst the channel allows)
    with ThreadPoolExecutor(messages) as pool:
        answers = list(
            pool.map(
                lambda i: (first, second)[i % 2].send(sender, "/greet", {"language": "en"}),
                range(messages),
            )
        )
    assert all(answers), "every message got an answer"
    events = _stored_events(redis, sender)
    kinds = [e["event"] if e["event"] != "action" else e["name"] for e in events]
    user_turns = [i for i, kind in enumerate(kinds) if kind == "user"]
    # Without a shared lock two replicas answer from the same stored state and the later save
    # overwrites the earlier one: messages go missing. With it, all ten are there...
    assert len(user_turns) == messages
    # ... and not interleaved: each is answered and back to listening before the next one.
    for start, end in zip(user_turns, user_turns[1:], strict=False):
        turn = kinds[start + 1 : end]
        assert "bot" in turn and turn[-1] == "action_listen", turn


def test_the_statistics_of_both_replicas_are_counted_in_postgresql(replicas, postgres_url):
    (first, second), _redis = replicas
    sender = uuid.uuid4().hex
    tigrinya = {"language": "ti"}  # a language no other test here uses
    first.send(sender, "/greet", tigrinya)
    second.send(sender, "/ask_residence", tigrinya)
    first.send(sender, "/find_help_nearby", tigrinya)
    second.send(sender, "Eindhoven", tigrinya)  # the same topic again: counted once
    engine = create_engine(postgres_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT language, family, region, count FROM daily_counts")
        ).all()
    counts = {(r.language, r.family, r.region): r.count for r in rows}
    tigrinya_counts = {k: v for k, v in counts.items() if k[0] == "ti"}
    # One conversation, each topic once, wherever it was answered; the town named in a later
    # message is counted with its province.
    assert tigrinya_counts == {
        ("ti", "conversation", "unknown"): 1,
        ("ti", "residence", "unknown"): 1,
        ("ti", "help_nearby", "unknown"): 1,
        ("ti", "place", "Noord-Brabant"): 1,
    }
    # The readiness probes of both replicas ("/greet" without a language) are not people.
    assert ("unknown", "conversation", "unknown") not in counts


# --- the scripted deployment: nginx in front, supervisord restarting ----------------------------


async def _socket_io_exchange(port: int, origin: str, message: str) -> dict:
    """One message over socket.io (Engine.IO 4 over a websocket), as web/chat.js sends it."""
    import websockets

    url = f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, origin=origin, open_timeout=30) as socket_:

        async def receive(prefix: str) -> str:
            while True:
                packet = await asyncio.wait_for(socket_.recv(), timeout=60)
                if packet == "2":  # ping
                    await socket_.send("3")
                elif packet.startswith(prefix):
                    return packet

        await receive("0")  # open
        await socket_.send("40")
        await receive("40")  # connected to the namespace
        await socket_.send("42" + json.dumps(["session_request", {}]))
        confirm = json.loads((await receive('42["session_confirm"'))[2:])[1]
        session = confirm["session_id"]  # the server chooses the conversation id
        payload = ["user_uttered", {"message": message, "session_id": session}]
        await socket_.send("42" + json.dumps(payload))
        return json.loads((await receive('42["bot_uttered"'))[2:])[1]


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _supervisorctl(env: dict[str, str], *args: str) -> str:
    command = [str(Path(sys.executable).parent / "supervisorctl")]
    command += ["-c", str(PROJECT_ROOT / "deploy" / "supervisord.conf"), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
    return done.stdout.strip()


def test_behind_nginx_a_replica_can_die_and_the_conversation_goes_on(
    model_path, tmp_path, postgres_url
):
    if find_nginx() is None:
        pytest.skip("nginx is not installed: `make setup` installs Debian's nginx")
    redis = _redis()
    layout = Layout(
        proxy_port=free_port(), action_proxy_port=free_port(), web_port=free_port(),
        rasa_port_prefix="53", action_port_prefix="54",
    )  # fmt: skip
    run_dir = tmp_path / "run"
    env = {**os.environ, **_shared_env(postgres_url)}
    command = [
        sys.executable, "-m", "bot.run.cli", "scale-out", "--model", str(model_path),
        "--run-dir", str(run_dir), "--proxy-port", str(layout.proxy_port),
        "--action-proxy-port", str(layout.action_proxy_port),
        "--web-port", str(layout.web_port), "--rasa-port-prefix", "53",
        "--action-port-prefix", "54",
    ]  # fmt: skip
    output = tmp_path / "scale-out.log"
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=output.open("wb"), stderr=subprocess.STDOUT
    )
    supervisor_env = {**env, "HULPROUTE_RUN_DIR": str(run_dir)}
    try:
        front = f"http://127.0.0.1:{layout.proxy_port}/webhooks/rest/webhook"
        assert wait_until_ready(front, process, timeout=300), output.read_text()
        for port in layout.rasa_ports:  # both replicas, not only the first one up
            assert wait_until_ready(f"http://127.0.0.1:{port}/webhooks/rest/webhook", process, 300)
        client = RestClient(layout.proxy_port)
        sender = uuid.uuid4().hex
        assert _language(client.send(sender, ARABIC)) == {"ar"}

        # A replica dies without warning: nginx sends the next messages to the other one.
        killed = int(_supervisorctl(supervisor_env, "pid", "rasa:rasa-0"))
        os.kill(killed, signal.SIGKILL)
        for message in ("/ask_residence", "مساعدة في أيندهوفن"):
            assert _language(client.send(sender, message)) == {"ar"}
        assert _slots(_stored_events(redis, sender))["municipality_code"] == "GM0772"

        # supervisord brings it back, and it answers the same conversation.
        port = layout.rasa_ports[0]
        assert wait_until_ready(f"http://127.0.0.1:{port}/webhooks/rest/webhook", process, 300)
        assert int(_supervisorctl(supervisor_env, "pid", "rasa:rasa-0")) != killed
        assert _language(RestClient(port).send(sender, "/ask_anonymity")) == {"ar"}

        # The web chat is served through the same front door, and its socket.io connection
        # (websocket upgrade) passes through nginx to a replica.
        assert RestClient(layout.proxy_port).status("/") == 200
        answer = asyncio.run(_socket_io_exchange(layout.proxy_port, layout.origin, ARABIC))
        assert answer["metadata"]["language"] == "ar" and answer["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
        redis.flushdb()
    # Everything stopped with it.
    for port in [*layout.rasa_ports, *layout.action_ports, layout.proxy_port]:
        assert not _listening(port), port
    # Nothing a user wrote is on disk: logs, nginx's buffers, supervisord's files.
    written = [p for p in run_dir.rglob("*") if p.is_file()]
    assert written, "the run directory holds the logs"
    for path in written:
        content = path.read_bytes().decode("utf-8", "replace")
        assert ARABIC not in content and "أيندهوفن" not in content, path
        assert sender not in content, path
