"""The plot of a run: latency and throughput per level, and the ratios against the targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scripts.bench.compare import OURS, PLAIN
from scripts.bench.compare.targets import P95_RATIO_AT_10, THROUGHPUT_RATIO_AT_50, headline, ratio


def plot(data: dict[str, Any], path: Path) -> None:
    """Write the plot of `data` (a run's JSON) to `path` (PNG)."""
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
    fig.savefig(path, dpi=110)
