"""Telegram and WhatsApp (through Twilio), the plain-Python part: who is writing (a keyed
pseudonym, never the platform's id), whether a webhook really comes from the platform, and how
the bot's bubbles and buttons look there. The Rasa adapters are in hulproute_rasa/messengers.py;
docs/channels.md says what each channel means for a user's privacy."""

# The channel names Rasa records for a message (`input_channel`): Rasa's own connectors' names.
TELEGRAM, WHATSAPP = "telegram", "twilio"
MESSENGERS = frozenset({TELEGRAM, WHATSAPP})

# Responses that are about the web page, and what a messenger sends instead: after the
# anonymity answer, the web chat explains browser history and private windows; on Telegram and
# WhatsApp the platform keeps the number and the messages, and the chat stays on the phone.
MESSENGER_RESPONSES = {"utter_phone_traces": "utter_messenger_privacy"}


def messenger_response(response: str, input_channel: str | None) -> str:
    """The response to send for `response` on this channel: on a messenger, its messenger
    form if it has one; otherwise `response` itself."""
    if input_channel in MESSENGERS:
        return MESSENGER_RESPONSES.get(response, response)
    return response
