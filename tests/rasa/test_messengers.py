"""The Telegram and WhatsApp channels are off, with no route, unless configured; the start-up
line names every channel. (End to end: tests/integration/test_messengers.py.)"""

from bot.settings import TelegramSettings, WhatsAppSettings
from hulproute_rasa.channels import RestChannel, SocketChannel
from hulproute_rasa.messengers import TelegramChannel, WhatsAppChannel, channels_summary

TELEGRAM = TelegramSettings("1:" + "a" * 30, "s" * 40, "http://127.0.0.1:9")
WHATSAPP = WhatsAppSettings("t" * 32, "https://hulp.example.org/webhooks/twilio/webhook")


async def _nothing(_message):
    return None


def _routes(channel):
    return {route.uri for route in channel.blueprint(_nothing)._future_routes}


def test_unconfigured_messengers_register_no_route():
    assert _routes(TelegramChannel(None)) == set()
    assert _routes(WhatsAppChannel(None)) == set()


def test_configured_messengers_register_only_their_webhook():
    assert _routes(TelegramChannel(TELEGRAM)) == {"/webhook"}
    assert _routes(WhatsAppChannel(WHATSAPP)) == {"/webhook"}


def test_without_settings_from_credentials_gives_an_off_channel_whatever_the_file_says():
    channel = TelegramChannel.from_credentials({"access_token": "123:abc", "verify": "x"})
    assert channel.settings is None and _routes(channel) == set()
    assert WhatsAppChannel.from_credentials({"auth_token": "x"}).settings is None


def test_the_start_up_line_names_what_is_on_and_why_the_rest_is_off():
    line = channels_summary(
        [RestChannel(), SocketChannel(), TelegramChannel(TELEGRAM), WhatsAppChannel(None)]
    )
    assert line == (
        "Channels on: rest, socketio, telegram; off: whatsapp (no HULPROUTE_TWILIO_AUTH_TOKEN)"
    )
    assert TELEGRAM.token not in line


def test_no_output_channel_holds_a_platform_address():
    assert TelegramChannel(TELEGRAM).get_output_channel() is None
    assert WhatsAppChannel(WHATSAPP).get_output_channel() is None


def test_an_expired_conversation_takes_its_numbered_choices_and_button_tokens_with_it():
    import asyncio

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SessionStarted
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.settings import PROJECT_ROOT
    from hulproute_rasa.tracker_store import PrivateTrackerStore

    whatsapp, telegram = WhatsAppChannel(WHATSAPP), TelegramChannel(TELEGRAM)
    whatsapp.blueprint(_nothing), telegram.blueprint(_nothing)
    domain = Domain.load(str(PROJECT_ROOT / "domain"))
    store = PrivateTrackerStore(domain, expire_after_minutes=0.01, statistics=False)  # 0.6 s

    async def expire():
        tracker = DialogueStateTracker.from_events("twilio-x", [SessionStarted()], domain.slots)
        await store.save(tracker)
        whatsapp.choices.remember("twilio-x", {"1": "/find_help_more"})
        telegram.tokens.remember("twilio-x", {"#ab": "/find_help_more"})
        await asyncio.sleep(1.5)

    asyncio.run(expire())
    assert whatsapp.choices.payload("twilio-x", "1") is None
    assert telegram.tokens.payload("twilio-x", "#ab") is None
