"""End to end: real action server + real Rasa server over the REST channel."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from bot.run.servers import free_port, start_action_server, start_rasa, stop
from bot.settings import PROJECT_ROOT
from tests.directory_data import organisation_name, phone, phone_number
from tests.integration.clients import RestClient

pytestmark = pytest.mark.server

ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
TOKEN = uuid.uuid4().hex
WEB_ORIGIN = "http://127.0.0.1:8080"  # what `make run` allows (bot/run/local.py)


@pytest.fixture(scope="module")
def bot(model_path, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("bot")
    action_port, rasa_port = free_port(), free_port()
    actions = start_action_server(action_port, workdir / "actions.log")
    rasa = start_rasa(
        model_path, rasa_port, action_port, workdir, workdir / "rasa.log", TOKEN, WEB_ORIGIN
    )
    client = RestClient(rasa_port, TOKEN)
    client.workdir = workdir  # logs of both servers, scanned by the marker test at the end
    yield client
    stop(rasa, actions)


def new_sender() -> str:
    return uuid.uuid4().hex


def arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(bool(ARABIC_LETTERS.match(c)) for c in letters) / max(1, len(letters))


def test_arabic_message_gets_an_arabic_answer_laid_out_right_to_left(bot):
    messages = bot.send(new_sender(), "السلام عليكم، احتاج مساعدة")
    text = "\n".join(m["text"] for m in messages)
    assert arabic_share(text) > 0.6, text
    assert all(m["metadata"] == {"language": "ar", "direction": "rtl"} for m in messages)


def test_dutch_answers_are_marked_left_to_right(bot):
    (message,) = bot.send(new_sender(), "ik ben in gevaar, help")
    assert message["metadata"] == {"language": "nl", "direction": "ltr"}


def test_danger_gets_112_in_english(bot):
    text = bot.text(new_sender(), "I am in danger")
    assert phone("emergency") in text and "Call" in text


def test_dutch_conversation_stays_dutch_after_a_bare_place_name(bot):
    sender = new_sender()
    first = bot.send(sender, "hallo, ik heb hulp nodig")
    assert {m["metadata"]["language"] for m in first} == {"nl"}
    messages = bot.send(sender, "Eindhoven")
    # A bare place name must not switch the language (the detector may read it as anything).
    assert {m["metadata"]["language"] for m in messages} == {"nl"}
    answer = "\n".join(m["text"] for m in messages)
    assert "Eindhoven" in answer and organisation_name("comensha") in answer
    assert phone("comensha") in answer
    assert "Nederlandse tijd" in answer or "feestdag" in answer  # open now, in Dutch


def test_help_near_a_place_in_one_message_fills_the_municipality(bot):
    sender = new_sender()
    answer = bot.text(sender, "where can I get help in Ter Apel?")
    assert "Westerwolde" in answer
    assert bot.tracker(sender)["slots"]["municipality_code"] == "GM1950"


def test_a_town_written_in_arabic_script_is_found(bot):
    sender = new_sender()
    answer = bot.text(sender, "وين في مساعدة في آيندهوفن")
    assert "Eindhoven" in answer and arabic_share(answer) > 0.5
    assert bot.tracker(sender)["slots"]["municipality_code"] == "GM0772"


def test_help_near_eindhoven_first_who_to_contact_now_and_112_then_more_on_request(bot):
    sender = new_sender()
    messages = bot.send(sender, "where can I get help near Eindhoven?")
    texts = [m["text"] for m in messages]
    assert len(texts) <= 3  # one phone screen: contacts now, then 112
    comensha, lumens = organisation_name("comensha"), organisation_name("lumens")
    assert texts[0].startswith(f"Help near Eindhoven\nContact now:\n\u2022 {comensha}\n")
    # The well-sourced contact first; the old-page regional number second, with its warning.
    assert texts[0].index(comensha) < texts[0].index(f"{lumens} (GGD Brabant-Zuidoost)")
    assert phone("coordinator_lumens") in texts[0] and "Please check it first." in texts[0]
    assert "(Dutch time)" in texts[0] or "Public holiday" in texts[0]  # open now or not
    assert organisation_name("veilig_thuis") not in " ".join(texts)  # the rest on request
    assert texts[-1] == f"In danger now? Call {phone('emergency')}."
    buttons = {b["payload"] for m in messages for b in m.get("buttons", [])}
    assert {"/find_help_more", "/ask_call_what_happens"} <= buttons
    assert "tel:" + phone_number("comensha").tel_uri.removeprefix("tel:") in buttons
    assert all(m["metadata"]["language"] == "en" for m in messages)
    assert all(m["metadata"]["direction"] == "ltr" for m in messages)
    # The web chat offers to keep this town's help card (Eindhoven: CBS code GM0772).
    assert {m["metadata"].get("card", {}).get("place") for m in messages} == {"GM0772"}
    more = " ".join(m["text"] for m in bot.send(sender, "/find_help_more"))
    assert more.startswith("More help near Eindhoven")
    assert organisation_name("veilig_thuis") in more and phone("veilig_thuis") in more
    assert lumens not in more  # already shown
    assert more.rstrip().endswith(f"In danger now? Call {phone('emergency')}.")


def test_help_near_a_town_in_french_is_answered_in_french(bot):
    from bot.i18n.translator import Translator
    from bot.settings import PROJECT_ROOT

    french = Translator(PROJECT_ROOT / "locales", ["fr"]).gettext("fr", "Contact now:")
    answer = bot.text(new_sender(), "où je peux trouver de l'aide à Eindhoven")
    assert french != "Contact now:" and french in answer and organisation_name("lumens") in answer


def test_an_ambiguous_town_asks_with_buttons_and_the_button_gives_the_route(bot):
    sender = new_sender()
    messages = bot.send(sender, "I need help in Bergen")
    buttons = [b for m in messages for b in m.get("buttons", [])]
    assert {b["title"] for b in buttons} >= {
        "Bergen (NH.) (Noord-Holland)",
        "Bergen (L.) (Limburg)",
    }
    choice = next(b for b in buttons if "Noord-Holland" in b["title"])
    answer = bot.text(sender, choice["payload"])
    assert "Help near Bergen (NH.)" in answer and organisation_name("hvo_querido") in answer
    assert bot.tracker(sender)["slots"]["municipality_code"] == "GM0373"


def test_an_unknown_town_gets_a_request_for_the_nearest_town(bot):
    sender = new_sender()
    bot.text(sender, "is there help near me?")
    answer = bot.text(sender, "Xyzzyville")
    assert "nearest town" in answer


def test_the_residence_explainer_in_arabic_asks_four_questions_and_forgets_the_answers(bot):
    sender = new_sender()
    first = bot.send(sender, "رح يرحلوني؟")
    buttons = [b for m in first for b in m.get("buttons", [])]
    assert len(buttons) == 4 and arabic_share(" ".join(b["title"] for b in buttons)) > 0.6
    no_eu = next(b["payload"] for b in buttons if '"no"' in b["payload"])
    bot.send(sender, no_eu)
    bot.send(sender, '/answer_question{"residence_asylum": "dublin"}')
    bot.send(sender, '/answer_question{"residence_minor": "no"}')
    messages = bot.send(sender, '/answer_question{"residence_reported": "thinking"}')
    text = "\n".join(m["text"] for m in messages)
    assert arabic_share(text) > 0.5 and "30" in text  # the Dublin reflection period
    slots = bot.tracker(sender)["slots"]
    assert all(slots[s] is None for s in slots if s.startswith("residence_"))
    assert slots["language"] == "ar"


def test_the_self_check_in_french_asks_gives_no_verdict_and_forgets(bot):
    sender = new_sender()
    first = bot.send(sender, "/self_check", metadata={"language": "fr"})
    buttons = [b for m in first for b in m.get("buttons", [])]
    assert len(buttons) == 5  # yes, no, not sure, skip, stop
    for key in ["passport", "money", "debt", "threats", "not_free", "false_promises", "housing"]:
        bot.send(sender, f'/answer_question{{"self_check_answer": "{key}:no"}}')
    last = bot.send(sender, '/answer_question{"self_check_answer": "forced_sex:yes"}')
    texts = [m["text"] for m in last]
    assert all(m["metadata"]["language"] == "fr" for m in last)
    assert len(texts) >= 4 and any(m.get("buttons") for m in last)  # options to go on
    slots = bot.tracker(sender)["slots"]
    assert slots["self_check_answers"] is None and slots["self_check_question"] is None


def test_metadata_sets_the_language_directly(bot):
    sender = new_sender()
    text = bot.text(sender, "hello", metadata={"language": "ar"})
    assert arabic_share(text) > 0.6, text
    assert bot.tracker(sender)["slots"]["language"] == "ar"


def test_user_can_switch_language_by_asking(bot):
    sender = new_sender()
    assert arabic_share(bot.text(sender, "مرحبا")) > 0.6
    switched = bot.text(sender, "English please")
    assert "English" in switched and arabic_share(switched) == 0
    assert bot.tracker(sender)["slots"]["language"] == "en"


def test_language_menu_lists_languages_in_their_own_script(bot):
    messages = bot.send(new_sender(), "/choose_language")
    titles = [b["title"] for m in messages for b in m.get("buttons", [])]
    assert {"Nederlands", "English", "العربية", "فارسی", "ትግርኛ", "Soomaali"} <= set(titles)


def test_menu_button_switches_language(bot):
    sender = new_sender()
    bot.text(sender, "hello")
    text = bot.text(sender, '/choose_language{"language": "nl"}')
    assert "Nederlands" in text
    assert bot.tracker(sender)["slots"]["language"] == "nl"


def test_unsure_language_offers_the_menu_instead_of_guessing(bot):
    messages = bot.send(new_sender(), "ok")
    titles = [b["title"] for m in messages for b in m.get("buttons", [])]
    assert "العربية" in titles


def test_language_survives_restart(bot):
    sender = new_sender()
    bot.text(sender, "مرحبا، كيف حالك")
    bot.send(sender, "/restart")
    assert bot.tracker(sender)["slots"]["language"] == "ar"
    assert arabic_share(bot.text(sender, "ok")) > 0.6


def test_delete_conversation_forgets_what_was_written(bot):
    sender = new_sender()
    bot.text(sender, "my boss keeps my passport in Zwolle")
    answer = bot.text(sender, "please delete this chat")
    assert "deleted" in answer
    events = bot.tracker(sender)["events"]
    texts = [e.get("text") or "" for e in events]
    assert not any("passport" in t for t in texts)
    assert bot.tracker(sender)["slots"]["language"] == "en"


@pytest.fixture(scope="module")
def bot_without_action_server(model_path, tmp_path_factory):
    """Rasa alone: its action endpoint points at a port where nothing listens, API off."""
    workdir = tmp_path_factory.mktemp("alone")
    rasa_port = free_port()
    rasa = start_rasa(model_path, rasa_port, free_port(), workdir, workdir / "rasa.log", None)
    yield RestClient(rasa_port)
    stop(rasa)


@pytest.mark.parametrize(
    ("message", "language"),
    [("I am in danger", "en"), ("ik ben in gevaar", "nl"), ("انا في خطر", "ar")],
)
def test_danger_is_answered_with_112_when_the_action_server_is_down(
    bot_without_action_server, message, language
):
    text = bot_without_action_server.text(new_sender(), message)
    assert phone("emergency") in text
    if language == "ar":
        assert arabic_share(text) > 0.6


@pytest.mark.parametrize(
    ("message", "language"),
    [("where can I get help in Eindhoven", "en"), ("وين بلاقي مساعدة في أمستردام", "ar")],
)
def test_help_requests_get_112_and_comensha_when_the_action_server_is_down(
    bot_without_action_server, message, language
):
    messages = bot_without_action_server.send(new_sender(), message)
    text = "\n".join(m["text"] for m in messages)
    assert phone("emergency") in text and phone("comensha") in text
    if language == "ar":
        assert arabic_share(text) > 0.5


def test_rasa_http_api_is_off_without_a_token(bot_without_action_server):
    assert bot_without_action_server.status("/model/parse") in (404, 405)
    assert bot_without_action_server.status("/conversations/x/tracker") == 404


@pytest.mark.parametrize(
    ("origin", "allowed"), [(WEB_ORIGIN, True), ("https://evil.example", False)]
)
def test_cors_allows_only_the_web_chat_origin(bot, origin, allowed):
    import urllib.request

    request = urllib.request.Request(
        bot.base + "/webhooks/rest/webhook",
        data=json.dumps({"sender": new_sender(), "message": "hello"}).encode(),
        headers={"Content-Type": "application/json", "Origin": origin},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        header = response.headers.get("Access-Control-Allow-Origin")
    assert (header == origin) is allowed and header != "*"


def test_rasa_http_api_needs_the_token(bot):
    assert bot.status("/conversations/x/tracker") in (401, 403)


# --- keep this test last: it scans everything the tests above made the servers write --------

MARKERS = {
    "name": "Johannes Markerman",
    "phone": "+31 6 87654321",
    "email": "marker.person@example.org",
    "iban": "NL91ABNA0417164300",
    "v-number": "V-nummer 2345678901",
}


def test_no_marker_reaches_a_log_a_database_or_the_stored_conversation(bot):
    sender = "marker" + uuid.uuid4().hex
    bot.text(sender, f"my name is {MARKERS['name']} and my boss keeps my passport")
    bot.text(sender, f"call me on {MARKERS['phone']} or mail {MARKERS['email']}")
    bot.text(sender, f"he pays to {MARKERS['iban']}, my {MARKERS['v-number']}, help in Zwolle")
    bot.text(sender, "\x00\x1b[31m" + MARKERS["name"] + "\u202e")  # control characters
    tracker = json.dumps(bot.tracker(sender), ensure_ascii=False)
    assert tracker.count("disclose_exploitation") + tracker.count("find_help") > 0
    places = [*bot.workdir.rglob("*"), *(PROJECT_ROOT / "var").rglob("*")]
    files = [path for path in places if path.is_file()]
    assert any(path.name == "rasa.log" for path in files)
    found = []
    for path in files:
        content = path.read_bytes().decode("utf-8", errors="ignore")
        found += [(path.name, kind) for kind, marker in MARKERS.items() if marker in content]
        if sender in content:
            found.append((path.name, "sender id"))
    for kind, marker in MARKERS.items():
        if marker in tracker:
            found.append(("stored conversation", kind))
    assert found == []
