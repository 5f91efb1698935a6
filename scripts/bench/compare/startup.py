"""Where start-up time goes: the environment of an instrumented start-up (startup_hook/), and
its trace and `-X importtime` log read back into seconds per phase."""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scripts.bench.compare.bots import Bot

HOOK_DIR = Path(__file__).resolve().parent / "startup_hook"
# What the instrumented start-up times: module -> [(Class.method, label)]; labels are formatted
# with the instance (or class) as `self`. A "tf:" span is shown as a part of the component
# loading it ran in.
TRACE_TARGETS = {
    "rasa.engine.storage.local_model_storage": [
        ("LocalModelStorage.from_model_archive", "unpacking the model archive")
    ],
    "rasa.engine.graph": [
        ("GraphNode._load_component", "loading {self._component_class.__name__}")
    ],
    "keras.engine.training": [
        ("Model.fit", "tf:Keras fit"),
        ("Model.load_weights", "tf:Keras load_weights"),
    ],
    "rasa.utils.tensorflow.models": [("RasaModel.run_inference", "tf:first inference")],
    "rasa.core.processor": [("MessageProcessor.handle_message", "first message")],
}
# Launch to ready, less every phase above: what no instrument measured.
REMAINDER = "the rest (not instrumented)"


def trace_env(trace: Path) -> dict[str, str]:
    """What a server needs in its environment to write the start-up trace to `trace` (see
    startup_hook/sitecustomize.py) and its `-X importtime` lines to its log."""
    return {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HOOK_DIR), os.environ.get("PYTHONPATH")])),
        "PYTHONPROFILEIMPORTTIME": "1",
        "BENCH_TRACE": str(trace),
        "BENCH_TRACE_TARGETS": json.dumps(TRACE_TARGETS),
    }


def read_trace(trace: Path) -> dict[int, list[dict[str, Any]]]:
    """The trace's records by process id."""
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


def startup_breakdown(bot: Bot, records: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
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
        phases[REMAINDER] = total - sum(phases.values())
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
