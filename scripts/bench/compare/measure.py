"""`make bench`, first half: measure both bots and write the numbers as JSON, nothing else
(render.py turns them into the doc). See scripts/bench/compare/__init__.py for the method."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.find_help.directory.lookup import DirectoryLookup
from bot.find_help.places import PlaceIndex
from bot.settings import PROJECT_ROOT
from scripts.bench.compare import OURS, PLAIN, RAW
from scripts.bench.compare.bots import Bot, start_ours, start_plain
from scripts.bench.compare.load import (
    MESSAGES_PER_CONVERSATION,
    REQUEST_TIMEOUT,
    conversations_for,
    first_message,
    run_level,
    summarise,
)
from scripts.bench.compare.memory import MemorySampler
from scripts.bench.compare.processes import stop_own_children
from scripts.bench.compare.profiling import find_py_spy, run_profiles
from scripts.bench.compare.startup import read_trace, startup_breakdown, trace_env
from scripts.bench.compare.training import init_plain, train_ours
from scripts.bench.directory import measure as measure_directory
from scripts.bench.limits import RAISED_GLOBAL_LIMIT, limits_in_force
from scripts.bench.stats import percentile

# Starts one bot with these variables added to its environment.
Starter = Callable[[dict[str, str]], Bot]


def measure_bot(
    name: str, start: Starter, extra_env: dict[str, str], args: argparse.Namespace, workdir: Path
) -> dict[str, Any]:
    """Start-up, load levels, memory and profile of one bot; every process stopped after."""
    out: dict[str, Any] = {"levels": {}}
    bot = start(extra_env)
    sampler = MemorySampler({role: p.pid for role, p in bot.processes.items()})
    sampler.start()
    try:
        out["startup_s"] = round(max(bot.ready.values()), 2)
        out["startup_by_process_s"] = {k: round(v, 2) for k, v in bot.ready.items()}
        if name == OURS:
            # The first user to ask for help near a town: timed on its own.
            seconds, outcome = asyncio.run(first_message(bot.url, "help in Eindhoven"))
            out["first_find_help_s"] = round(seconds, 2) if outcome == "ok" else None
        asyncio.run(run_level(bot.url, conversations_for(name), 1, args.warmup))
        for users in args.levels:
            results, elapsed = asyncio.run(
                run_level(bot.url, conversations_for(name), users, args.seconds)
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
    bot = start({**extra_env, **trace_env(trace)})
    try:
        out["startup_profiled"] = startup_breakdown(bot, read_trace(trace))
    finally:
        bot.stop()
    return out


def directory_p95() -> dict[str, float]:
    """bench-directory's per-message work on the directory database the action server uses."""
    facts = PROJECT_ROOT / "facts"
    index = PlaceIndex.from_dir(facts / "places")
    index.find_mentions("warm up")
    lookup = DirectoryLookup.open(facts)
    measure_directory(lookup, index, 2)
    times = measure_directory(lookup, index, 20)
    return {part: round(percentile(values, 95), 2) for part, values in times.items()}


def machine() -> str:
    cores = len(os.sched_getaffinity(0))
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{platform.machine()}, {cores} cores, {memory:.0f} GiB, "
        f"Python {platform.python_version()}"
    )


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description="This bot against plain Rasa (`rasa init`), same load; writes JSON only "
        "(the method: scripts/bench/compare/__init__.py; the doc: scripts.bench.compare.render)."
    )
    parser.add_argument("--model", type=Path, required=True, help="our trained model")
    parser.add_argument("--seconds", type=float, default=30, help="seconds per load level")
    parser.add_argument("--levels", default="1,10,50", help="concurrent users per level")
    parser.add_argument("--warmup", type=float, default=5, help="seconds at 1 user first")
    parser.add_argument("--profile-seconds", type=float, default=10, help="py-spy window")
    parser.add_argument("--plain-project", type=Path, help="reuse a `rasa init` project")
    parser.add_argument("--skip-training", action="store_true", help="do not time our training")
    parser.add_argument("--out", type=Path, default=RAW, help=f"JSON to write (default {RAW})")
    args = parser.parse_args()
    args.levels = [int(level) for level in args.levels.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    # Benchmark traffic is not people: its statistics go to a throwaway database.
    extra_env = {
        **RAISED_GLOBAL_LIMIT,
        "STATISTICS_DATABASE_URL": f"sqlite:///{workdir}/statistics.sqlite",
    }
    data: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        # Others share this machine: a high load average means the numbers are not clean.
        "load_average_before": load_average(),
        "levels": args.levels,
        "seconds_per_level": args.seconds,
        "warmup_seconds": args.warmup,
        "profile_seconds": args.profile_seconds,
        "method": {
            "messages_per_conversation": MESSAGES_PER_CONVERSATION,
            "request_timeout_s": REQUEST_TIMEOUT,
            "language_hint": False,
            "limits": limits_in_force(extra_env),
        },
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
        data[OURS] = measure_bot(
            OURS, lambda extra: start_ours(args.model, workdir, extra), extra_env, args, workdir
        )
        data[PLAIN] = measure_bot(
            PLAIN, lambda extra: start_plain(project, workdir, extra), extra_env, args, workdir
        )
        data["directory_p95_ms"] = directory_p95()
    except BaseException:
        print(f"failed; logs in {workdir}", file=sys.stderr)
        raise
    finally:
        stop_own_children()
    data["load_average_after"] = load_average()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"wrote {args.out}")
    errors = sum(
        level["errors"] for name in (OURS, PLAIN) for level in data[name]["levels"].values()
    )
    if errors:
        raise SystemExit(
            f"{errors} errors under load (numbers in {args.out}); `make bench` stops here, "
            "`make bench-render` writes them into the doc anyway"
        )


if __name__ == "__main__":
    main()
