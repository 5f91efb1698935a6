"""`make bench-load`: 50 concurrent conversations for 60 seconds over the REST channel, paced
like people.

Starts the real action server and Rasa (as the integration tests do), then runs 50
conversations at once, each in one of the twelve languages, each sending a message, waiting for
the answer, pausing 2-3 seconds like a person typing (which also stays under the per-
conversation rate limit), and so on for 60 seconds. An error is an HTTP status other than 200,
a timeout, or an answer without text. Each message carries its conversation's language as a
hint (`metadata.language`). messages/s counts every message sent, errors included. Results go
into docs/benchmarks.md.

Usage: .venv/bin/python -m scripts.bench.paced_load --model models/<hash>.tar.gz
       [--conversations 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.run.servers import free_port, start_action_server, start_rasa, stop
from scripts.bench.doc import markers, write_section
from scripts.bench.limits import RAISED_GLOBAL_LIMIT
from scripts.bench.messages import messages_for
from scripts.bench.stats import percentile

START, END = markers("bench-load")
# One per message: (seconds, answered, when it was answered).
Result = tuple[float, bool, float]


async def conversation(
    session: aiohttp.ClientSession, url: str, language: str, until: float, results: list[Result]
) -> None:
    sender = uuid.uuid4().hex
    pool = messages_for(language)
    rng = random.Random(sender)
    while time.monotonic() < until:
        body = {"sender": sender, "message": rng.choice(pool), "metadata": {"language": language}}
        started = time.perf_counter()
        try:
            async with session.post(url, json=body, timeout=aiohttp.ClientTimeout(30)) as reply:
                answer = await reply.json(content_type=None)
                ok = reply.status == 200 and bool(answer) and all(m.get("text") for m in answer)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            ok = False
        results.append((time.perf_counter() - started, ok, time.monotonic()))
        await asyncio.sleep(rng.uniform(2.0, 3.0))


async def run_load(url: str, conversations: int, seconds: float) -> list[Result]:
    results: list[Result] = []
    until = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(
            *(
                conversation(session, url, SUPPORTED_LANGUAGES[i % 12], until, results)
                for i in range(conversations)
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    # Benchmark traffic is not people: its statistics go to a throwaway database.
    extra = {**RAISED_GLOBAL_LIMIT, "STATISTICS_DATABASE_URL": f"sqlite:///{workdir}/stats.sqlite"}
    action_port, rasa_port = free_port(), free_port()
    actions = start_action_server(action_port, workdir / "actions.log", extra)
    rasa = start_rasa(
        Path(args.model), rasa_port, action_port, workdir, workdir / "rasa.log", None,
        extra_env=extra,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        began = time.monotonic()
        results = asyncio.run(run_load(url, args.conversations, args.seconds))
        elapsed = time.monotonic() - began
    finally:
        stop(rasa, actions)
    latencies = [r[0] * 1000 for r in results]
    errors = sum(1 for r in results if not r[1])
    summary = {
        "conversations": args.conversations,
        "seconds": round(elapsed, 1),
        "messages": len(results),
        "errors": errors,
        "per_second": round(len(results) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
    }
    section = "\n".join(
        [
            START,
            "## Load (`make bench-load`)",
            "",
            f"{args.conversations} concurrent conversations for {args.seconds:.0f} s over the REST "
            "channel, the twelve languages mixed, each message with its conversation's language "
            "as a hint (`metadata.language`) and answered before the next (2-3 s pause, as a "
            "person types). Real Rasa and action server, one process each, tracker store as "
            "shipped (in memory, text stripped), the global message limit "
            "(`HULPROUTE_GLOBAL_MESSAGES_PER_SECOND`) raised to "
            f"{RAISED_GLOBAL_LIMIT['HULPROUTE_GLOBAL_MESSAGES_PER_SECOND']} a second. "
            "messages/s: every message sent, errors included, divided by the "
            f"{summary['seconds']} s from the first message until the last conversation's last "
            "pause ended.",
            "",
            "| messages | errors | messages/s | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---|---|---|---|---|---|",
            f"| {summary['messages']} | {summary['errors']} | {summary['per_second']} "
            f"| {summary['p50_ms']} | {summary['p95_ms']} | {summary['p99_ms']} "
            f"| {summary['max_ms']} |",
            "",
            f"Machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
            f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d')}.",
            END,
        ]
    )
    write_section("bench-load", section)
    print(json.dumps(summary))
    if errors:
        raise SystemExit(f"{errors} errors under load")


if __name__ == "__main__":
    main()
