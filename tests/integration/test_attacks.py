"""What a red team tried (issue 14), against the real action server, Rasa and web page server.

Every attack below carries a marker: a made-up name and street that a person might type. The
last test scans every log and file the three processes wrote, and the stored conversations, for
the markers. Each attack also checks the user still gets a real answer (not the "service
trouble" answer that hides a crash).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot.run.servers import free_port, start_action_server, start_rasa, start_web, stop
from bot.settings import PROJECT_ROOT
from tests.integration.clients import RestClient, SocketClient

pytestmark = pytest.mark.server

NAME = "Johannes Markerman"
STREET = "Kerkstraat 17"
MARKERS = (NAME, "Markerman", STREET)
TOKEN = uuid.uuid4().hex
PUBLIC_URL = "https://hulp.example.org/"
SERVICE_TROUBLE = "something went wrong on our side"


@pytest.fixture(scope="module")
def stack(model_path, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("attacks")
    action_port, rasa_port, web_port = free_port(), free_port(), free_port()
    web_origin = f"http://127.0.0.1:{web_port}"
    extra = {"HULPROUTE_PUBLIC_URL": PUBLIC_URL}
    actions = start_action_server(action_port, workdir / "actions.log", extra)
    rasa = start_rasa(
        model_path, rasa_port, action_port, workdir, workdir / "rasa.log", TOKEN, web_origin,
        extra_env=extra,
    )  # fmt: skip
    web = start_web(web_port, rasa_port, workdir / "web.log", extra)
    client = RestClient(rasa_port, TOKEN)
    yield {
        "rest": client,
        "rasa": rasa,
        "actions": f"http://127.0.0.1:{action_port}",
        "web": web_origin,
        "workdir": workdir,
        "senders": [],
    }
    stop(web, rasa, actions)


def _post(url: str, body: bytes, content_type: str = "application/json") -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _talk(stack, message: str, sender: str | None = None, metadata=None) -> str:
    sender = sender or uuid.uuid4().hex
    stack["senders"].append(sender)
    answer = stack["rest"].text(sender, message, metadata)
    assert answer and SERVICE_TROUBLE not in answer, answer
    return answer


# --- 1. user text through the "/" syntax ---------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        f"/{NAME} lives at {STREET}",
        f"/@ {NAME}, {STREET}",
        f"//{NAME}",
        f"/greet {NAME}",
        f"/greet@0.9 {NAME}",
        f'/choose_language{{"language": "{NAME} {STREET}"}}',
        f'/answer_question{{"self_check_answer": "{NAME}"}}',
        f'/answer_question{{"residence_eu": "{STREET}"}}',
        f'/inform_place{{"place": "{STREET}"}}',
        f'/no_such_intent{{"x": "{NAME}"}}',
    ],
)
def test_slash_messages_are_plain_text_unless_they_are_the_bots_own_buttons(stack, message):
    sender = uuid.uuid4().hex
    _talk(stack, message, sender)
    tracker = json.dumps(stack["rest"].tracker(sender), ensure_ascii=False)
    assert not any(marker in tracker for marker in MARKERS), tracker


def test_the_bots_own_buttons_still_work(stack):
    sender = uuid.uuid4().hex
    assert "Nederlands" in _talk(stack, '/choose_language{"language": "nl"}', sender)
    assert stack["rest"].tracker(sender)["slots"]["language"] == "nl"


# --- 3. the action server ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"next_action": f"action_{NAME}", "tracker": {"latest_message": {"text": NAME}}},
        {"next_action": "action_find_help", "tracker": f"{NAME}, {STREET}", "version": "3.6.2"},
        {"next_action": "action_find_help", "tracker": {}, "version": f"{NAME} {STREET}"},
        {"next_action": 5, "tracker": {"latest_message": {"text": NAME}}},
    ],
)
def test_the_action_server_answers_errors_without_echoing_the_request(stack, body):
    status, answer = _post(stack["actions"] + "/webhook", json.dumps(body).encode())
    assert status in (400, 404, 500)
    assert not any(marker in answer for marker in MARKERS), answer


# --- 4. the web page server and deep metadata -----------------------------------------------------


def test_a_path_with_a_nul_byte_is_a_plain_404(stack):
    status, _ = _get(stack["web"] + f"/{NAME.replace(' ', '%20')}%00.html")
    assert status == 404


def _deep(levels: int) -> dict:
    metadata: dict = {}
    inner = metadata
    for _ in range(levels):
        inner["a"] = {"name": NAME}
        inner = inner["a"]
    return metadata


def test_deeply_nested_metadata_gets_an_answer_and_writes_no_traceback(stack):
    log = stack["workdir"] / "rasa.log"
    before = log.stat().st_size
    _talk(stack, "hello", metadata=_deep(900))
    assert log.stat().st_size - before < 2_000, log.read_text(errors="replace")[before:][:3000]


def test_metadata_keeps_only_the_language_and_outreach_fields(stack):
    sender = uuid.uuid4().hex
    _talk(stack, "hello", sender, metadata={"language": "ar", "note": f"{NAME}, {STREET}"})
    tracker = json.dumps(stack["rest"].tracker(sender), ensure_ascii=False)
    assert stack["rest"].tracker(sender)["slots"]["language"] == "ar"
    assert not any(marker in tracker for marker in MARKERS)


def test_socket_metadata_is_reduced_too(stack):
    with SocketClient(stack["rest"].base, stack["web"]) as socket:
        answers = socket.say("hello", metadata=_deep(900))
    assert answers and SERVICE_TROUBLE not in answers[0]["text"]


# --- 6. conversations belong to whoever started them --------------------------------------------


def test_a_socket_cannot_join_another_conversation(stack):
    with SocketClient(stack["rest"].base, stack["web"]) as victim:
        victim.say("I need help")
        with SocketClient(stack["rest"].base, stack["web"], session_id=victim.session_id) as other:
            assert other.session_id != victim.session_id
            assert victim.say("where can I get help in Zwolle")  # the victim is answered ...
            assert other.wait_quiet() == []  # ... and the other socket hears nothing of it
            other.say("hello")
    # What the other socket said did not reach the victim's conversation.
    latest = stack["rest"].tracker(victim.session_id)["latest_message"]["intent"]["name"]
    assert latest == "find_help_nearby"


def test_the_conversation_secret_resumes_a_conversation_after_a_reconnect(stack):
    with SocketClient(stack["rest"].base, stack["web"]) as first:
        first.say("مرحبا، أحتاج مساعدة")
        session_id, key = first.session_id, first.resume_key
    with SocketClient(stack["rest"].base, stack["web"], session_id, key) as again:
        assert again.session_id == session_id
    assert stack["rest"].tracker(session_id)["slots"]["language"] == "ar"


def test_one_socket_holds_one_conversation(stack):
    with SocketClient(stack["rest"].base, stack["web"]) as socket:
        first = socket.session_id
        socket.request_session(uuid.uuid4().hex)
        assert socket.session_id == first


@pytest.mark.parametrize(
    "body",
    [
        {"message": "hello"},
        {"sender": "", "message": "hello"},
        {"sender": "x" * 1_000_000, "message": "hello"},
        {"sender": f"{NAME}", "message": "hello"},
    ],
    ids=["no sender", "empty", "1 MB", "with spaces"],
)
def test_rest_needs_a_short_plain_sender_and_does_not_echo_a_bad_one(stack, body):
    status, answer = _post(stack["rest"].base + "/webhooks/rest/webhook", json.dumps(body).encode())
    assert status == 400 and len(answer) < 200 and NAME not in answer


# --- 7. only JSON --------------------------------------------------------------------------------


def test_a_cross_site_text_plain_post_is_refused(stack):
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hello"}).encode()
    status, _ = _post(stack["rest"].base + "/webhooks/rest/webhook", body, "text/plain")
    assert status == 415


# --- 8. lone surrogates --------------------------------------------------------------------------


def test_lone_surrogates_get_a_real_answer(stack):
    answer = _talk(stack, "\udcff\ud800 help in Zwolle")
    assert "Zwolle" in answer


# --- 9. what the servers show to anyone ----------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/node_modules/", "/vendor/", "/package.json", "/package-lock.json", "/.git/HEAD"]
)
def test_the_page_server_serves_only_the_page_files(stack, path):
    assert _get(stack["web"] + path)[0] == 404


@pytest.mark.parametrize("path", ["/", "/chat.js", "/style.css", "/vendor/socket.io.min.js"])
def test_the_page_files_are_served(stack, path):
    assert _get(stack["web"] + path)[0] == 200


def test_the_help_card_links_to_the_configured_public_url_not_the_host_header(stack):
    request = urllib.request.Request(
        stack["web"] + "/card.html?lang=en&place=Zwolle", headers={"Host": "evil.example"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode("utf-8")
    assert "evil.example" not in page and PUBLIC_URL in page


@pytest.mark.parametrize("path", ["/", "/version"])
def test_rasa_does_not_tell_its_version_without_the_token(stack, path):
    status, body = _get(stack["rest"].base + path)
    assert not re.search(r"\b3\.\d+\.\d+", body), body


# --- 10. the API token --------------------------------------------------------------------------


def test_the_api_token_is_not_on_any_command_line(stack):
    visible = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if TOKEN.encode() in cmdline.read_bytes():
                visible.append(cmdline.parent.name)
        except OSError:
            continue
    assert visible == []
    assert stack["rest"].status("/conversations/x/tracker") in (401, 403)  # still required


# --- keep this test last: it scans everything the attacks above made the servers write ----------


def test_no_marker_reaches_any_log_file_or_stored_conversation(stack):
    files = [p for p in stack["workdir"].rglob("*") if p.is_file()]
    files += [p for p in (PROJECT_ROOT / "var").rglob("*") if p.is_file()]
    assert {"rasa.log", "actions.log", "web.log"} <= {p.name for p in files}
    found = []
    for path in files:
        content = path.read_bytes().decode("utf-8", errors="ignore")
        found += [(path.name, marker) for marker in MARKERS if marker in content]
        found += [(path.name, "sender id") for s in stack["senders"] if s in content]
    for sender in stack["senders"]:
        tracker = json.dumps(stack["rest"].tracker(sender), ensure_ascii=False)
        found += [("stored conversation", marker) for marker in MARKERS if marker in tracker]
    assert found == []
