"""Start the action server, the Rasa server and the web chat page; stop all on Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT, child_environment

HOST = "127.0.0.1"
ACTION_PORT = 5055
RASA_PORT = 5005
WEB_PORT = 8080
# The conversation id of readiness probes: not a person, so not counted in the statistics.
READINESS_PROBE_SENDER = "readiness-probe"


@dataclass(frozen=True)
class Service:
    """A child process and the URL that answers once it is ready."""

    name: str
    command: list[str]
    ready_url: str


def rasa_command(
    model: Path,
    port: int,
    endpoints: Path,
    credentials: Path,
    cors: str | None = None,
    host: str = HOST,
) -> list[str]:
    """The command that starts one Rasa server, through hulproute_rasa/server.py: the one
    place that knows Rasa's command line. The API token is not in it (any local user can read
    a command line); the launcher reads it from the environment."""
    command = [
        sys.executable, "-m", "hulproute_rasa.server",
        "--model", str(model),
        "--endpoints", str(endpoints),
        "--credentials", str(credentials),
        "--interface", host,
        "--port", str(port),
    ]  # fmt: skip
    return command + (["--cors", cors] if cors else [])


def services(model: Path, web_origin: str) -> list[Service]:
    """The three processes of a running bot. Rasa's HTTP API is on when the environment has a
    token (RASA_API_TOKEN_FILE or RASA_API_TOKEN; bot/settings.py)."""
    rasa = rasa_command(
        model, RASA_PORT, PROJECT_ROOT / "endpoints.yml", PROJECT_ROOT / "credentials.yml",
        cors=web_origin,
    )  # fmt: skip
    return [
        Service(
            "action server",
            [sys.executable, "-m", "actions.server", "--host", HOST, "--port", str(ACTION_PORT)],
            f"http://{HOST}:{ACTION_PORT}/health",
        ),
        Service("Rasa", rasa, f"http://{HOST}:{RASA_PORT}/webhooks/rest/webhook"),
        Service(
            "web chat",
            [sys.executable, "-m", "bot.run.web", "--host", HOST, "--port", str(WEB_PORT)],
            f"http://{HOST}:{WEB_PORT}/",
        ),
    ]


def _answers(url: str) -> bool:
    request: str | urllib.request.Request = url
    if url.endswith("/webhooks/rest/webhook"):
        # Rasa serves HTTP before its model is loaded: ready means a message is answered.
        # The probe is a button payload (no text), from a sender no person uses.
        body = json.dumps({"sender": READINESS_PROBE_SENDER, "message": "/greet"}).encode()
        request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            payload = response.read()
            return not url.endswith("/webhook") or bool(json.loads(payload or b"[]"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
        return False


def wait_until_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Poll `url` until it answers, the process dies, or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if _answers(url):
            return True
        time.sleep(0.5)
    return False


def run_all(model: Path, api_on: bool) -> int:
    """Run until Ctrl-C (or a child dies), then stop every child. Returns an exit code."""
    web_origin = f"http://{HOST}:{WEB_PORT}"
    env = child_environment()
    # The only origin Rasa's socket.io server accepts: the web chat started below (unless the
    # operator serves it elsewhere, behind a proxy).
    env.setdefault("HULPROUTE_WEB_ORIGIN", web_origin)
    children: list[tuple[Service, subprocess.Popen[bytes]]] = []
    started = time.monotonic()

    def stop_all(*_: object) -> None:
        for _service, process in reversed(children):
            if process.poll() is None:
                process.terminate()
        for _service, process in children:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    # Ctrl-C in a terminal reaches every process of the group at once: the children start
    # exiting by themselves, and that must read as a clean stop, not as a crash.
    stopping = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        for service in services(model, web_origin):
            process = subprocess.Popen(service.command, cwd=PROJECT_ROOT, env=env)
            children.append((service, process))
        for service, process in children:
            if not wait_until_ready(service.ready_url, process, timeout=300):
                sys.stderr.write(f"{service.name} did not start; stopping.\n")
                stop_all()
                return 1
        elapsed = time.monotonic() - started
        api_state = "on (token required)" if api_on else "off (set RASA_API_TOKEN_FILE to enable)"
        sys.stdout.write(
            f"\nHulproute is ready after {elapsed:.0f} s.\n"
            f"  Web chat:      {web_origin}/\n"
            f"  REST channel:  http://{HOST}:{RASA_PORT}/webhooks/rest/webhook\n"
            f"  Rasa HTTP API: {api_state}\n"
            "Press Ctrl-C to stop.\n"
        )
        sys.stdout.flush()
        while not stopping.wait(timeout=1):
            died = [s.name for s, p in children if p.poll() is not None]
            if died and not stopping.wait(timeout=1):
                sys.stderr.write(f"{', '.join(died)} stopped unexpectedly; stopping the others.\n")
                return 1
        sys.stdout.write("Stopping.\n")
        return 0
    finally:
        stop_all()
