"""Starting the two bots as servers, and how long each process took to answer."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.run.local import wait_until_ready
from bot.run.servers import env, free_port, start_action_server, start_rasa, stop
from scripts.bench.compare import BIN


class Bot:
    """One bot's running server processes, their logs and how long they took to be ready."""

    def __init__(
        self,
        url: str,
        processes: dict[str, subprocess.Popen[bytes]],
        logs: dict[str, Path],
        launched: float,
        ready: dict[str, float],
    ) -> None:
        self.url = url
        self.processes = processes
        self.logs = logs
        self.launched = launched  # time.time() just before the first process was launched
        self.ready = ready  # role -> seconds from launch until it answered

    def stop(self) -> None:
        stop(*self.processes.values())


def start_ours(model: Path, workdir: Path, extra_env: dict[str, str]) -> Bot:
    """The action server and Rasa launched together, as `make run` does; ready when both are.
    bot.run.servers' start functions each launch and then wait, so each runs in a thread."""
    action_port, rasa_port = free_port(), free_port()
    logs = {"Rasa": workdir / "ours-rasa.log", "action server": workdir / "ours-actions.log"}
    launched, began = time.time(), time.monotonic()

    def timed(start: Callable[..., subprocess.Popen[bytes]], *args: Any, **kwargs: Any) -> Any:
        process = start(*args, **kwargs)
        return process, time.monotonic() - began

    with ThreadPoolExecutor(2) as pool:
        actions = pool.submit(
            timed, start_action_server, action_port, logs["action server"], extra_env
        )
        rasa = pool.submit(
            timed, start_rasa, model, rasa_port, action_port, workdir, logs["Rasa"], None,
            extra_env=extra_env,
        )  # fmt: skip
        (action_process, action_ready), (rasa_process, rasa_ready) = (
            actions.result(),
            rasa.result(),
        )
    return Bot(
        f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
        {"Rasa": rasa_process, "action server": action_process},
        logs,
        launched,
        {"Rasa": rasa_ready, "action server": action_ready},
    )


def start_plain(project: Path, workdir: Path, extra_env: dict[str, str]) -> Bot:
    """`rasa run` of the `rasa init` project (no action server: its actions are all responses),
    with the options ours has: its own credentials.yml and endpoints.yml, no HTTP API, --quiet."""
    port = free_port()
    command = [
        str(BIN / "rasa"), "run", "--model", str(project / "models"),
        "--endpoints", str(project / "endpoints.yml"),
        "--credentials", str(project / "credentials.yml"),
        "--interface", "127.0.0.1", "--port", str(port), "--quiet",
    ]  # fmt: skip
    log = workdir / "plain-rasa.log"
    launched, began = time.time(), time.monotonic()
    process = subprocess.Popen(
        command, cwd=project, env=env(extra_env), stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    if not wait_until_ready(url, process, timeout=240):
        raise RuntimeError(f"plain Rasa did not answer on {url}; see {log}")
    return Bot(url, {"Rasa": process}, {"Rasa": log}, launched, {"Rasa": time.monotonic() - began})
