"""`make bench`, second half, and `make bench-render`: a run's JSON (measure.py) into section
`bench` of docs/benchmarks.md and the plot, running nothing. Every sentence it writes states a
number of the run, a comparison computed from them, or the method; none explains causes."""

from __future__ import annotations

import argparse
import copy
import json
import os
from pathlib import Path
from typing import Any

from scripts.bench.compare import OURS, PLAIN, PLOT, RAW
from scripts.bench.compare.notes import fmt, mib, notes
from scripts.bench.compare.plot import plot
from scripts.bench.compare.startup import REMAINDER
from scripts.bench.compare.targets import (
    DIRECTORY_P95_MS,
    MEMORY_BYTES,
    P95_RATIO_AT_10,
    STARTUP_SECONDS,
    THROUGHPUT_RATIO_AT_50,
    headline,
    ratio,
    verdict,
)
from scripts.bench.doc import DOC, markers, write_section

START, END = markers("bench")
# JSON written before measure.py recorded its method (the run of 2026-11-28, by
# scripts/bench_compare.py of commit 59de108): what that script ran with. The bot had no
# global message limit then; the per-conversation limit was in credentials.yml.
LEGACY_METHOD = {
    "messages_per_conversation": 6,
    "request_timeout_s": 30,
    "language_hint": False,
    "limits": {"conversation_burst": 10, "conversation_per_minute": 30.0},
    "reconstructed": True,
}
# Labels of such JSON, as measure.py names them now.
LEGACY_LABELS = {
    "other (CLI, web server, channels, endpoints, readiness polling)": REMAINDER,
    "one training step to build the network": "Keras fit",
    "loading the weights": "Keras load_weights",
}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` in the current shape: older runs get LEGACY_METHOD and new labels."""
    data = copy.deepcopy(data)
    data.setdefault("method", LEGACY_METHOD)

    def relabel(mapping: dict[str, Any]) -> dict[str, Any]:
        return {LEGACY_LABELS.get(k, k): v for k, v in mapping.items()}

    for name in (OURS, PLAIN):
        for profile in data[name].get("startup_profiled", {}).values():
            profile["phases_s"] = relabel(profile["phases_s"])
            profile["tf_parts_s"] = {k: relabel(v) for k, v in profile["tf_parts_s"].items()}
    return data


def keras_components(bot: dict[str, Any]) -> list[str]:
    """The graph components of a bot's Rasa process that ran Keras while loading."""
    profile = bot["startup_profiled"].get("Rasa", {})
    return [label.removeprefix("loading ") for label in profile.get("tf_parts_s", {})]


def render(data: dict[str, Any], json_link: str, plot_link: str) -> str:
    """The Markdown section, markers included, of a run's (upgraded) JSON."""
    lines = [START, *header(data, json_link, plot_link)]
    lines += targets_table(data)
    lines += levels(data)
    lines += memory(data)
    lines += startup(data)
    lines += load_profiles(data)
    lines += notes(data)
    lines.append(END)
    return "\n".join(lines)


def header(data: dict[str, Any], json_link: str, plot_link: str) -> list[str]:
    """Title, what is compared with what, when and where, the links."""
    keras = keras_components(data[PLAIN])
    title, plain = (
        (
            "Rasa's default TensorFlow moodbot",
            "Rasa's default TensorFlow moodbot, the project `rasa init` creates (no custom "
            f"actions; its components that ran Keras while loading: {', '.join(keras)})",
        )
        if keras
        else (
            "the `rasa init` moodbot",
            "the moodbot project `rasa init` creates (no custom actions; in this run none of its "
            "components ran Keras while loading)",
        )
    )
    return [
        f"## This bot against {title} (`make bench`)",
        "",
        f'"Plain Rasa" below is {plain}: a different NLU pipeline and a different dialogue '
        "from this bot's, so the ratios compare two assistants, not Rasa's own overhead on the "
        "same assistant. Both are trained and run by the same Rasa 3.6 from the same venv, one "
        "after the other, never at once.",
        "",
        f"Generated {data['date']} on {data['machine']}; load average before the run "
        f"{data['load_average_before']}, after {data['load_average_after']}. Raw numbers: "
        f"[{Path(json_link).name}]({json_link}).",
        "",
        f"![this bot against plain Rasa]({plot_link})",
        "",
    ]


def targets_table(data: dict[str, Any]) -> list[str]:
    h = headline(data)
    gib = 1024**3
    memory = [m / gib for m in h["memory"]]
    return [
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
    ]


def limits_text(method: dict[str, Any]) -> str:
    """What the run did about the bot's message limits."""
    limits = method["limits"]
    text = (
        f"Every {method['messages_per_conversation']} messages a user starts a new conversation, "
        "for both bots, because this bot limits each conversation to "
        f"{limits['conversation_burst']} messages at once, then "
        f"{limits['conversation_per_minute']:.0f} a minute. "
    )
    if limits.get("global_per_second") is None:
        return text + "The bot had no global message limit when this run was measured."
    return text + (
        "The bot's global message limit (`HULPROUTE_GLOBAL_MESSAGES_PER_SECOND`, "
        "`HULPROUTE_GLOBAL_MESSAGE_BURST`) was raised to "
        f"{limits['global_per_second']:.0f} a second, burst {limits['global_burst']}, as "
        "`make bench-load` raises it, so that both measure what the servers answer, not that "
        "limit; plain Rasa has no such limit."
    )


def levels(data: dict[str, Any]) -> list[str]:
    ours, plain, method = data[OURS], data[PLAIN], data["method"]
    hint = "with" if method["language_hint"] else "without"
    reconstructed = (
        " (this run's JSON does not record its method: these are the values of the script that "
        "wrote it)"
        if method.get("reconstructed")
        else ""
    )
    lines = [
        "### Latency and throughput per level",
        "",
        f"Method{reconstructed}: C virtual users each send a message over the REST channel, wait "
        f"for the answer and send the next at once (no pause), for "
        f"{data['seconds_per_level']:.0f} s per level, after a {data['warmup_seconds']:.0f} s "
        f"warm-up at 1 user. {limits_text(method)} This bot: each conversation in one of the "
        "twelve languages, messages drawn from `make bench-load`'s pool (the short messages of "
        f"tests/langid plus help in a town and danger), {hint} a language hint. Plain Rasa: "
        "conversations along its moodbot stories in English. Errors: status not 200, a timeout "
        f"({method['request_timeout_s']} s), a failed connection, a body that is not JSON, or an "
        "answer that is empty or holds a message with neither text nor an image. answered/s: "
        "answered messages, errors not counted, divided by the time from the start of the level "
        "until its last answer. "
        "Ratios are this bot / plain Rasa.",
        "",
        "Not the method of `make bench-load`: there each message carries its conversation's "
        "language (`metadata.language`), each of its conversations lasts the whole run with a "
        "2-3 s pause after every answer, and its messages/s counts every message sent, errors "
        "included, divided by the time until the last conversation's last pause ended.",
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
    return lines + [""]


def memory(data: dict[str, Any]) -> list[str]:
    lines = [
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
    return lines + [""]


def startup(data: dict[str, Any]) -> list[str]:
    ours, plain = data[OURS], data[PLAIN]
    lines = [
        "### Start-up: where the time goes",
        "",
        "Start-up to ready: from launching the processes until a message is answered "
        "(`bot.run.local.wait_until_ready`, polled every 0.5 s). This bot: action server and "
        f"Rasa launched at once, ready when both are: {fmt(ours['startup_s'])} s (Rasa "
        f"{fmt(ours['startup_by_process_s']['Rasa'])} s, action server "
        f"{fmt(ours['startup_by_process_s']['action server'])} s). Plain Rasa: "
        f"{fmt(plain['startup_s'])} s. After that, the first help request for a town took this "
        f"bot {fmt(ours.get('first_find_help_s'), 2)} s.",
        "",
        "The breakdown comes from a second, instrumented start-up of each bot: `-X importtime` "
        "for the imports, and timers put around Rasa's model unpacking, each graph component's "
        "loading (for TensorFlow models also Keras `fit`, `load_weights` and the first "
        "inference) and the first message, from outside the bot (a `sitecustomize` module). "
        f'Imports made while a component loads count as imports; "{REMAINDER}" is the time '
        "from launch to ready that no timer covers.",
        "",
    ]
    for name in (PLAIN, OURS):
        for role, profile in data[name]["startup_profiled"].items():
            timed = data[name]["startup_by_process_s"].get(role)
            lines += [
                f"**{name}, {role}**: {profile['total_s']} s instrumented, {timed} s in the "
                "timed start-up",
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
    return lines


def load_profiles(data: dict[str, Any]) -> list[str]:
    profiles = [(name, data[name].get("load_profile")) for name in (OURS, PLAIN)]
    if not all(profile for _, profile in profiles):
        return [
            "### Profile under load",
            "",
            "Not taken in this run (py-spy not installed, or --profile-seconds 0).",
            "",
        ]
    first = profiles[0][1] or {}
    sent = ", ".join(f"{name} {profile['messages']}" for name, profile in profiles if profile)
    lines = [
        "### Profile under load",
        "",
        f"py-spy ({first.get('samples_per_second', 100)} samples a second) on every server "
        f"process while {first.get('users', 10)} users send messages for "
        f"{data['profile_seconds']:.0f} s after the measured levels; threads waiting for work are "
        "left out. CPU ms per message: the process's samples of busy threads, as time, divided "
        f"by the messages sent in that window ({sent}). `graph:` is a Rasa graph component at "
        "work (named by its first function in `bot/`, if it calls one), `action:` a custom "
        "action; the hottest functions are those with the most samples of their own, with the "
        "function of this project or Rasa that called them.",
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


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Section `bench` of the benchmarks doc and its plot, from measure.py's JSON "
        "alone (nothing is run)."
    )
    parser.add_argument("--json", type=Path, default=RAW, help=f"the run (default {RAW})")
    parser.add_argument("--doc", type=Path, default=DOC, help=f"doc to update (default {DOC})")
    parser.add_argument("--plot", type=Path, default=PLOT, help=f"PNG to write (default {PLOT})")
    args = parser.parse_args()
    data = upgrade(json.loads(args.json.read_text(encoding="utf-8")))
    # Links as the doc sees them: relative to its folder.
    json_link = os.path.relpath(args.json.resolve(), args.doc.resolve().parent)
    plot_link = os.path.relpath(args.plot.resolve(), args.doc.resolve().parent)
    plot(data, args.plot)
    write_section("bench", render(data, json_link, plot_link), args.doc)
    print(f"wrote {args.doc} (section bench) and {args.plot} from {args.json}")


if __name__ == "__main__":
    main()
