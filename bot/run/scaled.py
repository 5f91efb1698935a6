"""`hulproute scale-out`: N Rasa replicas and M action servers behind nginx, under supervisord.

The replicas share their conversations and a lock per conversation through Redis
(deploy/endpoints.yml), and the help directory and statistics through `DATABASE_URL` (e.g. the
local PostgreSQL). nginx (deploy/nginx.conf.template) is the one front door: the web chat,
Rasa's REST channel and socket.io, spread over the replicas; a second loopback-only port spreads
the replicas' action calls over the action servers. supervisord (deploy/supervisord.conf)
starts every process and restarts any that dies. See docs/scale-out.md.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bot.run.local import rasa_command, wait_until_ready
from bot.settings import PROJECT_ROOT, Settings, child_environment

DEPLOY = PROJECT_ROOT / "deploy"
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Layout:
    """Where everything listens. Rasa replica n is on `rasa_port_prefix` + two digits of n."""

    rasa_replicas: int = 2
    action_replicas: int = 2
    proxy_port: int = 8000
    action_proxy_port: int = 5050
    web_port: int = 8080
    rasa_port_prefix: str = "51"
    action_port_prefix: str = "52"

    def __post_init__(self) -> None:
        for name in ("rasa_replicas", "action_replicas"):
            if not 1 <= getattr(self, name) <= 99:
                raise ValueError(f"{name} must be between 1 and 99")

    @property
    def rasa_ports(self) -> list[int]:
        return [int(f"{self.rasa_port_prefix}{n:02d}") for n in range(self.rasa_replicas)]

    @property
    def action_ports(self) -> list[int]:
        return [int(f"{self.action_port_prefix}{n:02d}") for n in range(self.action_replicas)]

    @property
    def origin(self) -> str:
        """The address people use (the proxy)."""
        return f"http://{HOST}:{self.proxy_port}"


def render_nginx_config(layout: Layout, run_dir: Path) -> str:
    """deploy/nginx.conf.template with this layout's ports filled in."""
    template = (DEPLOY / "nginx.conf.template").read_text(encoding="utf-8")

    def servers(ports: list[int]) -> str:
        # max_fails=0: never mark a replica as down. A refused connection on the loopback costs
        # well under a millisecond before nginx tries the next one, while a replica marked down
        # stays skipped even after it is back, and with every replica marked down (as at
        # start-up, or one restarting while another was marked) nginx answers 502 to everyone.
        return "\n".join(f"        server {HOST}:{port} max_fails=0;" for port in ports)

    values = {
        "RUN_DIR": str(run_dir),
        "RASA_SERVERS": servers(layout.rasa_ports),
        "ACTION_SERVERS": servers(layout.action_ports),
        "LISTEN": f"{HOST}:{layout.proxy_port}",
        "ACTION_LISTEN": f"{HOST}:{layout.action_proxy_port}",
        "WEB_CHAT": f"{HOST}:{layout.web_port}",
    }
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    if "{{" in template:
        raise ValueError("deploy/nginx.conf.template has a value this code does not fill in")
    return template


def redis_settings(settings: Settings) -> dict[str, str]:
    """REDIS_HOST / REDIS_PORT / REDIS_DB for deploy/endpoints.yml, from the settings."""
    return {
        "REDIS_HOST": settings.redis_host,
        "REDIS_PORT": str(settings.redis_port),
        "REDIS_DB": str(settings.redis_db),
    }


def supervised_environment(
    layout: Layout, model: Path, run_dir: Path, nginx: str
) -> dict[str, str]:
    """Everything deploy/supervisord.conf and deploy/endpoints.yml read from the environment."""
    env = child_environment(redis_settings(Settings.from_env()))
    # Every replica signs and checks the web chat's resume keys with the same secret, so a
    # page that reconnects through another replica gets its conversation back.
    env.setdefault("HULPROUTE_SESSION_SECRET", secrets.token_hex(32))
    # ... and turn a Telegram chat or WhatsApp number into the same conversation id.
    env.setdefault("HULPROUTE_PSEUDONYM_SECRET", secrets.token_hex(32))
    # ... and count each conversation's messages together (nginx spreads them over replicas).
    env["HULPROUTE_SHARED_LIMITS"] = "true"
    env.update(
        {
            "HULPROUTE_ROOT": str(PROJECT_ROOT),
            "HULPROUTE_RUN_DIR": str(run_dir),
            "HULPROUTE_PYTHON": sys.executable,
            "HULPROUTE_NGINX": nginx,
            "HULPROUTE_MODEL": str(model.resolve()),
            "HULPROUTE_RASA_REPLICAS": str(layout.rasa_replicas),
            "HULPROUTE_ACTION_REPLICAS": str(layout.action_replicas),
            "HULPROUTE_RASA_PORT_PREFIX": layout.rasa_port_prefix,
            "HULPROUTE_ACTION_PORT_PREFIX": layout.action_port_prefix,
            "HULPROUTE_WEB_PORT": str(layout.web_port),
            "HULPROUTE_WEB_ORIGIN": layout.origin,
            "HULPROUTE_ACTION_URL": f"http://{HOST}:{layout.action_proxy_port}/webhook",
            "RASA_TELEMETRY_ENABLED": "false",
        }
    )
    return env


def find_nginx() -> str | None:
    """nginx on PATH, or where Debian installs it (/usr/sbin is not on every user's PATH)."""
    debian = Path("/usr/sbin/nginx")
    return shutil.which("nginx") or (str(debian) if debian.exists() else None)


def redis_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start(layout: Layout, model: Path, run_dir: Path) -> subprocess.Popen[bytes]:
    """Render the nginx configuration and start supervisord; returns its process.

    Raises RuntimeError with what is missing (nginx, Redis)."""
    nginx = find_nginx()
    if nginx is None:
        raise RuntimeError("nginx is not installed (Debian: apt-get install nginx)")
    env = supervised_environment(layout, model, run_dir, nginx)
    if not redis_answers(env["REDIS_HOST"], int(env["REDIS_PORT"])):
        raise RuntimeError(f"no Redis answers on {env['REDIS_HOST']}:{env['REDIS_PORT']}")
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "nginx.conf").write_text(render_nginx_config(layout, run_dir), encoding="utf-8")
    supervisord = Path(sys.executable).parent / "supervisord"
    command = [str(supervisord), "-n", "-c", str(DEPLOY / "supervisord.conf")]
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)


def ready_url(layout: Layout) -> str:
    return f"{layout.origin}/webhooks/rest/webhook"


def run(layout: Layout, model: Path, run_dir: Path) -> int:
    """Start everything, wait until a message is answered through the proxy, run until Ctrl-C."""
    started = time.monotonic()
    try:
        process = start(layout, model, run_dir)
    except RuntimeError as error:
        sys.stderr.write(f"cannot scale out: {error}\n")
        return 1
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if not wait_until_ready(ready_url(layout), process, timeout=300):
        sys.stderr.write(f"not ready after 300 s; see the logs in {run_dir}\n")
        stop()
        process.wait(timeout=60)
        return 1
    sys.stdout.write(
        f"\nHulproute is ready after {time.monotonic() - started:.0f} s: "
        f"{layout.rasa_replicas} Rasa replicas, {layout.action_replicas} action servers.\n"
        f"  Web chat and REST channel: {layout.origin}/\n"
        f"  Logs: {run_dir}\n"
        "Press Ctrl-C to stop.\n"
    )
    sys.stdout.flush()
    code = process.wait()
    return 0 if stopping else code


def default_run_dir() -> Path:
    """Where scale-out keeps its logs and runtime files (HULPROUTE_RUN_DIR)."""
    return Settings.from_env().run_dir


def rasa_replica_command(model: Path, port: int, web_origin: str) -> list[str]:
    """The command of one Rasa replica: the same Rasa command line as `make run`
    (bot.run.local.rasa_command), with the shared endpoints (Redis) of deploy/endpoints.yml."""
    return rasa_command(
        model, port, DEPLOY / "endpoints.yml", PROJECT_ROOT / "credentials.yml", cors=web_origin
    )


def main(argv: list[str] | None = None) -> None:
    """`python -m bot.run.scaled rasa-replica --model M --port P --origin O`: what supervisord
    starts for each Rasa replica (deploy/supervisord.conf names only what differs per replica)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("what", choices=["rasa-replica"])
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--origin", required=True)
    args = parser.parse_args(argv)
    command = rasa_replica_command(args.model, args.port, args.origin)
    os.execv(command[0], command)  # supervisord supervises Rasa itself, not a wrapper


if __name__ == "__main__":
    main()
