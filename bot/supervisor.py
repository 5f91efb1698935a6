"""Start the action server, the Rasa server and the web chat page; stop all on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT

HOST = "127.0.0.1"
ACTION_PORT = 5055
RASA_PORT = 5005
WEB_PORT = 8080


@dataclass(frozen=True)
class Service:
    """A child process and the URL that answers once it is ready."""

    name: str
    command: list[str]
    ready_url: str


def child_environment() -> dict[str, str]:
    """The environment of every child: telemetry off, whatever the caller's shell has."""
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def services(model: Path, api_token: str | None, web_origin: str) -> list[Service]:
    """The three processes of a running bot, with Rasa's HTTP API only when a token is given."""
    bin_dir = Path(sys.executable).parent
    rasa = [
        str(bin_dir / "rasa"),
        "run",
        "--model", str(model),
        "--endpoints", "endpoints.yml",
        "--credentials", "credentials.yml",
        "--interface", HOST,
        "--port", str(RASA_PORT),
        "--cors", web_origin,
    ]  # fmt: skip
    if api_token:
        rasa += ["--enable-api", "--auth-token", api_token]
    return [
        Service(
            "action server",
            [sys.executable, "-m", "actions.server", "--host", HOST, "--port", str(ACTION_PORT)],
            f"http://{HOST}:{ACTION_PORT}/health",
        ),
        Service("Rasa", rasa, f"http://{HOST}:{RASA_PORT}/"),
        Service(
            "web chat",
            [sys.executable, "-m", "bot.webchat", "--host", HOST, "--port", str(WEB_PORT)],
            f"http://{HOST}:{WEB_PORT}/",
        ),
    ]


def wait_until_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Poll `url` until it answers, the process dies, or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    return False


def run_all(model: Path, api_token: str | None) -> int:
    """Run until Ctrl-C (or a child dies), then stop every child. Returns an exit code."""
    web_origin = f"http://{HOST}:{WEB_PORT}"
    env = child_environment()
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

    def on_terminate(*_: object) -> None:
        stop_all()
        sys.exit(0)

    signal.signal(signal.SIGTERM, on_terminate)
    try:
        for service in services(model, api_token, web_origin):
            process = subprocess.Popen(service.command, cwd=PROJECT_ROOT, env=env)
            children.append((service, process))
        for service, process in children:
            if not wait_until_ready(service.ready_url, process, timeout=300):
                sys.stderr.write(f"{service.name} did not start; stopping.\n")
                stop_all()
                return 1
        elapsed = time.monotonic() - started
        api_state = "on (token required)" if api_token else "off (set RASA_API_TOKEN to enable)"
        sys.stdout.write(
            f"\nHulproute is ready after {elapsed:.0f} s.\n"
            f"  Web chat:      {web_origin}/\n"
            f"  REST channel:  http://{HOST}:{RASA_PORT}/webhooks/rest/webhook\n"
            f"  Rasa HTTP API: {api_state}\n"
            "Press Ctrl-C to stop.\n"
        )
        sys.stdout.flush()
        while all(process.poll() is None for _, process in children):
            time.sleep(1)
        sys.stderr.write("A process stopped unexpectedly; stopping the others.\n")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all()
