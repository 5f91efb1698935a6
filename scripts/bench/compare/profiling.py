"""A sampling profile (py-spy) of every server process of a bot while 10 users send messages:
the share of each part of the work, and the functions that spend the most time themselves."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

from scripts.bench.compare import BIN
from scripts.bench.compare.bots import Bot
from scripts.bench.compare.load import Conversations, run_level

# py-spy's samples a second.
RATE = 100
USERS = 10


def find_py_spy() -> str | None:
    """py-spy on PATH or next to this Python (a dev dependency), if installed."""
    return shutil.which("py-spy") or (str(BIN / "py-spy") if (BIN / "py-spy").exists() else None)


FRAME = re.compile(r"^(?P<function>\S+) \((?P<file>[^:]*?)(?::\d+)?\)$")
# Leaf frames of a thread that waits for work, not time spent on messages. py-spy cannot tell
# that uvloop's native loop (under Sanic's `serve`) is waiting in epoll: measured on an idle bot,
# every sample of it ends there.
WAITING = (
    "serve (sanic/server/runners.py",
    "_worker (concurrent/futures/thread.py",
    "wait (threading.py",
    "select (selectors.py",
)
# What a sample outside the graph components was doing: the first of these (in this order) that
# a frame's file holds. Samples whose stack py-spy read only in part (it does not stop the
# process) are still told apart by their deepest frames, e.g. jsonschema's recursion.
PARTS = [
    ("jsonschema/", "validating action-server answers (jsonschema)"),
    ("hulproute_rasa/nlg.py", "NLG (rendering responses)"),
    ("rasa/core/nlg/", "NLG (rendering responses)"),
    ("tracker_store", "tracker store"),
    ("rasa/core/actions/", "running actions (incl. calling the action server)"),
    ("(rasa/", "Rasa core (processor, trackers, events)"),
    ("hulproute_rasa/channels.py", "REST channel"),
    ("sanic/", "web server (Sanic, HTTP, JSON)"),
    ("json/", "web server (Sanic, HTTP, JSON)"),
]


def short(frame: str) -> str:
    """`rank (bot/intent_classifier.py:80)` -> `bot/intent_classifier.py rank`."""
    found = FRAME.match(frame)
    return f"{found.group('file')} {found.group('function')}" if found else frame


def ours_or_rasa(frame: str) -> bool:
    return any(f"({root}" in frame for root in ("bot/", "hulproute_rasa/", "actions/", "rasa"))


def categorise(frames: list[str]) -> str | None:
    """What a sample (root first) was doing: the graph component running, named by its first
    frame in the project's core (bot/) if it calls one, or the action running, or the part of
    the request (PARTS); None for a thread waiting for work."""
    if frames[-1].startswith(WAITING):
        return None
    for i, frame in enumerate(frames):
        if "rasa/engine/graph.py" in frame and frame.startswith("__call__") and i + 1 < len(frames):
            inner = frames[i + 1 :]
            chosen = next((f for f in inner if "(bot/" in f), inner[0])
            return "graph: " + short(chosen)
    for frame in frames:
        if "(actions/" in frame and "actions/server.py" not in frame:
            inner = frames[frames.index(frame) :]
            return "action: " + short(next((f for f in inner if "(bot/" in f), frame))
    for needle, part in PARTS:
        if any(needle in frame for frame in frames):
            return part
    return "other (event loop, native code)"


def run_profiles(
    bot: Bot,
    py_spy: str,
    conversations: Conversations,
    seconds: float,
    workdir: Path,
    name: str,
) -> dict[str, Any]:
    """py-spy on every server process while USERS users send messages (measured nowhere
    else): the share of each part of the work, and the functions that spend the most themselves."""
    spies = {}
    for role, process in bot.processes.items():
        out = workdir / f"{name}-{role.replace(' ', '-')}.pyspy"
        command = [
            py_spy, "record", "--pid", str(process.pid), "--rate", str(RATE),
            "--duration", str(int(seconds)), "--format", "raw", "--nonblocking",
            "--output", str(out),
        ]  # fmt: skip
        spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        spies[role] = (spy, out)
    time.sleep(0.5)  # py-spy attaches
    results, elapsed = asyncio.run(run_level(bot.url, conversations, USERS, seconds))
    profile: dict[str, Any] = {
        "messages": len(results),
        "seconds": round(elapsed, 1),
        "users": USERS,
        "samples_per_second": RATE,
    }
    for role, (spy, out) in spies.items():
        spy.wait(timeout=seconds + 60)
        parts: Counter[str] = Counter()
        hot: Counter[str] = Counter()
        text = out.read_text(encoding="utf-8", errors="replace") if out.exists() else ""
        for line in text.splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
            part = categorise(frames) if frames else None
            if part is None:
                continue
            parts[part] += int(count)
            caller = next((f for f in reversed(frames[:-1]) if ours_or_rasa(f)), None)
            leaf = short(frames[-1]) + (f" (in {short(caller)})" if caller else "")
            hot[leaf] += int(count)
        busy = sum(parts.values())
        profile[role] = {
            # Samples of threads doing something, per sampling tick: 1.0 is one core's worth.
            "busy_threads": round(busy / (RATE * seconds), 2),
            "samples": busy,
            "cpu_ms_per_message": round(busy / RATE * 1000 / max(1, len(results)), 1),
            "by_part": {k: round(v / busy, 3) for k, v in parts.most_common(12)} if busy else {},
            "hottest": {k: round(v / busy, 3) for k, v in hot.most_common(6)} if busy else {},
        }
    return profile
