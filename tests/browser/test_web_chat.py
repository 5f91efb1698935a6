"""The web chat in a real headless Chromium, against the real servers."""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from bot.find_help.card import CardError, find_chromium
from bot.run.servers import free_port, start_action_server, start_rasa, start_web, stop
from bot.settings import PROJECT_ROOT
from tests.directory_data import organisation_name, phone
from tests.integration.clients import RestClient

pytestmark = [pytest.mark.server, pytest.mark.browser]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
TOKEN = uuid.uuid4().hex


@pytest.fixture(scope="module")
def stack(model_path, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("web")
    action_port, rasa_port, web_port = free_port(), free_port(), free_port()
    web_origin = f"http://127.0.0.1:{web_port}"
    actions = start_action_server(action_port, workdir / "actions.log")
    rasa = start_rasa(
        model_path, rasa_port, action_port, workdir, workdir / "rasa.log", TOKEN, web_origin
    )
    WEB_SERVER.update(process=start_web(web_port, rasa_port, workdir / "web.log"),
                      port=web_port, rasa_port=rasa_port, workdir=workdir)  # fmt: skip
    yield web_origin, RestClient(rasa_port, TOKEN)
    stop(WEB_SERVER["process"], rasa, actions)


# The page server of `stack`: a test cuts the network by stopping it, and starts it again.
WEB_SERVER: dict = {}


def _cut_the_network():
    stop(WEB_SERVER["process"])


def _restore_the_network():
    log = WEB_SERVER["workdir"] / f"web-{time.monotonic_ns()}.log"
    WEB_SERVER["process"] = start_web(WEB_SERVER["port"], WEB_SERVER["rasa_port"], log)


def _speech_home(home):
    """A home for the browser in which speech-dispatcher speaks espeak-ng's voices into libao's
    null driver: the speech API's start and end events happen as on a phone, without a sound
    card. Its own socket, so the test's speech-dispatcher is the test's alone."""
    config = home / ".config" / "speech-dispatcher"
    config.mkdir(parents=True)
    (config / "speechd.conf").write_text(
        'AudioOutputMethod "libao"\n'
        'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\n'
        "DefaultModule espeak-ng\n"
    )
    (home / ".libao").write_text("default_driver=null\n")
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"), "XDG_RUNTIME_DIR": str(runtime)}  # fmt: skip


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    try:
        executable = find_chromium()
    except CardError as error:
        pytest.fail(str(error))
    home = tmp_path_factory.mktemp("browser-home")
    with sync_playwright() as playwright:
        # Chromium on Linux offers the Web Speech API's voices through speech-dispatcher
        # (espeak-ng's voices; `make setup` installs both): the device's voices.
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--enable-speech-dispatcher"],
            env=_speech_home(home),
        )
        yield browser
        browser.close()
    # The speech-dispatcher Chromium started for this home.
    subprocess.run(["pkill", "-f", str(home)], check=False)


REQUESTS: list[str] = []


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 780})  # a small phone
    page = context.new_page()
    page.on("request", lambda request: REQUESTS.append(request.url))
    yield page
    context.close()


def _send(page, text):
    page.fill("#message", text)
    page.keyboard.press("Enter")


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_a_conversation_in_english(stack, page):
    web, _ = stack
    page.goto(web + "/")
    _send(page, "where can I get help near Eindhoven?")
    lumens = organisation_name("lumens")
    page.wait_for_selector(f"#log li.bot >> text={lumens}", timeout=30_000)
    assert page.locator("#log li.bot").first.get_attribute("dir") == "ltr"
    _shot(page, "web-chat-en.png")


def test_a_conversation_in_arabic_is_laid_out_right_to_left(stack, page):
    web, _ = stack
    page.goto(web + "/")
    page.select_option("#language", "ar")
    assert page.get_attribute("html", "dir") == "rtl"
    expect(page.locator("#send-button")).not_to_have_text("Send")  # labels now in Arabic
    _send(page, "انا في خطر")
    bubble = page.locator("#log li.bot", has_text=phone("emergency")).first
    bubble.wait_for(timeout=30_000)
    assert bubble.get_attribute("dir") == "rtl"
    assert page.inner_text("#notice") and "browser" not in page.inner_text("#notice")
    _shot(page, "web-chat-ar.png")


def test_outreach_mode_shows_dutch_beside_each_answer(stack, page):
    web, _ = stack
    page.goto(web + "/?lang=ar")
    page.click("#menu summary")  # the outreach switch lives in the menu
    page.check("#outreach")
    _send(page, "انا في خطر")
    beside = page.locator("#log li.bot p.translation").first
    beside.wait_for(timeout=30_000)
    assert beside.get_attribute("lang") == "nl" and beside.get_attribute("dir") == "ltr"
    assert phone("emergency") in beside.inner_text() and "Bel" in beside.inner_text()
    _shot(page, "web-chat-outreach-ar-nl.png")


def test_the_language_menu_names_each_language_in_its_own_script(stack, page):
    web, _ = stack
    page.goto(web + "/")
    page.wait_for_selector("#language option[value=ti]", state="attached")
    names = page.eval_on_selector_all("#language option", "os => os.map(o => o.textContent)")
    assert {"Nederlands", "English", "العربية", "فارسی", "ትግርኛ", "Soomaali"} <= set(names)
    page.select_option("#language", "nl")
    expect(page.locator("#exit")).to_have_text("Snel weg")


def test_on_a_phone_the_first_contact_to_call_is_visible_when_the_answer_arrives(stack, chromium):
    web, _ = stack
    context = chromium.new_context(viewport={"width": 390, "height": 844})  # a common phone
    page = context.new_page()
    page.on("request", lambda request: REQUESTS.append(request.url))
    page.goto(web + "/")
    expect(page.locator("#exit")).to_be_visible()
    # The page keeps most of the height for the conversation, even with the safety notice.
    main = page.locator("#main").bounding_box()
    assert main is not None and main["height"] >= 0.6 * 844
    _send(page, "I need help, I live in Eindhoven")
    first_call = page.locator('#log li.bot a[href^="tel:"]', has_text=phone("comensha")).first
    first_call.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # the rest of the answer arrives and is laid out
    box = first_call.bounding_box()
    main = page.locator("#main").bounding_box()
    assert box is not None and main is not None
    assert main["y"] <= box["y"] and box["y"] + box["height"] <= main["y"] + main["height"]
    assert first_call.get_attribute("href") == "tel:" + phone("comensha").replace(" ", "")
    call = page.locator('#log li.bot .buttons a.link-button[href^="tel:"]').first
    expect(call).to_be_visible()
    expect(page.locator("#exit")).to_be_visible()  # quick exit stays in view
    # The safety notice is shown once, closes, and comes back from the menu.
    page.click("#notice-close")
    expect(page.locator("#notice-box")).to_be_hidden()
    page.click("#menu summary")
    page.click("#show-notice")
    expect(page.locator("#notice-box")).to_be_visible()
    _shot(page, "web-chat-phone-route.png")
    context.close()


def _wait_until_deleted(client, sender, seconds=10):
    """The page asks the server to delete without waiting for it: give it a moment."""
    deadline = time.time() + seconds
    while time.time() < deadline and any(
        e["event"] == "user" for e in client.tracker(sender).get("events") or []
    ):
        time.sleep(0.5)


def test_quick_exit_clears_everything_and_replaces_the_history_entry(stack, page):
    web, client = stack
    page.goto("about:blank")
    page.goto(web + "/")
    _send(page, "my boss keeps my passport")
    page.wait_for_selector("#log li.bot", timeout=30_000)
    sender = page.evaluate("sender")
    page.keyboard.press("Escape")
    page.wait_for_url("**/neutral.html")
    storage = page.evaluate(
        "[localStorage.length, sessionStorage.length, document.cookie, indexedDB ? 0 : 0]"
    )
    assert storage == [0, 0, "", 0]
    page.go_back()
    assert urlsplit(page.url).path != "/"  # Back does not lead to the chat
    _wait_until_deleted(client, sender)
    assert client.tracker(sender)["slots"]["municipality_code"] is None
    assert not [e for e in client.tracker(sender)["events"] or [] if e["event"] == "user"]


def test_the_help_card_page_shows_the_route_picture_under_the_strict_csp(stack, page):
    web, _ = stack
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(web + "/card.html?lang=ti&place=Eindhoven")
    assert page.locator(".picture svg rect").count() == 4
    picture = page.inner_text(".picture")
    assert organisation_name("lumens") in picture and phone("comensha") in picture
    assert page.get_attribute("html", "lang") == "ti"
    assert errors == []  # no Content-Security-Policy violation
    _shot(page, "help-card-ti.png")
    assert page.goto(web + "/card.html?lang=ti&place=Bergen").status == 404


def test_keyboard_and_screen_reader_basics(stack, page):
    web, _ = stack
    page.goto(web + "/")
    for role, name in [("combobox", "Language"), ("button", "Leave quickly"),
                       ("textbox", "Message"), ("button", "Send")]:  # fmt: skip
        expect(page.get_by_role(role, name=name)).to_be_visible()
    assert page.get_attribute("#log", "aria-live") == "polite"
    for _ in range(8):  # the message field is reached by Tab alone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    page.locator("#log li.bot").first.wait_for(timeout=30_000)


# The speech API's own events, seen from the page: every utterance the page speaks and whether
# the speech engine started it. speak() itself is Chromium's (and the voices espeak-ng's).
RECORD_SPEECH = """
window.__spoken = [];
const realSpeak = speechSynthesis.speak.bind(speechSynthesis);
speechSynthesis.speak = (utterance) => {
  const entry = { text: utterance.text, lang: utterance.lang, started: false };
  window.__spoken.push(entry);
  utterance.addEventListener("start", () => { entry.started = true; });
  realSpeak(utterance);
};
"""


def _spoken(page):
    """The last utterance, once the speech engine has started it (its "start" event)."""
    page.wait_for_function("() => window.__spoken.length && window.__spoken.at(-1).started")
    return page.evaluate("window.__spoken.at(-1)")


def _voices_loaded(page):
    page.wait_for_function("() => speechSynthesis.getVoices().length > 0", timeout=15_000)


def test_listen_reads_an_answer_aloud_where_the_device_has_a_voice(stack, page):
    web, _ = stack
    page.add_init_script(RECORD_SPEECH)
    page.goto(web + "/?lang=ar")
    _voices_loaded(page)
    _send(page, "انا في خطر")
    bubble = page.locator("#log li.bot", has_text=phone("emergency")).first
    bubble.wait_for(timeout=30_000)
    listen = bubble.locator("button.listen")
    expect(listen).to_be_visible()
    listen.click()
    spoken = _spoken(page)
    assert spoken["lang"].lower().startswith("ar")
    digits = " ".join(phone("emergency"))  # phone numbers are read digit by digit
    assert digits in spoken["text"]
    page.evaluate("speechSynthesis.cancel()")


def test_no_listen_button_where_the_device_has_no_voice(stack, page):
    web, _ = stack
    page.goto(web + "/?lang=ti")
    _voices_loaded(page)
    assert page.evaluate("[Listen.voiceFor('ti'), Listen.voiceFor('so')]") == [None, None]
    assert page.evaluate("Listen.voiceFor('en') !== null")  # there are voices, not for ti
    _send(page, "ሰላም")
    page.locator("#log li.bot").first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    assert page.locator("#log li.bot").count() > 0
    assert page.locator("#log li.bot button.listen").count() == 0


def test_a_kept_help_card_opens_offline_and_quick_exit_removes_it(stack, chromium):
    web, _ = stack
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.on("request", lambda request: REQUESTS.append(request.url))
    page.goto(web + "/?lang=en")
    assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []  # only when asked
    _send(page, "I need help, I live in Eindhoven")
    offer = page.locator("#log li.card-offer")
    offer.locator("button").wait_for(timeout=30_000)
    assert "could see it" in offer.inner_text()  # said before anything is kept
    offer.locator("button").click()
    link = offer.locator("a")
    link.wait_for(timeout=15_000)
    card_url = web + "/" + link.get_attribute("href")
    # The network cut for real: nothing answers at the page's address (Playwright's offline
    # switch does not reach a service worker's own requests).
    _cut_the_network()
    try:
        card = context.new_page()
        card.goto(card_url)
        assert card.locator(".picture svg rect").count() == 4
        assert phone("comensha") in card.inner_text(".picture")
        start = context.new_page()  # the app's start page without a network: the kept card
        start.goto(web + "/")
        assert phone("comensha") in start.inner_text("body")
        card.close()
        start.close()
    finally:
        _restore_the_network()
    page.keyboard.press("Escape")  # quick exit
    page.wait_for_url("**/neutral.html")
    # Removed by the chat page, or at the latest by the neutral page it lands on (neutral.js).
    registrations = "navigator.serviceWorker.getRegistrations()"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (
        page.evaluate("caches.keys()") or page.evaluate(registrations)
    ):
        page.wait_for_timeout(200)
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate(registrations) == []
    _cut_the_network()
    try:
        gone = context.new_page()
        with pytest.raises(PlaywrightError):
            gone.goto(card_url)
    finally:
        _restore_the_network()
    context.close()


def test_the_first_load_is_light_and_works_on_slow_3g(stack, chromium):
    web, _ = stack
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    # Chromium's "Slow 3G" preset (DevTools): 2 s latency, 50 kB/s each way.
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 2000,
            "downloadThroughput": 50_000,
            "uploadThroughput": 50_000,
        },  # fmt: skip
    )
    received: dict[str, int] = {}
    kinds: dict[str, str] = {}
    cdp.on("Network.responseReceived", lambda e: kinds.update({e["requestId"]: e["type"]}))
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.update({e["requestId"]: int(e["encodedDataLength"])}),
    )
    started = time.monotonic()
    page.goto(web + "/", timeout=60_000)
    expect(page.locator("#send-button")).to_be_enabled(timeout=60_000)
    page.wait_for_selector("#language option[value=ti]", state="attached", timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    ready = time.monotonic() - started
    weight = sum(received.values())
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "first-load.json").write_text(
        json.dumps({"bytes_over_the_wire": weight, "ready_on_slow_3g_s": round(ready, 1)})
    )
    assert weight <= 150_000
    assert "Font" not in kinds.values()  # the system's fonts only
    _send(page, "hello")
    page.locator("#log li.bot").first.wait_for(timeout=60_000)  # it works on Slow 3G
    context.close()


def test_hand_the_phone_over_and_back(stack, page):
    web, client = stack
    page.add_init_script(RECORD_SPEECH)
    page.goto(web + "/?lang=nl")
    _voices_loaded(page)
    _send(page, "hallo")
    page.locator("#log li.bot").first.wait_for(timeout=30_000)
    page.click("#menu summary")
    page.click("#hand-over")
    chooser = page.locator("#chooser")
    expect(chooser).to_be_visible()
    expect(page.locator("#log li")).to_have_count(0)  # the worker's chat is not shown
    tigrinya = chooser.locator("button.pick[lang=ti]")
    assert tigrinya.inner_text() == "ትግርኛ"
    assert float(tigrinya.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")) >= 24
    # A "say it" button where the phone has a voice for the language: Arabic, not Tigrinya.
    assert page.locator("#chooser-list li:has(> button.pick[lang=ti]) button.listen").count() == 0
    assert page.locator("#chooser-list li:has(> button.pick[lang=en]) button.listen").count() == 1
    arabic = page.locator("#chooser-list li:has(> button.pick[lang=ar])")
    arabic.locator("button.listen").click()
    spoken = _spoken(page)  # "العربية", said with an Arabic voice
    assert spoken["text"] == "العربية" and spoken["lang"].lower().startswith("ar")
    arabic.locator("button.pick").click()
    expect(chooser).to_be_hidden()
    expect(page.locator("#give-back")).to_be_visible()
    assert page.get_attribute("html", "dir") == "rtl"
    _send(page, "انا في خطر")
    bubble = page.locator("#log li.bot", has_text=phone("emergency")).first
    bubble.wait_for(timeout=30_000)
    beside = bubble.locator("p.translation")
    assert beside.get_attribute("lang") == "nl"  # the worker's language beside the answer
    handed_over = page.evaluate("sender")
    page.click("#give-back")
    expect(page.locator("#give-back")).to_be_hidden()
    expect(page.locator("#log li")).to_have_count(0)
    assert page.evaluate("[menu.value, document.documentElement.lang]") == ["nl", "nl"]
    _wait_until_deleted(client, handed_over)
    assert not [e for e in client.tracker(handed_over)["events"] or [] if e["event"] == "user"]
    page.wait_for_function("() => sender !== null", timeout=15_000)  # a new conversation
    assert page.evaluate("sender") != handed_over


def test_no_request_leaves_the_machine():
    # Every request of the tests above (page, assets, REST) went to 127.0.0.1.
    assert REQUESTS, "the browser tests made no requests"
    hosts = {urlsplit(url).hostname for url in REQUESTS if not url.startswith(("data:", "about:"))}
    assert hosts == {"127.0.0.1"}
