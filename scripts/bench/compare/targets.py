"""The issue's targets, and the numbers of a run they are about."""

from __future__ import annotations

from typing import Any

from scripts.bench.compare import OURS, PLAIN

P95_RATIO_AT_10 = 1.2
THROUGHPUT_RATIO_AT_50 = 0.8
STARTUP_SECONDS = 30.0
DIRECTORY_P95_MS = 5.0
MEMORY_BYTES = 2 * 1024**3


def ratio(ours: float | None, plain: float | None) -> float | None:
    """ours / plain, rounded; None when either is missing."""
    return round(ours / plain, 2) if ours is not None and plain else None


def verdict(value: float | None, limit: float, at_most: bool, unit: str = "") -> str:
    """`met`, or by how much the target is missed."""
    if value is None:
        return "not measured"
    if (value <= limit) if at_most else (value >= limit):
        return "met"
    miss = value - limit if at_most else limit - value
    return f"**missed** by {miss:.2f}{unit} ({miss / limit:.0%} of the target)"


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
