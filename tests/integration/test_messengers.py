"""Telegram and WhatsApp end to end: the real action server and Rasa (one start for the whole
module), Telegram's webhooks in and a local stand-in of its Bot API capturing the replies,
Twilio's signed webhooks in and TwiML out. The same checks as the web chat, in English, Arabic
and Tigrinya: danger gets 112 in the language, help in a town the town's route with CoMensha,
the residence explainer starts and its buttons work, "delete this chat" deletes. No chat id or
phone number reaches a log, a file or a stored conversation; a bad secret or signature is
refused. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import json
import random
import re
import urllib.parse
import uuid
from pathlib import Path

import pytest

from bot.core import core
from bot.i18n.translator import Translator
from bot.messengers.pseudonyms import pseudonym
from bot.run.servers import free_port, start_action_server, start_rasa, stop
from bot.settings import PROJECT_ROOT
from tests.directory_data import organisation_name, phone, phone_number
from tests.integration.clients import RestClient
from tests.integration.logs import error_lines, is_service_trouble
from tests.integration.messengers import TelegramStandIn, TelegramUser, WhatsAppUser, buttons

pytestmark = pytest.mark.server

API_TOKEN = uuid.uuid4().hex
TELEGRAM_TOKEN = f"{random.randint(10**8, 10**9)}:{uuid.uuid4().hex}{uuid.uuid4().hex[:8]}"
TELEGRAM_SECRET = uuid.uuid4().hex + uuid.uuid4().hex
TWILIO_TOKEN = uuid.uuid4().hex
PSEUDONYM_SECRET = uuid.uuid4().hex + uuid.uuid4().hex
SCRIPTS = {"en": re.compile("[A-Za-z]"), "ar": re.compile("[\u0600-\u06ff]"),
           "ti": re.compile("[\u1200-\u137f]")}  # fmt: skip

# Messages as people write them (tests/conversations/stories/): danger, help in a town (two
# turns in Tigrinya: the question, then the town), a residence question, "can others read this?".
DANGER = {
    "en": "please help he is hitting me with a belt right now",
    "ar": "قفلوا علينا باب المخزن وما في طريقة نطلع منه",
    "ti": "ኣብ መኽዘን ዓጽዮምና፡ ምግቢ የለን፡ ክንወጽእ ኣይንኽእልን ኢና",
}
HELP_IN_TOWN = {
    "en": (["where can I get help in Eindhoven"], "Eindhoven"),
    "ar": (["وين في مساعدة في آيندهوفن"], "Eindhoven"),
    "ti": (["ኣብ ቀረባይ ሓገዝ ዝህብ ሰብ ይርከብ ዶ?", "ኣርንሄም"], "Arnhem"),
}
RESIDENCE = {
    "en": "will immigration send me back to my country?",
    "ar": "بيقدروا يرجعوني عبلدي اذا مسكوني بلا اقامة؟",
    "ti": "ካብ ሆላንድ ከውጽኡኒ ይኽእሉ ዶ?",
}
ANONYMITY = {
    "en": "can anybody see what i type here?",
    "ar": "في حدا بيقرا اللي بكتبه هون؟",
    "ti": "ዝጽሕፎ ካልእ ሰብ ክርእዮ ይኽእል ዶ?",
}
LANGUAGES = ["en", "ar", "ti"]
CHANNELS = ["telegram", "whatsapp"]


@pytest.fixture(scope="module")
def stack(model_path, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("messengers")
    action_port, rasa_port = free_port(), free_port()
    whatsapp_url = f"http://127.0.0.1:{rasa_port}/webhooks/twilio/webhook"
    with TelegramStandIn(TELEGRAM_TOKEN, free_port()) as standin:
        extra = {
            "HULPROUTE_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
            "HULPROUTE_TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "HULPROUTE_TELEGRAM_API_BASE": standin.base,
            "HULPROUTE_TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
            "HULPROUTE_WHATSAPP_WEBHOOK_URL": whatsapp_url,
            "HULPROUTE_PSEUDONYM_SECRET": PSEUDONYM_SECRET,
            # The limit per conversation is tested here; the one for the whole process (which
            # the fast messages of this module would reach) in test_flood.py.
            "HULPROUTE_GLOBAL_MESSAGES_PER_SECOND": "1000",
            "HULPROUTE_GLOBAL_MESSAGE_BURST": "1000",
        }
        actions = start_action_server(action_port, workdir / "actions.log")
        rasa = start_rasa(
            model_path, rasa_port, action_port, workdir, workdir / "rasa.log", API_TOKEN,
            extra_env=extra,
        )  # fmt: skip
        yield {
            "rest": RestClient(rasa_port, API_TOKEN),
            "standin": standin,
            "whatsapp_url": whatsapp_url,
            "workdir": workdir,
            "people": [],  # everyone who wrote, for the last tests
        }
        stop(rasa, actions)


class Person:
    """One person on one channel: what they write, the bubbles and choices they get back,
    and their conversation id inside the bot (the pseudonym)."""

    def __init__(self, stack, channel: str) -> None:
        self.channel, self.stack = channel, stack
        base = stack["rest"].base
        if channel == "telegram":
            self.address = str(random.randint(10**9, 10**10))
            self.user = TelegramUser(base, stack["standin"], TELEGRAM_SECRET, int(self.address))
            self.conversation = pseudonym(PSEUDONYM_SECRET, "telegram", self.address)
        else:
            self.address = "+316" + str(random.randint(10**7, 10**8 - 1))
            self.user = WhatsAppUser(stack["whatsapp_url"], TWILIO_TOKEN, self.address)
            self.conversation = pseudonym(PSEUDONYM_SECRET, "twilio", "whatsapp:" + self.address)
        stack["people"].append(self)
        self.choices: list[str] = []  # Telegram: callback data; WhatsApp: the number to send
        self.titles: list[str] = []

    def say(self, text: str) -> list[str]:
        """Send a message; the answer's bubbles (texts), and remember its choices."""
        if self.channel == "telegram":
            return self._telegram(self.user.say(text))
        return self._whatsapp(self.user.say(text))

    def choose(self, index: int) -> list[str]:
        """Tap (Telegram) or answer with the number of (WhatsApp) the index-th choice."""
        if self.channel == "telegram":
            return self._telegram(self.user.press(self.choices[index]))
        return self._whatsapp(self.user.say(str(index + 1)))

    def _telegram(self, bodies: list[dict]) -> list[str]:
        assert bodies and all(b["chat_id"] == int(self.address) for b in bodies)
        assert all("parse_mode" not in b for b in bodies)
        self.choices = [b["callback_data"] for b in buttons(bodies)]
        self.titles = [b["text"] for b in buttons(bodies)]
        return [b["text"] for b in bodies]

    def _whatsapp(self, texts: list[str]) -> list[str]:
        assert texts
        numbered = re.findall(r"^(\d+) · (.+)$", "\n".join(texts), re.M)
        self.choices = [number for number, _ in numbered]
        self.titles = [title for _, title in numbered]
        return texts

    def tracker(self) -> dict:
        return self.stack["rest"].tracker(self.conversation)


def share(language: str, text: str) -> float:
    """The share of the text's letters in the language's script."""
    letters = [c for c in text if c.isalpha()]
    return sum(bool(SCRIPTS[language].match(c)) for c in letters) / max(1, len(letters))


def _answer(texts: list[str], language: str) -> str:
    """The answer's text, checked: a real answer, in the language's script, no marks added."""
    text = "\n".join(texts)
    assert not any(is_service_trouble(t) for t in texts), text
    assert share(language, text) > 0.5, text
    assert "\u200e" not in text and "\u200f" not in text  # no marks inserted in the text
    return text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", CHANNELS)
def test_danger_gets_112_in_the_language(stack, channel, language):
    person = Person(stack, channel)
    text = _answer(person.say(DANGER[language]), language)
    assert phone("emergency") in text
    assert person.tracker()["slots"]["language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", CHANNELS)
def test_help_in_a_town_gives_its_route_with_comensha_and_a_number_to_tap(stack, channel, language):
    person = Person(stack, channel)
    messages, town = HELP_IN_TOWN[language]
    for message in messages:
        texts = person.say(message)
    text = _answer(texts, language)
    assert town in text or town in json.dumps(person.tracker()["slots"])
    assert organisation_name("comensha") in text and phone("comensha") in text
    # The web chat's "Call" button: a line with the number, which both apps make tappable.
    assert phone_number("comensha").tel_uri.removeprefix("tel:") in text
    more_help = Translator(PROJECT_ROOT / "locales", [language]).pgettext(
        language, "button", "More help near me"
    )
    assert person.titles[0] == more_help
    more = person.choose(0)
    assert phone("emergency") in _answer(more, language)
    assert person.tracker()["latest_message"]["intent"]["name"] == "find_help_more"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", CHANNELS)
def test_the_residence_explainer_starts_and_its_buttons_answer(stack, channel, language):
    person = Person(stack, channel)
    _answer(person.say(RESIDENCE[language]), language)
    assert len(person.choices) == 4  # yes, no, I don't know, skip
    if channel == "telegram":
        assert person.choices[1] == '/answer_question{"residence_eu": "no"}'
    asked = person.choose(1)  # "No": not an EU citizen
    _answer(asked, language)
    assert person.tracker()["slots"]["residence_eu"] == "no"
    assert person.choices  # the next question (asylum?) with its own buttons


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", CHANNELS)
def test_the_anonymity_answer_says_what_the_platform_keeps_and_delete_deletes(
    stack, channel, language
):
    person = Person(stack, channel)
    person.say(DANGER[language])
    texts = person.say(ANONYMITY[language])
    text = _answer(texts, language)
    renderer = core().renderer
    # What Telegram or WhatsApp keep, instead of the web chat's browser-history advice: its
    # own bubble on Telegram, the end of the (joined) answer on WhatsApp.
    note = renderer.render("utter_messenger_privacy", language)["text"]
    assert texts[-1] == note if channel == "telegram" else texts[-1].endswith("\n\n" + note)
    assert renderer.render("utter_phone_traces", language)["text"] not in text
    assert renderer.render("utter_anonymity", language)["text"] in text
    assert len(person.choices) == 1, texts  # "Delete this chat"
    deleted = person.choose(0)
    assert renderer.render("utter_conversation_deleted", language)["text"] in deleted[0]
    tracker = person.tracker()
    assert tracker["slots"]["language"] == language  # kept, so the next answer is in it
    intents = [e.get("parse_data", {}).get("intent", {}).get("name") for e in tracker["events"]]
    assert "emergency" not in intents and "ask_anonymity" not in intents


@pytest.mark.parametrize("channel", CHANNELS)
def test_delete_this_chat_typed_deletes(stack, channel):
    person = Person(stack, channel)
    person.say(DANGER["en"])
    assert "deleted" in "\n".join(person.say("please delete this chat"))
    intents = [e.get("parse_data", {}).get("intent", {}).get("name")
               for e in person.tracker()["events"]]  # fmt: skip
    assert "emergency" not in intents


def test_after_delete_this_chat_a_number_no_longer_stands_for_an_earlier_choice(stack):
    person = Person(stack, "whatsapp")
    person.say(RESIDENCE["en"])
    assert len(person.choices) == 4
    person.say("please delete this chat")
    person.say("2")  # was the explainer's "No": now just a message
    latest = person.tracker()["latest_message"]
    assert latest["intent"]["name"] != "answer_question"


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_web_chats_limits_hold_and_danger_still_gets_112(stack, channel):
    person = Person(stack, channel)
    slow_down = core().renderer.render("utter_slow_down", "en")["text"]
    answers = ["\n".join(person.say("hello")) for _ in range(12)]  # burst: 10 at once
    assert slow_down not in answers[0] and slow_down in answers[-1]
    assert phone("emergency") in "\n".join(person.say(DANGER["en"]))


def test_the_web_channels_keep_the_browser_history_advice(stack):
    answer = stack["rest"].text(uuid.uuid4().hex, ANONYMITY["en"])
    assert core().renderer.render("utter_messenger_privacy", "en")["text"] not in answer
    assert core().renderer.render("utter_phone_traces", "en")["text"] in answer


def test_telegram_answers_button_presses_and_reads_start_with_a_language(stack):
    person = Person(stack, "telegram")
    texts = person.say("/start ar")
    assert share("ar", "\n".join(texts)) > 0.5
    assert person.tracker()["slots"]["language"] == "ar"
    person.say(RESIDENCE["ar"])
    person.choose(0)
    assert f"q{person.address}" in person.user.answered_callbacks()


@pytest.mark.parametrize("secret", ["-", "wrong" * 8], ids=["no secret", "a wrong secret"])
def test_telegram_refuses_an_update_without_the_webhook_secret(stack, secret):
    person = Person(stack, "telegram")
    before = len(stack["standin"].calls)
    update = {"update_id": 1, "message": {"message_id": 1, "text": DANGER["en"],
              "chat": {"id": int(person.address), "type": "private"}}}  # fmt: skip
    assert person.user.post(update, secret=secret) == 403
    assert len(stack["standin"].calls) == before  # nothing was sent
    assert not [e for e in person.tracker()["events"] if e["event"] == "user"]


@pytest.mark.parametrize(
    "signature", ["", "bm90IGEgc2lnbmF0dXJl", "other url"], ids=["none", "wrong", "other url"]
)
def test_whatsapp_refuses_a_bad_signature(stack, signature):
    from twilio.request_validator import RequestValidator

    person = Person(stack, "whatsapp")
    form = person.user.form(DANGER["en"])
    if signature == "other url":
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(
            "https://evil.example/webhooks/twilio/webhook", form
        )
    status, body = person.user.post(form, signature)
    assert status == 403 and b"112" not in body
    assert not [e for e in person.tracker()["events"] if e["event"] == "user"]


def test_the_start_up_line_says_which_channels_are_on(stack):
    log = (stack["workdir"] / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert "Channels on: rest, socketio, telegram, whatsapp; off: none" in log, log[-3000:]


# --- keep these last: they scan everything the tests above made the servers write ----------


def test_the_servers_logged_no_error(stack):
    workdir: Path = stack["workdir"]
    assert error_lines(workdir / "rasa.log", workdir / "actions.log") == []


def test_no_chat_id_phone_number_or_token_reaches_a_log_a_file_or_a_stored_conversation(stack):
    people = stack["people"]
    assert len(people) >= 6  # every language on both channels, at least
    secrets = [TELEGRAM_TOKEN, TELEGRAM_SECRET, TWILIO_TOKEN, PSEUDONYM_SECRET]
    # A phone number also as WhatsApp's id (without "+") and as its last nine digits.
    needles = [(p.address, p.address) for p in people]
    needles += [(p.address, p.address[-9:]) for p in people if p.channel == "whatsapp"]
    files = [p for p in stack["workdir"].rglob("*") if p.is_file()]
    files += [p for p in (PROJECT_ROOT / "var").rglob("*") if p.is_file()]
    assert {"rasa.log", "actions.log"} <= {p.name for p in files}
    found = []
    for path in files:
        content = path.read_bytes().decode("utf-8", errors="ignore")
        found += [(path.name, address) for address, needle in needles if needle in content]
        found += [(path.name, "a secret") for secret in secrets if secret in content]
    for person in people:
        stored = json.dumps(person.tracker(), ensure_ascii=False)
        found += [("stored conversation", a) for a, needle in needles if needle in stored]
        # ... and no conversation is kept under the platform's own id.
        raw = person.address if person.channel == "telegram" else "whatsapp:" + person.address
        events = stack["rest"].tracker(urllib.parse.quote(raw))["events"]
        if any(event["event"] == "user" for event in events):
            found.append(("conversation under the platform id", person.address))
    assert found == []


def test_no_secret_is_on_a_command_line(stack):
    secrets = [TELEGRAM_TOKEN, TELEGRAM_SECRET, TWILIO_TOKEN, PSEUDONYM_SECRET]
    visible = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            content = cmdline.read_bytes()
        except OSError:
            continue
        visible += [cmdline.parent.name for s in secrets if s.encode() in content]
    assert visible == []
