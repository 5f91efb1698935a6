"""Training time: `rasa train` of this project, and the training inside `rasa init`."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bot.run.servers import env
from bot.settings import PROJECT_ROOT
from scripts.bench.compare import BIN


def train_ours(workdir: Path) -> float:
    """Seconds for `rasa train` of this project, as the Makefile's model rule runs it."""
    command = [
        str(BIN / "rasa"), "train", "--domain", "domain", "--fixed-model-name", "bench",
        "--out", str(workdir / "ours-model"), "--force", "--quiet",
    ]  # fmt: skip
    # An empty cache: Rasa would otherwise reuse components trained by `make train`.
    environment = env({"RASA_CACHE_DIRECTORY": str(workdir / "ours-cache")})
    log = workdir / "ours-train.log"
    started = time.perf_counter()
    with log.open("wb") as out:
        done = subprocess.run(
            command, cwd=PROJECT_ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT
        )
    if done.returncode:
        raise RuntimeError(f"rasa train failed; see {log}")
    return time.perf_counter() - started


def init_plain(workdir: Path) -> tuple[Path, float]:
    """A fresh `rasa init --no-prompt` project, and the seconds its training took."""
    project = workdir / "plain"
    project.mkdir()
    command = [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)]
    environment = env(
        {
            "RASA_CACHE_DIRECTORY": str(workdir / "plain-cache"),
            "PYTHONUNBUFFERED": "1",  # its progress lines must arrive when they are printed
        }
    )
    seen: dict[str, float] = {}
    log = workdir / "plain-init.log"
    started = time.monotonic()
    with (
        log.open("w", encoding="utf-8") as out,
        subprocess.Popen(
            command, cwd=workdir, env=environment, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace",
        ) as process,
    ):  # fmt: skip
        assert process.stdout is not None
        for line in process.stdout:
            out.write(line)
            for mark in ("Welcome to Rasa", "Created project directory"):
                if mark in line:
                    seen.setdefault(mark, time.monotonic())
    if process.returncode or not list((project / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init failed; see {log}")
    total = time.monotonic() - started
    # Between these two lines `rasa init` copies its template; everything else is what
    # `rasa train` does too (start the CLI, then train).
    copying = seen["Created project directory"] - seen["Welcome to Rasa"] if len(seen) == 2 else 0.0
    return project, total - copying
