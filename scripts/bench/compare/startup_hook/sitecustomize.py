"""Loaded as `sitecustomize` into the servers of the instrumented start-up only (this directory
is put on their PYTHONPATH by scripts/bench/compare/startup.py; it is not a package).

It wraps importlib's _find_and_load (which the interpreter looks up on every import) to record
the outermost imports, and patches the methods named in BENCH_TRACE_TARGETS as soon as their
module is imported; every call becomes one JSON line in BENCH_TRACE.
"""

import functools
import importlib._bootstrap as _bootstrap
import inspect
import json
import os
import threading
import time

_out = open(os.environ["BENCH_TRACE"], "a", buffering=1)  # noqa: SIM115 - open for the process
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
