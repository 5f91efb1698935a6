"""Start the real action server, Rasa server and page server as processes: for the end-to-end
tests and the benchmarks (which must not import the tests)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from bot.run.local import rasa_command, wait_until_ready
from bot.settings import PROJECT_ROOT, child_environment


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a started server: this one, telemetry off, plus `extra`."""
    return child_environment(extra)


def start_action_server(
    port: int, log: Path, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
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
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    process = launch_rasa(model, port, action_port, workdir, log, token, cors, extra_env=extra_env)
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
) -> subprocess.Popen[bytes]:
    """Start Rasa without waiting for it (several start faster side by side). With the
    project's endpoints.yml, the action server's port is changed to `action_port`."""
    if endpoints_file is None:
        endpoints = (PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8")
        endpoints = endpoints.replace("127.0.0.1:5055", f"127.0.0.1:{action_port}")
        endpoints_file = workdir / f"endpoints-{port}.yml"
        endpoints_file.write_text(endpoints, encoding="utf-8")
    command = rasa_command(model, port, endpoints_file, PROJECT_ROOT / "credentials.yml", cors=cors)
    environment = env(extra_env)
    environment.pop("RASA_API_TOKEN_FILE", None)
    if token:
        environment["RASA_API_TOKEN"] = token  # the environment, never the command line
    else:
        environment.pop("RASA_API_TOKEN", None)
    if cors:
        environment["HULPROUTE_WEB_ORIGIN"] = cors  # the only origin socket.io accepts
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )


def wait_for_rasa(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    if not wait_until_ready(url, process, timeout=240):
        raise RuntimeError(f"Rasa did not answer on {url}; see {log}")


def stop(*processes: subprocess.Popen[bytes]) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()


def wait_for_web(origin: str, process: subprocess.Popen[bytes]) -> None:
    """Wait until the web page server answers on `origin`."""
    if not wait_until_ready(f"{origin}/", process, timeout=60):
        raise RuntimeError(f"the web page server did not answer on {origin}")


def start_web(
    port: int, rasa_port: int, log: Path, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """The web page server for a Rasa server on `rasa_port`, once it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.run.web", "--port", str(port),
         "--rasa-url", f"http://127.0.0.1:{rasa_port}"],
        cwd=PROJECT_ROOT, env=env(extra_env), stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    wait_for_web(f"http://127.0.0.1:{port}", process)
    return process
