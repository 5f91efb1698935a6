"""`make bench`: this bot against a plain Rasa 3.6 assistant (`rasa init`), same machine, same load.

One bot after the other, never both at once (the machine has two cores), each measured the
same way:

1. Training time. Ours: `rasa train` of this project as the Makefile's model rule runs it, into
   a temporary --out directory, with --force and an empty Rasa training cache. Plain Rasa: the
   training `rasa init --no-prompt` does when it creates the default project in a temporary
   directory (the init's only other work, copying the template, is timed from its output and
   subtracted), so the plain model is trained once, not twice.
2. Start-up to ready: from launching the processes (ours: the action server and Rasa at once, as
   `make run` does; plain: `rasa run`, its default project has no custom actions) until a message
   is answered, as bot.run.local defines ready. Then a second, instrumented start-up says where
   that time goes: imports per package (`python -X importtime`), unpacking the model archive,
   loading each graph component (for TensorFlow models also the one training step Rasa runs to
   build the network, loading the weights and the first inference), and the first message. The
   instrument is a sitecustomize module on PYTHONPATH that times those Rasa and Keras methods
   from outside; nothing in the bot changes.
3. Load over the REST channel: C = 1, 10 and 50 virtual users, each sending a message, waiting
   for the answer and sending the next at once (no think time), for --seconds per level, with a
   new conversation (sender id) every 6 messages because our channel rate-limits each
   conversation (credentials.yml: burst 10, then 30 a minute); plain Rasa gets the same shape.
   Ours gets bench_load.py's twelve-language mix without a language hint, so language
   detection, the NLG, place resolution, the custom action and the directory lookup all run;
   plain Rasa gets English conversations along the stories of its moodbot. Latency p50/p95/p99,
   answered messages per second, errors (status not 200, timeout, empty answer).
4. Memory: the resident set (VmRSS) summed over each bot's process tree, sampled every 0.5 s
   from ready to the end of the last level; the peak is reported.
5. Place resolution and directory lookup at p95, in process (bench_directory's measurement).
6. With py-spy on PATH (`pip install py-spy`; it is not a project dependency): a sampling
   profile of every server process of each bot for --profile-seconds at 10 users, after the
   measured levels, summed by graph component and by part of the request.

Results: section `bench` of docs/benchmarks.md, the plot docs/benchmarks-vs-rasa.png and the raw
numbers in docs/benchmarks-vs-rasa.json.

Usage: .venv/bin/python scripts/bench_compare.py --model models/<hash>.tar.gz [--seconds 30]
       [--levels 1,10,50] [--warmup 5] [--profile-seconds 10]
       [--plain-project DIR] [--skip-training]     (these two for quick trials: no training)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiohttp
from bench_directory import measure as measure_directory
from bench_load import EXTRA, messages_for, percentile
from benchmark_doc import DOC, markers, write_section

from bot.find_help.directory.lookup import DirectoryLookup
from bot.find_help.places import PlaceIndex
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.run.local import wait_until_ready
from bot.run.servers import env, free_port, start_action_server, start_rasa, stop  # noqa: E402
from bot.settings import PROJECT_ROOT

BIN = Path(sys.executable).parent
DOCS = PROJECT_ROOT / "docs"
PLOT = DOCS / "benchmarks-vs-rasa.png"
RAW = DOCS / "benchmarks-vs-rasa.json"
START, END = markers("bench")
OURS, PLAIN = "this bot", "plain Rasa"

# credentials.yml lets a conversation send 10 messages at once, then 30 a minute: a virtual user
# that never pauses must start a new conversation before it hits that limit.
MESSAGES_PER_CONVERSATION = 6
REQUEST_TIMEOUT = 30
# The messages of bench_load's mix that ask for help in a town: NLU gazetteer, the find-help
# action, place resolution and the directory lookup.
FIND_HELP = {"help in Eindhoven", "hulp in Zwolle", "مساعدة في أمستردام"} & set(EXTRA)
# Plain Rasa's conversations: its moodbot's stories and rules, six messages each. Random moodbot
# messages would not do: off its stories the moodbot answered nothing to one message in eight (an
# empty answer, an error here), while ours always answers.
PLAIN_CONVERSATIONS = [
    ["hi", "I am sad", "yes", "are you a bot?", "bye", "hello"],
    ["hello", "great", "are you a bot?", "bye", "hi", "perfect"],
    ["good morning", "I am very unhappy", "no", "hi", "great", "bye"],
    ["hey there", "not good", "not really", "are you a bot?", "hello", "I am feeling very good"],
    ["hi", "perfect", "am I talking to a human?", "see you later", "hello", "I am sad"],
]

# The targets.
P95_RATIO_AT_10 = 1.2
THROUGHPUT_RATIO_AT_50 = 0.8
STARTUP_SECONDS = 30.0
DIRECTORY_P95_MS = 5.0
MEMORY_BYTES = 2 * 1024**3

# Loaded as `sitecustomize` into the servers of the instrumented start-up only. It wraps
# importlib's _find_and_load (which the interpreter looks up on every import) to record the
# outermost imports, and patches the methods named in BENCH_TRACE_TARGETS as soon as their
# module is imported; every call becomes one JSON line in BENCH_TRACE.
TRACE_HOOK = r"""
import functools, importlib._bootstrap as _bootstrap, inspect, json, os, threading, time

_out = open(os.environ["BENCH_TRACE"], "a", buffering=1)
_targets = json.loads(os.environ.get("BENCH_TRACE_TARGETS", "{}"))
_local = threading.local()


def _record(kind, label, start, end):
    line = {"pid": os.getpid(), "kind": kind, "label": label, "start": start, "end": end}
    _out.write(json.dumps(line) + "\n")


def _timed(function, label):
    if inspect.iscoroutinefunction(function):
        async def wrapper(*args, **kwargs):
            start = time.time()
            try:
                return await function(*args, **kwargs)
            finally:
                _record("span", label.format(self=args[0]), start, time.time())
    else:
        def wrapper(*args, **kwargs):
            start = time.time()
            try:
                return function(*args, **kwargs)
            finally:
                _record("span", label.format(self=args[0]), start, time.time())
    return functools.wraps(function)(wrapper)


def _patch(module, targets):
    for qualname, label in targets:
        owner_name, _, method = qualname.rpartition(".")
        owner = getattr(module, owner_name, None)
        raw = owner.__dict__.get(method) if owner is not None else None
        if isinstance(raw, classmethod):
            setattr(owner, method, classmethod(_timed(raw.__func__, label)))
        elif callable(raw):
            setattr(owner, method, _timed(raw, label))


_original = _bootstrap._find_and_load


def _find_and_load(name, import_):
    depth = getattr(_local, "depth", 0)
    _local.depth = depth + 1
    start = time.time()
    try:
        module = _original(name, import_)
    finally:
        _local.depth = depth
        if depth == 0:
            _record("import", name, start, time.time())
    if name in _targets:
        _patch(module, _targets.pop(name))
    return module


_bootstrap._find_and_load = _find_and_load
_record("interpreter", "started", time.time(), time.time())
"""
# What the instrumented start-up times: module -> [(Class.method, label)]; labels are formatted
# with the instance (or class) as `self`.
TRACE_TARGETS = {
    "rasa.engine.storage.local_model_storage": [
        ("LocalModelStorage.from_model_archive", "unpacking the model archive")
    ],
    "rasa.engine.graph": [
        ("GraphNode._load_component", "loading {self._component_class.__name__}")
    ],
    "keras.engine.training": [
        ("Model.fit", "tf:one training step to build the network"),
        ("Model.load_weights", "tf:loading the weights"),
    ],
    "rasa.utils.tensorflow.models": [("RasaModel.run_inference", "tf:first inference")],
    "rasa.core.processor": [("MessageProcessor.handle_message", "first message")],
}


# --- processes -------------------------------------------------------------------------------
def parents() -> dict[int, int]:
    """pid -> parent pid of every live (not zombie) process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # the command name may hold spaces
        if fields[0] != "Z":
            found[int(entry.name)] = int(fields[1])
    return found


def process_tree(roots: list[int]) -> list[int]:
    """The roots and all their descendants."""
    children: dict[int, list[int]] = defaultdict(list)
    for pid, ppid in parents().items():
        children[ppid].append(pid)
    tree, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def rss_bytes(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) * 1024 if found else 0


class MemorySampler(threading.Thread):
    """Samples the summed VmRSS of the process trees of `roles` every half second."""

    def __init__(self, roles: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.roles = roles
        self.peak = 0
        self.peak_by_role: dict[str, int] = {}
        self.after_ready = 0
        self._done = threading.Event()

    def sample(self) -> int:
        by_role = {
            role: sum(map(rss_bytes, process_tree([pid]))) for role, pid in self.roles.items()
        }
        total = sum(by_role.values())
        if total > self.peak:
            self.peak, self.peak_by_role = total, by_role
        return total

    def run(self) -> None:
        self.after_ready = self.sample()
        while not self._done.wait(0.5):
            self.sample()

    def stop(self) -> None:
        self._done.set()
        self.join()
        self.sample()


def stop_own_children() -> None:
    """Stop whatever this script started that still runs (a server whose start failed is not
    returned by its start function): by pid, only children of this process."""
    mine = [pid for pid, ppid in parents().items() if ppid == os.getpid()]
    for pid in mine:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for pid in mine:
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    break
            if not Path(f"/proc/{pid}").exists():
                break
            time.sleep(0.2)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


class Bot:
    """One bot's running server processes, their logs and how long they took to be ready."""

    def __init__(
        self,
        url: str,
        processes: dict[str, subprocess.Popen],
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


def start_ours(model: Path, workdir: Path) -> Bot:
    """The action server and Rasa launched together, as `make run` does; ready when both are.
    The integration tests' start functions each launch and then wait, so each runs in a thread."""
    action_port, rasa_port = free_port(), free_port()
    logs = {"Rasa": workdir / "ours-rasa.log", "action server": workdir / "ours-actions.log"}
    launched, began = time.time(), time.monotonic()

    def timed(start: Callable[..., subprocess.Popen], *args: Any) -> tuple[Any, float]:
        process = start(*args)
        return process, time.monotonic() - began

    # The bot's global message limit (20 a second by default) would refuse most of the load at
    # 50 users: raised for this run, so the comparison measures the servers, not the limit.
    os.environ["HULPROUTE_GLOBAL_MESSAGES_PER_SECOND"] = "100000"
    os.environ["HULPROUTE_GLOBAL_MESSAGE_BURST"] = "100000"
    with ThreadPoolExecutor(2) as pool:
        actions = pool.submit(timed, start_action_server, action_port, logs["action server"])
        rasa = pool.submit(
            timed, start_rasa, model, rasa_port, action_port, workdir, logs["Rasa"], None
        )
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


def start_plain(project: Path, workdir: Path) -> Bot:
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
        command, cwd=project, env=env(), stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    if not wait_until_ready(url, process, timeout=240):
        raise RuntimeError(f"plain Rasa did not answer on {url}; see {log}")
    return Bot(url, {"Rasa": process}, {"Rasa": log}, launched, {"Rasa": time.monotonic() - began})


@contextlib.contextmanager
def instrumented(trace: Path) -> Iterator[None]:
    """Servers started inside carry the start-up trace (see TRACE_HOOK) and -X importtime."""
    hook_dir = trace.parent / "trace-hook"
    hook_dir.mkdir(exist_ok=True)
    (hook_dir / "sitecustomize.py").write_text(TRACE_HOOK, encoding="utf-8")
    extra = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(hook_dir), os.environ.get("PYTHONPATH")])),
        "PYTHONPROFILEIMPORTTIME": "1",
        "BENCH_TRACE": str(trace),
        "BENCH_TRACE_TARGETS": json.dumps(TRACE_TARGETS),
    }
    saved = {key: os.environ.get(key) for key in extra}
    os.environ.update(extra)  # the start functions pass os.environ on to the servers
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# --- training --------------------------------------------------------------------------------
def train_ours(workdir: Path) -> float:
    """Seconds for `rasa train` of this project, as the Makefile's model rule runs it."""
    command = [
        str(BIN / "rasa"), "train", "--domain", "domain", "--fixed-model-name", "bench",
        "--out", str(workdir / "ours-model"), "--force", "--quiet",
    ]  # fmt: skip
    # An empty cache: Rasa would otherwise reuse components trained by `make train`.
    environment = {**env(), "RASA_CACHE_DIRECTORY": str(workdir / "ours-cache")}
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
    environment = {
        **env(),
        "RASA_CACHE_DIRECTORY": str(workdir / "plain-cache"),
        "PYTHONUNBUFFERED": "1",  # its progress lines must arrive when they are printed
    }
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


# --- load ------------------------------------------------------------------------------------
def answered(status: int, answer: Any) -> bool:
    """200 with at least one message, each with text or an image (the moodbot sends one)."""
    return (
        status == 200
        and isinstance(answer, list)
        and bool(answer)
        and all(isinstance(m, dict) and (m.get("text") or m.get("image")) for m in answer)
    )


async def send(
    session: aiohttp.ClientSession, url: str, sender: str, message: str
) -> tuple[float, str]:
    """Latency in seconds and "ok", "status", "timeout" or "empty"."""
    started = time.perf_counter()
    try:
        body = {"sender": sender, "message": message}
        async with session.post(
            url, json=body, timeout=aiohttp.ClientTimeout(REQUEST_TIMEOUT)
        ) as r:
            answer = await r.json(content_type=None)
            outcome = (
                "ok" if answered(r.status, answer) else "status" if r.status != 200 else "empty"
            )
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        outcome = "timeout"
    return time.perf_counter() - started, outcome


Conversations = Callable[[random.Random], list[str]]


async def virtual_user(
    session: aiohttp.ClientSession,
    url: str,
    conversations: Conversations,
    until: float,
    results: list,
) -> None:
    """Message, answer, next message at once; a new conversation (sender) every few messages."""
    rng = random.Random()
    while time.monotonic() < until:
        sender = uuid.uuid4().hex
        for message in conversations(rng)[:MESSAGES_PER_CONVERSATION]:
            if time.monotonic() >= until:
                return
            seconds, outcome = await send(session, url, sender, message)
            results.append((seconds, outcome, message in FIND_HELP))


def conversations_for(bot: str) -> Conversations:
    """Ours: each conversation in one of the twelve languages, messages drawn from bench_load's
    pool for it; plain: one of its story-shaped conversations."""
    if bot == PLAIN:
        return lambda rng: rng.choice(PLAIN_CONVERSATIONS)
    pools = [messages_for(language) for language in SUPPORTED_LANGUAGES]
    return lambda rng: rng.choices(rng.choice(pools), k=MESSAGES_PER_CONVERSATION)


async def load(
    url: str, conversations: Conversations, users: int, seconds: float
) -> tuple[list, float]:
    results: list = []
    connector = aiohttp.TCPConnector(limit=0)  # one connection per user, as separate clients
    async with aiohttp.ClientSession(connector=connector) as session:
        began = time.monotonic()
        await asyncio.gather(
            *(
                virtual_user(session, url, conversations, began + seconds, results)
                for _ in range(users)
            )
        )
        return results, time.monotonic() - began


def summarise(results: list, elapsed: float) -> dict[str, Any]:
    latencies = [seconds * 1000 for seconds, _, _ in results]
    outcomes = Counter(outcome for _, outcome, _ in results)
    help_ms = [seconds * 1000 for seconds, _, find_help in results if find_help]
    return {
        "messages": len(results),
        "answered": outcomes["ok"],
        "errors": len(results) - outcomes["ok"],
        "errors_by_kind": {k: v for k, v in outcomes.items() if k != "ok"},
        "seconds": round(elapsed, 1),
        "per_second": round(outcomes["ok"] / elapsed, 2),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "find_help_messages": len(help_ms),
        "find_help_p95_ms": round(percentile(help_ms, 95), 1) if help_ms else None,
    }


# --- profiles --------------------------------------------------------------------------------
def read_trace(trace: Path) -> dict[int, list[dict[str, Any]]]:
    by_pid: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if trace.exists():
        for line in trace.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_pid[record["pid"]].append(record)
    return by_pid


def merged(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def overlap(intervals: list[tuple[float, float]], start: float, end: float) -> float:
    return sum(max(0.0, min(e, end) - max(s, start)) for s, e in intervals)


def import_seconds_by_package(log: Path) -> dict[str, float]:
    """`-X importtime` self time summed per top-level package (each module counted once)."""
    totals: dict[str, float] = defaultdict(float)
    pattern = re.compile(r"^import time:\s+(\d+) \|\s+\d+ \|(\s*)(\S+)")
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        found = pattern.match(line)
        if found:
            totals[found.group(3).split(".")[0]] += int(found.group(1)) / 1e6
    return dict(totals)


def startup_breakdown(bot: Bot, records: dict[int, list]) -> dict[str, Any]:
    """Seconds per phase of each process, from launch to ready, without double counting:
    imports done while a component loads count as imports."""
    result: dict[str, Any] = {}
    for role, process in bot.processes.items():
        ready_at = bot.launched + bot.ready[role]
        own = [r for r in records.get(process.pid, []) if r["start"] <= ready_at]
        imports = merged(
            [(r["start"], min(r["end"], ready_at)) for r in own if r["kind"] == "import"]
        )
        phases: dict[str, float] = {}
        begun = [r["start"] for r in own if r["kind"] == "interpreter"]
        if begun:
            phases["starting the Python interpreter"] = begun[0] - bot.launched
        phases["imports"] = sum(end - start for start, end in imports)
        spans = [r for r in own if r["kind"] == "span"]
        details: dict[str, dict[str, float]] = {}
        first_message_done = False
        for span in spans:
            label, start, end = span["label"], span["start"], min(span["end"], ready_at)
            seconds = max(0.0, end - start - overlap(imports, start, end))
            if label == "first message":
                if first_message_done:
                    continue
                first_message_done = True
            if label.startswith("tf:"):
                # Inside a component's loading: shown as its parts, already counted there. Later
                # inferences (while answering the first message) belong to that message.
                owner = next(
                    (s["label"] for s in spans if s["label"].startswith("loading ")
                     and s["start"] <= start and s["end"] >= span["end"]),
                    None,
                )  # fmt: skip
                if owner:
                    part = details.setdefault(owner, {})
                    part[label[3:]] = part.get(label[3:], 0.0) + seconds
                continue
            phases[label] = phases.get(label, 0.0) + seconds
        total = bot.ready[role]
        phases["other (CLI, web server, channels, endpoints, readiness polling)"] = total - sum(
            phases.values()
        )
        packages = sorted(import_seconds_by_package(bot.logs[role]).items(), key=lambda kv: -kv[1])
        top = dict(packages[:8])
        top["other packages"] = sum(seconds for _, seconds in packages[8:])
        result[role] = {
            "total_s": round(total, 2),
            "phases_s": {k: round(v, 2) for k, v in phases.items()},
            "tf_parts_s": {k: {p: round(s, 2) for p, s in v.items()} for k, v in details.items()},
            "imports_by_package_s": {k: round(v, 2) for k, v in top.items()},
        }
    return result


def find_py_spy() -> str | None:
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
    """py-spy on every server process while 10 users send messages (measured nowhere else):
    the share of each part of the work, and the functions that spend the most themselves."""
    rate = 100
    spies = {}
    for role, process in bot.processes.items():
        out = workdir / f"{name}-{role.replace(' ', '-')}.pyspy"
        command = [
            py_spy, "record", "--pid", str(process.pid), "--rate", str(rate),
            "--duration", str(int(seconds)), "--format", "raw", "--nonblocking",
            "--output", str(out),
        ]  # fmt: skip
        spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        spies[role] = (spy, out)
    time.sleep(0.5)  # py-spy attaches
    results, elapsed = asyncio.run(load(bot.url, conversations, 10, seconds))
    profile: dict[str, Any] = {"messages": len(results), "seconds": round(elapsed, 1)}
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
            "busy_threads": round(busy / (rate * seconds), 2),
            "samples": busy,
            "cpu_ms_per_message": round(busy / rate * 1000 / max(1, len(results)), 1),
            "by_part": {k: round(v / busy, 3) for k, v in parts.most_common(12)} if busy else {},
            "hottest": {k: round(v / busy, 3) for k, v in hot.most_common(6)} if busy else {},
        }
    return profile


# --- one bot ---------------------------------------------------------------------------------
def measure_bot(
    name: str, start: Callable[[], Bot], args: argparse.Namespace, workdir: Path
) -> dict[str, Any]:
    """Start-up, load levels, memory and profile of one bot; every process stopped after."""
    out: dict[str, Any] = {"levels": {}}
    bot = start()
    sampler = MemorySampler({role: p.pid for role, p in bot.processes.items()})
    sampler.start()
    try:
        out["startup_s"] = round(max(bot.ready.values()), 2)
        out["startup_by_process_s"] = {k: round(v, 2) for k, v in bot.ready.items()}
        if name == OURS:
            # The action server builds its place index at the first help request, not at
            # start-up: the first user to ask for help near a town waits for that.
            seconds, outcome = asyncio.run(first_message(bot.url, "help in Eindhoven"))
            out["first_find_help_s"] = round(seconds, 2) if outcome == "ok" else None
        asyncio.run(load(bot.url, conversations_for(name), 1, args.warmup))
        for users in args.levels:
            results, elapsed = asyncio.run(
                load(bot.url, conversations_for(name), users, args.seconds)
            )
            out["levels"][str(users)] = summarise(results, elapsed)
            print(name, users, json.dumps(out["levels"][str(users)]), flush=True)
        sampler.stop()
        py_spy = find_py_spy()
        if py_spy and args.profile_seconds > 0:
            out["load_profile"] = run_profiles(
                bot,
                py_spy,
                conversations_for(name),
                args.profile_seconds,
                workdir,
                name.replace(" ", "-"),
            )
    finally:
        if sampler.is_alive():
            sampler.stop()
        bot.stop()
    out["memory_after_ready_bytes"] = sampler.after_ready
    out["memory_peak_bytes"] = sampler.peak
    out["memory_peak_by_process_bytes"] = sampler.peak_by_role
    # The instrumented start-up, after the timed one (its instruments cost time of their own).
    trace = workdir / f"{name.replace(' ', '-')}-trace.jsonl"
    with instrumented(trace):
        bot = start()
    try:
        out["startup_profiled"] = startup_breakdown(bot, read_trace(trace))
    finally:
        bot.stop()
    return out


async def first_message(url: str, message: str) -> tuple[float, str]:
    async with aiohttp.ClientSession() as session:
        return await send(session, url, uuid.uuid4().hex, message)


def directory_p95() -> dict[str, float]:
    """bench_directory's per-message work on the directory database the action server uses."""
    facts = PROJECT_ROOT / "facts"
    index = PlaceIndex.from_dir(facts / "places")
    index.find_mentions("warm up")
    lookup = DirectoryLookup.open(facts)
    measure_directory(lookup, index, 2)
    times = measure_directory(lookup, index, 20)
    return {part: round(percentile(values, 95), 2) for part, values in times.items()}


# --- report ----------------------------------------------------------------------------------
def verdict(value: float | None, limit: float, at_most: bool, unit: str = "") -> str:
    if value is None:
        return "not measured"
    if (value <= limit) if at_most else (value >= limit):
        return "met"
    miss = value - limit if at_most else limit - value
    return f"**missed** by {miss:.2f}{unit} ({miss / limit:.0%} of the target)"


def ratio(ours: float | None, plain: float | None) -> float | None:
    return round(ours / plain, 2) if ours is not None and plain else None


def fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def mib(value: float) -> str:
    return f"{value / 1024**2:.0f} MiB"


def headline(data: dict[str, Any]) -> dict[str, Any]:
    """The numbers the targets are about, for the table, the notes and the plot."""
    ours, plain = data[OURS], data[PLAIN]
    ten = (ours["levels"].get("10", {}), plain["levels"].get("10", {}))
    fifty = (ours["levels"].get("50", {}), plain["levels"].get("50", {}))
    return {
        "p95_10": (ten[0].get("p95_ms"), ten[1].get("p95_ms")),
        "p95_ratio": ratio(ten[0].get("p95_ms"), ten[1].get("p95_ms")),
        "tput_50": (fifty[0].get("per_second"), fifty[1].get("per_second")),
        "tput_ratio": ratio(fifty[0].get("per_second"), fifty[1].get("per_second")),
        "startup": (ours["startup_s"], plain["startup_s"]),
        "memory": (ours["memory_peak_bytes"], plain["memory_peak_bytes"]),
        "training": (data["training_s"].get(OURS), data["training_s"].get(PLAIN)),
        "directory_p95": data["directory_p95_ms"].get("total"),
    }


def render(data: dict[str, Any]) -> str:
    ours, plain = data[OURS], data[PLAIN]
    h = headline(data)
    gib = 1024**3
    memory = [m / gib for m in h["memory"]]
    lines = [
        START,
        "## This bot against plain Rasa (`make bench`)",
        "",
        f"Generated {data['date']} on {data['machine']}; load average before the run "
        f"{data['load_average_before']}, after {data['load_average_after']}. Plain Rasa is the "
        "`rasa init` default project (the moodbot: DIET, TED, UnexpecTED and rules; no custom "
        "actions), created, trained and run by the same Rasa 3.6 from the same venv. The two bots "
        "run one after the other, never at once. Raw numbers: "
        "[benchmarks-vs-rasa.json](benchmarks-vs-rasa.json).",
        "",
        "![this bot against plain Rasa](benchmarks-vs-rasa.png)",
        "",
        "### Targets",
        "",
        "| metric | this bot | plain Rasa | ratio | target | result |",
        "|---|---|---|---|---|---|",
        f"| p95 latency at 10 users (ms) | {fmt(h['p95_10'][0])} | {fmt(h['p95_10'][1])} "
        f"| {fmt(h['p95_ratio'], 2)} | ratio at most {P95_RATIO_AT_10} "
        f"| {verdict(h['p95_ratio'], P95_RATIO_AT_10, True)} |",
        f"| throughput at 50 users (answered messages/s) | {fmt(h['tput_50'][0])} "
        f"| {fmt(h['tput_50'][1])} | {fmt(h['tput_ratio'], 2)} "
        f"| ratio at least {THROUGHPUT_RATIO_AT_50} "
        f"| {verdict(h['tput_ratio'], THROUGHPUT_RATIO_AT_50, False)} |",
        f"| start-up to ready (s) | {fmt(h['startup'][0])} | {fmt(h['startup'][1])} "
        f"| {fmt(ratio(*h['startup']), 2)} | at most {STARTUP_SECONDS:.0f} s "
        f"| {verdict(h['startup'][0], STARTUP_SECONDS, True, ' s')} |",
        f"| place resolution + directory lookup, p95 (ms) | {fmt(h['directory_p95'], 2)} "
        f"| (none) | | under {DIRECTORY_P95_MS:.0f} ms "
        f"| {verdict(h['directory_p95'], DIRECTORY_P95_MS, True, ' ms')} |",
        f"| memory of all processes, peak RSS (GiB) | {fmt(memory[0], 2)} | {fmt(memory[1], 2)} "
        f"| {fmt(ratio(*memory), 2)} | under {MEMORY_BYTES / gib:.0f} GiB "
        f"| {verdict(memory[0], MEMORY_BYTES / gib, True, ' GiB')} |",
        f"| training time (s) | {fmt(h['training'][0])} | {fmt(h['training'][1])} "
        f"| {fmt(ratio(*h['training']), 2)} | (none) | |",
        "",
        "### Latency and throughput per level",
        "",
        f"C virtual users each send a message over the REST channel, wait for the answer and send "
        f"the next at once, for {data['seconds_per_level']:.0f} s per level, after a "
        f"{data['warmup_seconds']:.0f} s warm-up at 1 user; every {MESSAGES_PER_CONVERSATION} "
        "messages a user starts a new conversation (our channel allows a conversation 10 "
        "messages at once, then 30 a minute). This bot: each conversation in one of the twelve "
        "languages, messages drawn from `make bench-load`'s pool (the short messages of "
        "tests/langid plus help in a town and danger), without a language hint, so language "
        "detection, the NLG and, for help in a town, the gazetteer, the custom action, place "
        "resolution and the directory lookup all run. Plain Rasa: conversations along its "
        "moodbot stories in English. Errors: status not 200, a timeout "
        f"({REQUEST_TIMEOUT} s) or an empty answer. Ratios are this bot / plain Rasa.",
        "",
        "| users | bot | messages | errors | answered/s | p50 ms | p95 ms | p99 ms | max ms "
        "| help-in-a-town p95 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for level in (str(level) for level in data["levels"]):
        rows = (ours["levels"].get(level), plain["levels"].get(level))
        for name, row in zip((OURS, PLAIN), rows, strict=True):
            if row:
                lines.append(
                    f"| {level} | {name} | {row['messages']} | {row['errors']} "
                    f"| {row['per_second']} | {row['p50_ms']} | {row['p95_ms']} "
                    f"| {row['p99_ms']} | {row['max_ms']} | {fmt(row['find_help_p95_ms'])} |"
                )
        if all(rows):
            o, p = rows
            lines.append(
                f"| {level} | ratio | | | {fmt(ratio(o['per_second'], p['per_second']), 2)} "
                f"| {fmt(ratio(o['p50_ms'], p['p50_ms']), 2)} "
                f"| {fmt(ratio(o['p95_ms'], p['p95_ms']), 2)} "
                f"| {fmt(ratio(o['p99_ms'], p['p99_ms']), 2)} | | |"
            )
    lines += [
        "",
        "### Memory",
        "",
        "Resident memory (VmRSS) summed over each bot's processes and their children, sampled "
        "every 0.5 s from ready to the end of the last level.",
        "",
        "| bot | after start-up | peak under load | at the peak, by process |",
        "|---|---|---|---|",
    ]
    for name in (OURS, PLAIN):
        bot = data[name]
        by_process = ", ".join(
            f"{k} {mib(v)}" for k, v in bot["memory_peak_by_process_bytes"].items()
        )
        lines.append(
            f"| {name} | {mib(bot['memory_after_ready_bytes'])} | {mib(bot['memory_peak_bytes'])} "
            f"| {by_process} |"
        )
    lines += [
        "",
        "### Start-up: where the time goes",
        "",
        "Start-up to ready: from launching the processes until a message is answered "
        "(`bot.run.local.wait_until_ready`, polled every 0.5 s). This bot: action server and "
        f"Rasa launched at once, ready when both are: {fmt(ours['startup_s'])} s (Rasa "
        f"{fmt(ours['startup_by_process_s']['Rasa'])} s, action server "
        f"{fmt(ours['startup_by_process_s']['action server'])} s). Plain Rasa: "
        f"{fmt(plain['startup_s'])} s. After that, the first help request for a town took this "
        f"bot {fmt(ours.get('first_find_help_s'), 2)} s (the action server builds its place "
        "index at the first request, not at start-up).",
        "",
        "The breakdown comes from a second, instrumented start-up of each bot: `-X importtime` "
        "for the imports, and timers put around Rasa's model unpacking, each graph component's "
        "loading (for TensorFlow models also Keras `fit`, `load_weights` and the first "
        "inference) and the first message, from outside the bot (a `sitecustomize` module). "
        "Imports made while a component loads count as imports. The instruments cost a little "
        "time, so these totals are a little higher.",
        "",
    ]
    for name in (PLAIN, OURS):
        for role, profile in data[name]["startup_profiled"].items():
            lines += [
                f"**{name}, {role}**: {profile['total_s']} s instrumented",
                "",
                "| phase | s | share |",
                "|---|---|---|",
            ]
            total = profile["total_s"] or 1.0
            for phase, seconds in sorted(profile["phases_s"].items(), key=lambda kv: -kv[1]):
                if seconds < 0.05:
                    continue  # the many components that load in no time
                detail = profile["tf_parts_s"].get(phase, {})
                if phase == "imports":
                    detail = profile["imports_by_package_s"]
                note = ", ".join(f"{part} {s:.1f} s" for part, s in detail.items() if s >= 0.05)
                label = f"{phase} ({note})" if note else phase
                lines.append(f"| {label} | {seconds:.1f} | {seconds / total:.0%} |")
            lines.append("")
    lines += render_load_profiles(data)
    lines += notes(data)
    lines.append(END)
    return "\n".join(lines)


def render_load_profiles(data: dict[str, Any]) -> list[str]:
    profiles = [(name, data[name].get("load_profile")) for name in (OURS, PLAIN)]
    if not all(profile for _, profile in profiles):
        return ["### Profile under load", "", "Not taken: py-spy was not on PATH.", ""]
    lines = [
        "### Profile under load",
        "",
        f"py-spy (100 samples a second) on every server process while 10 users send messages "
        f"for {data['profile_seconds']:.0f} s after the measured levels; threads waiting for "
        "work are left out. CPU per message: sampled busy time of the process divided by the "
        "messages answered. `graph:` is a Rasa graph component at work (named by its first "
        "function in `bot/`, if it calls one), `action:` a custom action; the hottest functions "
        "are those that spend the time themselves, with the function of this project or Rasa "
        "that called them.",
        "",
        "| bot, process | samples | CPU ms per message | where the time goes | hottest functions |",
        "|---|---|---|---|---|",
    ]
    for name, profile in profiles:
        assert profile is not None
        for role, numbers in profile.items():
            if not isinstance(numbers, dict):
                continue
            parts = ", ".join(f"{k} {v:.0%}" for k, v in list(numbers["by_part"].items())[:8])
            hottest = ", ".join(f"`{k}` {v:.0%}" for k, v in list(numbers["hottest"].items())[:4])
            lines.append(
                f"| {name}, {role} | {numbers['samples']} | {numbers['cpu_ms_per_message']} "
                f"| {parts} | {hottest} |"
            )
    return lines + [""]


def top_phases(profile: dict[str, Any], count: int = 3) -> str:
    phases = sorted(profile["phases_s"].items(), key=lambda kv: -kv[1])[:count]
    return ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in phases)


def limits(data: dict[str, Any]) -> str:
    """What our Rasa process spends its time on under load (py-spy), for a missed target."""
    profile = data[OURS].get("load_profile")
    if not profile:
        return "no profile (py-spy not on PATH)"
    ours, plain = profile["Rasa"], data[PLAIN]["load_profile"]["Rasa"]
    parts = ", ".join(f"{k} {v:.0%}" for k, v in list(ours["by_part"].items())[:3])
    hottest = next(iter(ours["hottest"].items()), ("?", 0.0))
    return (
        f"this bot's Rasa process needs {ours['cpu_ms_per_message']} ms of CPU per message "
        f"(plain Rasa {plain['cpu_ms_per_message']} ms) and is one Python process (one core at "
        f"most for Python code); its time goes to {parts}; the hottest function is "
        f"`{hottest[0]}` with {hottest[1]:.0%}"
    )


def notes(data: dict[str, Any]) -> list[str]:
    """Where a target is missed, by how much and what limits it; and what start-up costs."""
    h = headline(data)
    ours, plain = data[OURS], data[PLAIN]
    plain_rasa, our_rasa = plain["startup_profiled"]["Rasa"], ours["startup_profiled"]["Rasa"]
    tf = {k: v for k, v in plain_rasa["phases_s"].items() if k in plain_rasa["tf_parts_s"]}
    building = sum(
        parts.get("one training step to build the network", 0.0)
        for parts in plain_rasa["tf_parts_s"].values()
    )
    out = [
        "### Notes",
        "",
        f"- Plain Rasa's start-up ({fmt(plain['startup_s'])} s, {plain_rasa['total_s']} s "
        f"instrumented) is mostly loading its three TensorFlow models: {sum(tf.values()):.1f} s ("
        + ", ".join(f"{k.removeprefix('loading ')} {v:.1f} s" for k, v in tf.items())
        + f"), of which {building:.1f} s is the one training step on a dummy example that Rasa "
        "3.6 runs to rebuild each network before it loads the weights (`RasaModel.load`: "
        "`compile`, `fit`, `load_weights`, one inference): tracing the TensorFlow graphs, not "
        f"reading the weights. Imports take {plain_rasa['phases_s'].get('imports', 0):.1f} s "
        f"(TensorFlow {plain_rasa['imports_by_package_s'].get('tensorflow', 0):.1f} s).",
        f"- This bot has no TensorFlow component; its Rasa start-up is mostly "
        f"{top_phases(our_rasa)} (Rasa imports TensorFlow all the same: "
        f"{our_rasa['imports_by_package_s'].get('tensorflow', 0):.1f} s).",
    ]
    if h["p95_ratio"] is not None and h["p95_ratio"] > P95_RATIO_AT_10:
        o, p = (data[n]["levels"].get("1", {}) for n in (OURS, PLAIN))
        out.append(
            f"- p95 latency at 10 users is {h['p95_ratio']} times plain Rasa's, "
            f"{verdict(h['p95_ratio'], P95_RATIO_AT_10, True).removeprefix('**missed** ')}. "
            f"At 1 user the median message takes {fmt(o.get('p50_ms'))} ms here against "
            f"{fmt(p.get('p50_ms'))} ms, the p95 {fmt(o.get('p95_ms'))} against "
            f"{fmt(p.get('p95_ms'))} ms: the spread is wider (the residence explainer and help in "
            "a town also go through the action server), and at 10 users the messages queue in "
            "one Rasa process, so the long ones set the p95. What limits it: "
            f"{limits(data)}."
        )
    if h["tput_ratio"] is not None and h["tput_ratio"] < THROUGHPUT_RATIO_AT_50:
        out.append(
            f"- Throughput at 50 users is {h['tput_ratio']} times plain Rasa's, "
            f"{verdict(h['tput_ratio'], THROUGHPUT_RATIO_AT_50, False).removeprefix('**missed** ')}"
            f". What limits it: {limits(data)}."
        )
    if h["startup"][0] is not None and h["startup"][0] > STARTUP_SECONDS:
        out.append(
            f"- Start-up misses {STARTUP_SECONDS:.0f} s by {h['startup'][0] - STARTUP_SECONDS:.1f}"
            f" s; the largest parts: {top_phases(our_rasa)}."
        )
    if h["memory"][0] > MEMORY_BYTES:
        out.append(
            f"- Memory misses 2 GiB by {mib(h['memory'][0] - MEMORY_BYTES)}: "
            + ", ".join(f"{k} {mib(v)}" for k, v in ours["memory_peak_by_process_bytes"].items())
            + "."
        )
    if h["directory_p95"] is not None and h["directory_p95"] >= DIRECTORY_P95_MS:
        out.append(
            "- Place resolution and directory lookup miss 5 ms at p95: "
            + ", ".join(f"{k} {v} ms" for k, v in data["directory_p95_ms"].items())
            + "."
        )
    return out + [""]


def plot(data: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {OURS: "#1d3557", PLAIN: "#a8dadc"}
    levels = list(data[OURS]["levels"])
    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4.5))
    width = 0.38
    for offset, name in ((-width / 2, OURS), (width / 2, PLAIN)):
        rows = [data[name]["levels"].get(level, {}) for level in levels]
        x = [i + offset for i in range(len(levels))]
        left.bar(x, [r.get("p95_ms", 0) for r in rows], width, label=name, color=colours[name])
        left.scatter(
            x,
            [r.get("p50_ms", 0) for r in rows],
            color="#e63946",
            s=12,
            zorder=3,
            label="p50" if name == PLAIN else None,
        )
        middle.bar(
            x, [r.get("per_second", 0) for r in rows], width, label=name, color=colours[name]
        )
    for axis, title, unit in (
        (left, "Latency p95 (bar) and p50 (dot)", "ms"),
        (middle, "Throughput", "answered messages/s"),
    ):
        axis.set_xticks(range(len(levels)))
        axis.set_xticklabels([f"{level} user{'s' if level != '1' else ''}" for level in levels])
        axis.set_title(title)
        axis.set_ylabel(unit)
        axis.legend(loc="upper left")
    left.set_yscale("log")  # 1 user is tens of ms, 50 users seconds
    middle.set_ylim(0, middle.get_ylim()[1] * 1.25)  # room for the legend
    h = headline(data)
    bars = [
        ("p95 latency\n10 users", h["p95_ratio"], P95_RATIO_AT_10),
        ("throughput\n50 users", h["tput_ratio"], THROUGHPUT_RATIO_AT_50),
        ("start-up", ratio(*h["startup"]), None),
        ("memory", ratio(*h["memory"]), None),
        ("training", ratio(*h["training"]), None),
    ]
    for i, (_, value, target) in enumerate(bars):
        right.bar(i, value or 0, 0.6, color=colours[OURS])
        if value is not None:
            right.text(i, (value or 0) + 0.03, f"{value:.2f}", ha="center", fontsize=8)
        if target is not None:
            right.hlines(target, i - 0.4, i + 0.4, color="#e63946", linestyle="--")
    right.axhline(1.0, color="grey", linewidth=0.8)
    right.set_xticks(range(len(bars)))
    right.set_xticklabels([b[0] for b in bars], fontsize=8)
    right.set_title("This bot / plain Rasa (red: target)")
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)


# --- main ------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="our trained model")
    parser.add_argument("--seconds", type=float, default=30, help="seconds per load level")
    parser.add_argument("--levels", default="1,10,50", help="concurrent users per level")
    parser.add_argument("--warmup", type=float, default=5, help="seconds at 1 user first")
    parser.add_argument("--profile-seconds", type=float, default=10, help="py-spy window")
    parser.add_argument("--plain-project", type=Path, help="reuse a `rasa init` project")
    parser.add_argument("--skip-training", action="store_true", help="do not time our training")
    args = parser.parse_args()
    args.levels = [int(level) for level in args.levels.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    # Benchmark traffic is not people: its statistics go to a throwaway database.
    os.environ["STATISTICS_DATABASE_URL"] = f"sqlite:///{workdir}/statistics.sqlite"
    data: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.0f} GiB, "
        f"Python {platform.python_version()}",
        # Others share this machine: a high load average means the numbers are not clean.
        "load_average_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "levels": args.levels,
        "seconds_per_level": args.seconds,
        "warmup_seconds": args.warmup,
        "profile_seconds": args.profile_seconds,
        "training_s": {},
    }
    try:
        if not args.skip_training:
            data["training_s"][OURS] = round(train_ours(workdir), 1)
            print("trained ours", data["training_s"][OURS], flush=True)
        project = args.plain_project
        if project is None:
            project, seconds = init_plain(workdir)
            data["training_s"][PLAIN] = round(seconds, 1)
            print("trained plain", data["training_s"][PLAIN], flush=True)
        data[OURS] = measure_bot(OURS, lambda: start_ours(args.model, workdir), args, workdir)
        data[PLAIN] = measure_bot(PLAIN, lambda: start_plain(project, workdir), args, workdir)
        data["directory_p95_ms"] = directory_p95()
    except BaseException:
        print(f"failed; logs in {workdir}", file=sys.stderr)
        raise
    finally:
        stop_own_children()
    data["load_average_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    RAW.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    plot(data)
    write_section("bench", render(data))
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"wrote {RAW.relative_to(PROJECT_ROOT)}, {PLOT.relative_to(PROJECT_ROOT)}, {DOC}")
    errors = sum(
        level["errors"] for name in (OURS, PLAIN) for level in data[name]["levels"].values()
    )
    if errors:
        raise SystemExit(f"{errors} errors under load")


if __name__ == "__main__":
    main()
