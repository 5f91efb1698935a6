"""What the bot accepts as a message, and how fast (plain Python, used by the channels).

Users type on phones; attackers send anything. A message is cleaned of control characters
(C0/C1, except newlines and tabs), zero-width and bidi control characters, which change
nothing a reader sees but can hide or reorder text, and of lone UTF-16 surrogates, which are
not text at all and break every encoder. What is left is either a message, nothing (empty,
whitespace, only control characters) or too long. Each case has a kind answer; none reaches
the dialogue in a form that can crash it.

How fast: three token buckets, checked together (`MessageGate`):
- per conversation, shared by every channel (REST and socket.io count the same conversation
  in one bucket);
- per connection (one socket.io connection), so one socket cannot flood;
- global, for the whole process, so rotating conversation ids cannot flood either.
A refused message never reaches the dialogue, so it is not counted in the statistics. The
channels let danger and deletion through every limit (hulproute_rasa/channels.py).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.language.codes import is_supported

MAX_MESSAGE_CHARS = 2000  # a long message is a few paragraphs; 100 kB is not a question
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
OK, EMPTY, TOO_LONG = "ok", "empty", "too_long"
# Which limit refused a message.
CONVERSATION, CONNECTION, GLOBAL = "conversation", "connection", "global"


@dataclass(frozen=True)
class Checked:
    """A message after cleaning, and what to do with it."""

    verdict: str
    text: str


def clean_text(raw: str) -> str:
    """`raw` without invisible characters and lone surrogates, with Unix line ends, stripped."""
    return _INVISIBLE.sub("", raw).replace("\r\n", "\n").strip()


def check_message(raw: object) -> Checked:
    """Clean a message and say whether it can go to the dialogue."""
    if not isinstance(raw, str):
        return Checked(EMPTY, "")
    if len(raw) > MAX_MESSAGE_CHARS * 4:  # do not even clean 100 kB
        return Checked(TOO_LONG, "")
    text = clean_text(raw)
    if not text:
        return Checked(EMPTY, "")
    if len(text) > MAX_MESSAGE_CHARS:
        return Checked(TOO_LONG, "")
    return Checked(OK, text)


# A conversation id a client may choose: what the web chat and Rasa make (hex, uuid), and what
# another client may reasonably use. No spaces, no "@": never a name, a phone or an e-mail.
_CONVERSATION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# The only channel metadata the dialogue reads: the page's language choice and outreach mode.
METADATA_FIELDS = ("language", "outreach")


def is_conversation_id(value: object) -> bool:
    """True for 1 to 64 letters, digits, "-" or "_"."""
    return isinstance(value, str) and _CONVERSATION_ID.fullmatch(value) is not None


def clean_metadata(raw: object) -> dict[str, Any]:
    """Channel metadata reduced to the fields the dialogue reads, each a supported language
    code. Everything else is dropped before Rasa sees it (it would be copied, serialised and,
    nested 900 levels deep, crash in the copying)."""
    if not isinstance(raw, dict):
        return {}
    return {
        key: raw[key]
        for key in METADATA_FIELDS
        if isinstance(raw.get(key), str) and is_supported(raw[key])
    }


@dataclass
class RateLimiter:
    """A token bucket per key: `burst` messages at once, then `per_minute`.

    A full bucket says nothing a new one would not, so buckets are dropped once they have
    refilled: a key is kept only while it is being limited, and at most `refill_seconds` after
    its last message. `forget` drops one at once (a deleted or expired conversation)."""

    per_minute: float = 30.0
    burst: int = 10
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _last_sweep: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def refill_seconds(self) -> float:
        """How long an empty bucket takes to fill up again."""
        return 60.0 * self.burst / self.per_minute

    def allow(self, key: str, now: float | None = None) -> bool:
        """True when `key` may send a message now (and count it)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if now - self._last_sweep > max(1.0, self.refill_seconds / 2):
                self._forget_full_buckets(now)
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.per_minute / 60.0)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True

    def forget(self, key: str) -> None:
        """Drop what is known of `key`."""
        with self._lock:
            self._buckets.pop(key, None)

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget_full_buckets(self, now: float) -> None:
        self._last_sweep = now
        refill = self.refill_seconds
        for key, (_, last) in list(self._buckets.items()):
            if now - last >= refill:
                del self._buckets[key]


class Bucket(Protocol):
    """What the gate needs of a limiter (in this process, or shared in Redis)."""

    def allow(self, key: str) -> bool: ...  # noqa: D102

    def forget(self, key: str) -> None: ...  # noqa: D102

    def __len__(self) -> int: ...


@dataclass(frozen=True)
class Limits:
    """The three limits, from the settings (`HULPROUTE_*` variables, bot/settings.py)."""

    per_minute: float = 30.0  # per conversation, and per connection
    burst: int = 10
    global_per_second: float = 20.0  # the whole process: far above real use, below capacity
    global_burst: int = 40


@dataclass(frozen=True)
class Admission:
    """A cleaned message and, if a limit refused it, which one."""

    checked: Checked
    refused_by: str | None = None


class MessageGate:
    """Cleans each message and applies the three limits. One per process, shared by all
    channels. `refuse` decides which refused messages still go on (danger, deletion)."""

    def __init__(
        self,
        limits: Limits | None = None,
        prepare: Callable[[Checked], Checked] | None = None,
        conversations: Bucket | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self._prepare = prepare or (lambda checked: checked)
        # Per conversation: in this process, or shared by the replicas (shared_limits.py).
        # Per connection and global stay per process: a socket lives in one process, and the
        # global limit protects that process (N replicas take N times as much).
        self._conversations: Bucket = (
            conversations
            if conversations is not None  # (an empty bucket is falsy: it has a length)
            else RateLimiter(self.limits.per_minute, self.limits.burst)
        )
        self._connections = RateLimiter(self.limits.per_minute, self.limits.burst)
        self._everyone = RateLimiter(self.limits.global_per_second * 60, self.limits.global_burst)
        self._forget_also: list[Callable[[str], None]] = []

    def admit(self, conversation: str, raw: object, connection: str | None = None) -> Admission:
        """The cleaned message, and the limit that refused it (None: it may go on).

        Every limit is charged, so a refused message still counts against its sender."""
        checked = self._prepare(check_message(raw))
        refused = None
        if not self._conversations.allow(conversation):
            refused = CONVERSATION
        if connection is not None and not self._connections.allow(connection):
            refused = refused or CONNECTION
        if not self._everyone.allow(GLOBAL):
            refused = GLOBAL  # the global answer ("many people are writing") wins
        return Admission(checked, refused)

    def also_forget(self, forget: Callable[[str], None]) -> None:
        """Have `forget(conversation)` called too when a conversation is dropped: what a channel
        keeps per conversation (a messenger's last buttons) goes with the conversation."""
        self._forget_also.append(forget)

    def forget(self, conversation: str | None = None, connection: str | None = None) -> None:
        """Drop a deleted or expired conversation, or a closed connection."""
        if conversation is not None:
            self._conversations.forget(conversation)
            for forget in self._forget_also:
                forget(conversation)
        if connection is not None:
            self._connections.forget(connection)

    def known_conversations(self) -> int:
        """How many conversation ids the gate holds now (for tests)."""
        return len(self._conversations)
