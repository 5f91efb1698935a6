"""Clients that talk to the real servers like the web page does: REST and socket.io."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class RestClient:
    """Talks to Rasa's REST channel like the web page does."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.token = token

    def send(self, sender: str, message: str, metadata: dict | None = None) -> list[dict]:
        body: dict = {"sender": sender, "message": message}
        if metadata is not None:
            body["metadata"] = metadata
        return self.post("/webhooks/rest/webhook", body)

    def post(self, path: str, body: dict) -> list[dict]:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def text(self, sender: str, message: str, metadata: dict | None = None) -> str:
        return "\n".join(m.get("text", "") for m in self.send(sender, message, metadata))

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def tracker(self, sender: str) -> dict:
        url = f"{self.base}/conversations/{sender}/tracker?token={self.token}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.loads(response.read())


class SocketClient:
    """Talks to Rasa's socket.io channel like web/chat.js does: Engine.IO 4 over a websocket,
    from a test, in its own event-loop thread. Use as a context manager. (python-socketio's
    own client needs a newer aiohttp than Rasa 3.6 allows.)"""

    def __init__(
        self,
        base: str,
        origin: str,
        session_id: str | None = None,
        resume_key: str | None = None,
    ) -> None:
        import asyncio
        import threading

        self.url = base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.origin = origin
        self.session_id, self.resume_key = session_id, resume_key
        self.received: list[dict] = []
        self._confirmed = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._socket = None
        self._reader = None

    def _run(self, coroutine, timeout: float = 60):  # type: ignore[no-untyped-def]
        import asyncio

        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def _open(self) -> None:
        import asyncio

        import websockets

        self._socket = await websockets.connect(self.url, origin=self.origin, open_timeout=30)
        await self._socket.recv()  # "0{...}": the Engine.IO handshake
        await self._socket.send("40")  # join the default namespace
        while not (await self._socket.recv()).startswith("40"):
            pass
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for packet in self._socket:
            if packet == "2":  # ping
                await self._socket.send("3")
            elif packet.startswith("42"):
                event, data = json.loads(packet[2:])[:2]
                if event == "bot_uttered":
                    self.received.append(data)
                elif event == "session_confirm":
                    if isinstance(data, dict):
                        self.session_id = data.get("session_id")
                        self.resume_key = data.get("resume_key")
                    else:  # Rasa's own protocol: just the id
                        self.session_id = str(data)
                    self._confirmed.set()

    async def _emit(self, event: str, data: dict) -> None:
        await self._socket.send("42" + json.dumps([event, data]))

    async def _close(self) -> None:
        import asyncio

        await self._socket.send("41")  # leave the namespace, as a socket.io client does
        await asyncio.sleep(0.1)
        self._reader.cancel()
        await self._socket.close()

    def __enter__(self) -> SocketClient:
        self._run(self._open())
        self.request_session(self.session_id, self.resume_key)
        return self

    def __exit__(self, *_: object) -> None:
        self._run(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def request_session(self, session_id: str | None, resume_key: str | None = None) -> None:
        """Ask for a conversation (as the page does when it connects)."""
        self._confirmed.clear()
        data = {k: v for k, v in {"session_id": session_id, "resume_key": resume_key}.items() if v}
        self._run(self._emit("session_request", data))
        if not self._confirmed.wait(30):
            raise TimeoutError("no session_confirm")

    def say(self, message: str, metadata: dict | None = None) -> list[dict]:
        """Send a message; the answers that arrive until the bot is quiet for a second."""
        self.received.clear()
        data = {"message": message, "session_id": self.session_id, "metadata": metadata or {}}
        self._run(self._emit("user_uttered", data))
        return self.wait_quiet(first_within=60)

    def wait_quiet(self, first_within: float = 2.0, quiet: float = 1.0) -> list[dict]:
        """What arrived, once nothing came for `quiet` seconds (or nothing in `first_within`)."""
        import time

        deadline = time.monotonic() + first_within
        while not self.received and time.monotonic() < deadline:
            time.sleep(0.05)
        seen = -1
        while seen != len(self.received):
            seen = len(self.received)
            time.sleep(quiet)
        answers = list(self.received)
        self.received.clear()
        return answers
