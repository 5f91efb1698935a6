"""What the bot accepts as a message, and how fast (plain Python, used by the channels).

Users type on phones; attackers send anything. A message is cleaned of control characters
(C0/C1, except newlines and tabs), zero-width and bidi control characters, which change
nothing a reader sees but can hide or reorder text. What is left is either a message, nothing
(empty, whitespace, only control characters) or too long. Each case has a kind answer; none
reaches the dialogue in a form that can crash it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

MAX_MESSAGE_CHARS = 2000  # a long message is a few paragraphs; 100 kB is not a question
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)
OK, EMPTY, TOO_LONG = "ok", "empty", "too_long"


@dataclass(frozen=True)
class Checked:
    """A message after cleaning, and what to do with it."""

    verdict: str
    text: str


def check_message(raw: object) -> Checked:
    """Clean a message and say whether it can go to the dialogue."""
    if not isinstance(raw, str):
        return Checked(EMPTY, "")
    if len(raw) > MAX_MESSAGE_CHARS * 4:  # do not even clean 100 kB
        return Checked(TOO_LONG, "")
    text = _INVISIBLE.sub("", raw).replace("\r\n", "\n").strip()
    if not text:
        return Checked(EMPTY, "")
    if len(text) > MAX_MESSAGE_CHARS:
        return Checked(TOO_LONG, "")
    return Checked(OK, text)


@dataclass
class RateLimiter:
    """A token bucket per conversation: `burst` messages at once, then `per_minute`."""

    per_minute: float = 30.0
    burst: int = 10
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, sender: str, now: float | None = None) -> bool:
        """True when this conversation may send a message now (and count it)."""
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(sender, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.per_minute / 60.0)
        if len(self._buckets) > 100_000:  # bounded memory: forget idle conversations
            self._forget_full_buckets(now)
        if tokens < 1.0:
            self._buckets[sender] = (tokens, now)
            return False
        self._buckets[sender] = (tokens - 1.0, now)
        return True

    def _forget_full_buckets(self, now: float) -> None:
        refill = 60.0 * self.burst / self.per_minute
        for sender, (_, last) in list(self._buckets.items()):
            if now - last > refill:
                del self._buckets[sender]
