"""Resident memory of each bot's processes, sampled while it runs."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from scripts.bench.compare.processes import process_tree


def rss_bytes(pid: int) -> int:
    """VmRSS of one process; 0 once it is gone."""
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
