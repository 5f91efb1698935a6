"""Remove identifying numbers and addresses from anything the bot keeps.

The bot never asks for a phone number, e-mail address, bank account, citizen service number
(BSN) or alien number (V-number), but people write them anyway ("call me on 06 12345678").
Whatever is kept of a conversation (entity values, slots) passes through `redact` first, so
such identifiers are never held, not even in memory after the turn that received them.
"""

from __future__ import annotations

import re

REDACTED = "[redacted]"

_PATTERNS = (
    # e-mail addresses
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE),
    # IBAN: two letters, two check digits, 11 to 30 letters/digits, spaces allowed in groups
    re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?\b"),
    # phone numbers: +, 00 or 0 followed by 8 or more digits with spaces, dots, dashes, brackets
    re.compile(r"(?<![\w+])(?:\+|00)?\d[\d ().-]{7,}\d(?!\w)"),
    # BSN (9 digits) and V-number (10 digits, often written with dots) without separators
    re.compile(r"(?<!\w)\d{9,10}(?!\w)"),
    re.compile(r"(?<!\w)\d{2,4}\.\d{2,4}\.\d{2,4}(?:\.\d{1,4})?(?!\w)"),
)


def redact(text: str) -> str:
    """`text` with every identifier pattern replaced by "[redacted]"."""
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


def contains_identifier(text: str) -> bool:
    """True when `text` holds something `redact` would remove."""
    return redact(text) != text
