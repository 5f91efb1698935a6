"""The bot's last buttons in a messenger conversation, in memory only.

WhatsApp shows buttons as numbered lines, and a reply of just "2" means the second; a Telegram
button whose payload is longer than Telegram's 64 bytes sends a short token instead. Either way
the server must remember, per conversation, what the numbers or tokens stand for: only the last
answer's buttons, only in this process's memory, and only while the conversation lives (the
channels forget it when the conversation is deleted or expires). Payloads are the bot's own
button payloads, never anything a user wrote.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

MAX_CONVERSATIONS = 10_000  # a flood of new conversations cannot grow the memory without end


class ChoiceMemory:
    """Per conversation (pseudonym), the payload each number or token stands for."""

    def __init__(self, max_conversations: int = MAX_CONVERSATIONS) -> None:
        self._choices: OrderedDict[str, dict[str, str]] = OrderedDict()
        self._max = max_conversations

    def remember(self, conversation: str, choices: Mapping[str, str]) -> None:
        """Replace what the conversation's numbers or tokens stand for (nothing: forget)."""
        self._choices.pop(conversation, None)
        if not choices:
            return
        self._choices[conversation] = dict(choices)
        while len(self._choices) > self._max:
            self._choices.popitem(last=False)  # the conversation quiet for the longest

    def payload(self, conversation: str, key: str) -> str | None:
        """The payload `key` stands for in this conversation, if it is one of the last."""
        return self._choices.get(conversation, {}).get(key)

    def forget(self, conversation: str) -> None:
        """The conversation was deleted or expired."""
        self._choices.pop(conversation, None)

    def __len__(self) -> int:
        return len(self._choices)
