"""Which live socket speaks for which conversation (plain Python, used by the socket.io channel).

A conversation id must not be a key to someone else's conversation. So the server, not the
page, chooses the id, and gives the page a second value with it: a resume key, an HMAC of the
id under a server secret. After a dropped connection (wifi in an asylum centre comes and goes)
the page asks for its conversation again with both, and gets it back; a socket that only knows
or guesses an id gets a new conversation of its own. One connection holds one conversation,
and one conversation one connection: resuming moves it from the old socket to the new one.
Nothing here is stored; the mapping lives in memory while the sockets are connected.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Session:
    """A conversation as a page knows it."""

    conversation: str
    resume_key: str


@dataclass(frozen=True)
class Granted:
    """What a session request got, and the socket that lost the conversation (if any)."""

    session: Session
    evicted_socket: str | None = None


class SocketSessions:
    """The live sockets and their conversations, in memory only."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")
        self._conversation_of: dict[str, str] = {}  # socket id -> conversation id
        self._socket_of: dict[str, str] = {}  # conversation id -> socket id

    def resume_key(self, conversation: str) -> str:
        """The key that proves a page started `conversation`."""
        digest = hmac.new(self._secret, conversation.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def request(self, socket: str, conversation: object, resume_key: object) -> Granted:
        """A socket asks for a conversation: its own again, a resumed one, or a new one."""
        held = self._conversation_of.get(socket)
        if held is not None:  # one conversation per connection
            return Granted(self._session(held))
        evicted = None
        if (
            isinstance(conversation, str)
            and isinstance(resume_key, str)
            and hmac.compare_digest(self.resume_key(conversation), resume_key)
        ):
            evicted = self._socket_of.get(conversation)
            if evicted is not None:
                self._conversation_of.pop(evicted, None)
            chosen = conversation
        else:
            chosen = uuid.uuid4().hex
        self._conversation_of[socket] = chosen
        self._socket_of[chosen] = socket
        return Granted(self._session(chosen), evicted)

    def conversation_of(self, socket: str) -> str | None:
        """The conversation this socket speaks for, if any."""
        return self._conversation_of.get(socket)

    def release(self, socket: str) -> None:
        """A socket disconnected."""
        conversation = self._conversation_of.pop(socket, None)
        if conversation is not None and self._socket_of.get(conversation) == socket:
            del self._socket_of[conversation]

    def __len__(self) -> int:
        return len(self._conversation_of)

    def _session(self, conversation: str) -> Session:
        return Session(conversation, self.resume_key(conversation))
