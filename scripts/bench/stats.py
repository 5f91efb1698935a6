"""Percentiles as every benchmark here reports them."""

from __future__ import annotations


def percentile(values: list[float], p: float) -> float:
    """The value at rank round(p% of n-1) of the sorted values: one of the measured values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
