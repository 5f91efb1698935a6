"""The web chat in a real headless Chromium, against the real servers."""

from __future__ import annotations

import time
import uuid
from urllib.parse import urlsplit

import pytest
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
    web = start_web(web_port, rasa_port, workdir / "web.log")
    yield web_origin, RestClient(rasa_port, TOKEN)
    stop(web, rasa, actions)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    try:
        executable = find_chromium()
    except CardError as error:
        pytest.fail(str(error))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


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
    deadline = time.time() + 10
    while time.time() < deadline:
        events = client.tracker(sender).get("events") or []
        if not [e for e in events if e["event"] == "user" and e.get("text")]:
            break
        time.sleep(0.5)
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


def test_no_request_leaves_the_machine():
    # Every request of the tests above (page, assets, REST) went to 127.0.0.1.
    assert REQUESTS, "the browser tests made no requests"
    hosts = {urlsplit(url).hostname for url in REQUESTS if not url.startswith(("data:", "about:"))}
    assert hosts == {"127.0.0.1"}
