"""The notes under the bench section: each bot's start-up in numbers, and for a missed target
by how much, with the numbers of the profile under load. Numbers only, no explanations."""

from __future__ import annotations

from typing import Any

from scripts.bench.compare import OURS, PLAIN
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


def fmt(value: float | None, digits: int = 1) -> str:
    """A number with `digits` decimals, or n/a."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def mib(value: float) -> str:
    """Bytes in MiB."""
    return f"{value / 1024**2:.0f} MiB"


def top_phases(profile: dict[str, Any], count: int = 3) -> str:
    phases = sorted(profile["phases_s"].items(), key=lambda kv: -kv[1])[:count]
    return ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in phases)


def profile_under_load(data: dict[str, Any]) -> str:
    """The profile's numbers for this bot's Rasa process, against plain Rasa's."""
    profile = data[OURS].get("load_profile")
    if not profile:
        return "none taken in this run"
    ours, plain = profile["Rasa"], data[PLAIN]["load_profile"]["Rasa"]
    parts = ", ".join(f"{k} {v:.0%}" for k, v in list(ours["by_part"].items())[:3])
    hottest = next(iter(ours["hottest"].items()), ("?", 0.0))
    return (
        f"this bot's Rasa process used {ours['cpu_ms_per_message']} ms of CPU per message "
        f"(plain Rasa {plain['cpu_ms_per_message']} ms), {ours['busy_threads']} busy threads "
        f"per sampling tick (plain Rasa {plain['busy_threads']}); its largest parts: {parts}; "
        f"the function with the most samples of its own: `{hottest[0]}` {hottest[1]:.0%}"
    )


def startup_note(name: str, bot: dict[str, Any]) -> str:
    """A bot's Rasa start-up in numbers: the largest phases, imports, Keras at loading."""
    rasa = bot["startup_profiled"]["Rasa"]
    imports = rasa["imports_by_package_s"]
    text = (
        f"- {name[0].upper()}{name[1:]}, Rasa process: {bot['startup_by_process_s']['Rasa']} s "
        f"to ready, {rasa['total_s']} s instrumented; largest phases: {top_phases(rasa)}; "
        f"imports {rasa['phases_s'].get('imports', 0):.1f} s, of them TensorFlow "
        f"{imports.get('tensorflow', 0):.1f} s."
    )
    keras = {k: v for k, v in rasa["phases_s"].items() if k in rasa["tf_parts_s"]}
    if not keras:
        return text + " No component ran Keras `fit`, `load_weights` or an inference while loading."
    parts: dict[str, float] = {}
    for detail in rasa["tf_parts_s"].values():
        for part, seconds in detail.items():
            parts[part] = parts.get(part, 0.0) + seconds
    return text + (
        f" Loading the components that ran Keras took {sum(keras.values()):.1f} s "
        f"({sum(keras.values()) / (rasa['total_s'] or 1.0):.0%} of the instrumented start-up: "
        + ", ".join(f"{k.removeprefix('loading ')} {v:.1f} s" for k, v in keras.items())
        + "), of which "
        + ", ".join(f"{part} {seconds:.1f} s" for part, seconds in parts.items())
        + "."
    )


def notes(data: dict[str, Any]) -> list[str]:
    """Start-up in numbers; where a target is missed, by how much, with the profile's numbers."""
    h = headline(data)
    ours, plain = data[OURS], data[PLAIN]
    out = ["### Notes", "", startup_note(PLAIN, plain), startup_note(OURS, ours)]
    if h["p95_ratio"] is not None and h["p95_ratio"] > P95_RATIO_AT_10:
        o, p = (data[n]["levels"].get("1", {}) for n in (OURS, PLAIN))
        spread = [fmt(ratio(row.get("p95_ms"), row.get("p50_ms"))) for row in (o, p)]
        out.append(
            f"- p95 latency at 10 users is {h['p95_ratio']} times plain Rasa's, "
            f"{verdict(h['p95_ratio'], P95_RATIO_AT_10, True).replace('**', '')}. "
            f"At 1 user: p50 {fmt(o.get('p50_ms'))} ms here against {fmt(p.get('p50_ms'))} ms, "
            f"p95 {fmt(o.get('p95_ms'))} against {fmt(p.get('p95_ms'))} ms (p95 / p50: "
            f"{' against '.join(spread)}). Profile under load: {profile_under_load(data)}."
        )
    if h["tput_ratio"] is not None and h["tput_ratio"] < THROUGHPUT_RATIO_AT_50:
        out.append(
            f"- Throughput at 50 users is {h['tput_ratio']} times plain Rasa's, "
            f"{verdict(h['tput_ratio'], THROUGHPUT_RATIO_AT_50, False).replace('**', '')}"
            f". Profile under load: {profile_under_load(data)}."
        )
    if h["startup"][0] is not None and h["startup"][0] > STARTUP_SECONDS:
        out.append(
            f"- Start-up misses {STARTUP_SECONDS:.0f} s by {h['startup'][0] - STARTUP_SECONDS:.1f}"
            f" s; the largest parts: {top_phases(ours['startup_profiled']['Rasa'])}."
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
