"""A conversation id for a platform address that does not reveal it.

The Telegram chat id or the WhatsApp phone number is replaced, before Rasa sees the message, by
an HMAC-SHA256 under a secret only the server knows (HULPROUTE_PSEUDONYM_SECRET). The same
person gets the same conversation back; without the secret nobody can tell from a stored
conversation, a log line or the statistics which number or account wrote, and a short list of
phone numbers cannot be tried against it.
"""

from __future__ import annotations

import hashlib
import hmac

PSEUDONYM_HEX_CHARS = 32  # 128 bits: a collision between two users is out of reach


def pseudonym(secret: str, platform: str, address: str) -> str:
    """`<platform>-<32 hex digits>`: a valid conversation id (bot/privacy/limits.py), which the
    log scrubber removes like any other conversation id (bot/privacy/logs.py)."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{platform}\x00{address}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{platform}-{digest[:PSEUDONYM_HEX_CHARS]}"
