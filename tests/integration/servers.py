"""Start the real action server and Rasa server as processes, for end-to-end tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.supervisor import wait_until_ready

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    e = dict(os.environ)
    e["RASA_TELEMETRY_ENABLED"] = "false"
    e["TF_CPP_MIN_LOG_LEVEL"] = "2"
    e.update(extra or {})
    return e


def start_action_server(
    port: int, log: Path, extra_env: dict[str, str] | None = None
) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "actions.server", "--port", str(port)],
        cwd=PROJECT_ROOT, env=env(extra_env), stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    if not wait_until_ready(f"http://127.0.0.1:{port}/health", process, timeout=240):
        raise RuntimeError(f"the action server did not start; see {log}")
    return process


def start_rasa(
    model: Path,
    port: int,
    action_port: int,
    workdir: Path,
    log: Path,
    token: str | None,
    cors: str | None = None,
) -> subprocess.Popen:
    process = launch_rasa(model, port, action_port, workdir, log, token, cors)
    wait_for_rasa(process, port, log)
    return process


def launch_rasa(
    model: Path,
    port: int,
    action_port: int | None,
    workdir: Path,
    log: Path,
    token: str | None = None,
    cors: str | None = None,
    endpoints_file: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """Start Rasa without waiting for it (several start faster side by side). With the
    project's endpoints.yml, the action server's port is changed to `action_port`."""
    if endpoints_file is None:
        endpoints = (PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8")
        endpoints = endpoints.replace("127.0.0.1:5055", f"127.0.0.1:{action_port}")
        endpoints_file = workdir / f"endpoints-{port}.yml"
        endpoints_file.write_text(endpoints, encoding="utf-8")
    command = [
        str(BIN / "rasa"), "run", "--model", str(model),
        "--endpoints", str(endpoints_file),
        "--credentials", str(PROJECT_ROOT / "credentials.yml"),
        "--interface", "127.0.0.1", "--port", str(port),
        "--quiet",  # the log level the project sets (bot/supervisor.py does the same)
    ]  # fmt: skip
    if token:
        command += ["--enable-api", "--auth-token", token]
    environment = env(extra_env)
    if cors:
        command += ["--cors", cors]
        environment["HULPROUTE_WEB_ORIGIN"] = cors  # the only origin socket.io accepts
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def wait_for_rasa(process: subprocess.Popen, port: int, log: Path) -> None:
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    if not wait_until_ready(url, process, timeout=240):
        raise RuntimeError(f"Rasa did not answer on {url}; see {log}")


def stop(*processes: subprocess.Popen) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()


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
