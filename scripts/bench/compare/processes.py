"""Processes as /proc shows them: the tree under a process, and this script's own children."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import defaultdict
from pathlib import Path


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
