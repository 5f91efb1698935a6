"""Load over the REST channel: virtual users that send the next message as soon as the answer
arrives, and what a level of them measured."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.language.codes import SUPPORTED_LANGUAGES
from scripts.bench.compare import PLAIN
from scripts.bench.messages import EXTRA, messages_for
from scripts.bench.stats import percentile

# The bot lets a conversation send HULPROUTE_MESSAGE_BURST messages at once (10 by default),
# then HULPROUTE_MESSAGES_PER_MINUTE (30): a virtual user that never pauses must start a new
# conversation before it hits that limit.
MESSAGES_PER_CONVERSATION = 6
REQUEST_TIMEOUT = 30
# The messages of the mix that ask for help in a town: NLU gazetteer, the find-help action,
# place resolution and the directory lookup.
FIND_HELP = {"help in Eindhoven", "hulp in Zwolle", "مساعدة في أمستردام"} & set(EXTRA)
# Plain Rasa's conversations: its moodbot's stories and rules, six messages each. Random moodbot
# messages would not do: off its stories the moodbot answered nothing to one message in eight (an
# empty answer, an error here), while ours always answers.
PLAIN_CONVERSATIONS = [
    ["hi", "I am sad", "yes", "are you a bot?", "bye", "hello"],
    ["hello", "great", "are you a bot?", "bye", "hi", "perfect"],
    ["good morning", "I am very unhappy", "no", "hi", "great", "bye"],
    ["hey there", "not good", "not really", "are you a bot?", "hello", "I am feeling very good"],
    ["hi", "perfect", "am I talking to a human?", "see you later", "hello", "I am sad"],
]

# One result per message: (seconds, outcome, asked for help in a town).
Result = tuple[float, str, bool]
Conversations = Callable[[random.Random], list[str]]


def answered(status: int, answer: Any) -> bool:
    """200 with at least one message, each with text or an image (the moodbot sends one)."""
    return (
        status == 200
        and isinstance(answer, list)
        and bool(answer)
        and all(isinstance(m, dict) and (m.get("text") or m.get("image")) for m in answer)
    )


async def send(
    session: aiohttp.ClientSession, url: str, sender: str, message: str
) -> tuple[float, str]:
    """Latency in seconds and "ok", "status", "timeout" (also a failed connection or a body
    that is not JSON) or "empty". No language hint: the bot has to detect the language."""
    started = time.perf_counter()
    try:
        body = {"sender": sender, "message": message}
        async with session.post(
            url, json=body, timeout=aiohttp.ClientTimeout(REQUEST_TIMEOUT)
        ) as r:
            answer = await r.json(content_type=None)
            outcome = (
                "ok" if answered(r.status, answer) else "status" if r.status != 200 else "empty"
            )
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        outcome = "timeout"
    return time.perf_counter() - started, outcome


async def virtual_user(
    session: aiohttp.ClientSession,
    url: str,
    conversations: Conversations,
    until: float,
    results: list[Result],
) -> None:
    """Message, answer, next message at once; a new conversation (sender) every few messages."""
    rng = random.Random()
    while time.monotonic() < until:
        sender = uuid.uuid4().hex
        for message in conversations(rng)[:MESSAGES_PER_CONVERSATION]:
            if time.monotonic() >= until:
                return
            seconds, outcome = await send(session, url, sender, message)
            results.append((seconds, outcome, message in FIND_HELP))


def conversations_for(bot: str) -> Conversations:
    """Ours: each conversation in one of the twelve languages, messages drawn from bench-load's
    pool for it; plain: one of its story-shaped conversations."""
    if bot == PLAIN:
        return lambda rng: rng.choice(PLAIN_CONVERSATIONS)
    pools = [messages_for(language) for language in SUPPORTED_LANGUAGES]
    return lambda rng: rng.choices(rng.choice(pools), k=MESSAGES_PER_CONVERSATION)


async def run_level(
    url: str, conversations: Conversations, users: int, seconds: float
) -> tuple[list[Result], float]:
    """`users` virtual users for `seconds`; the results and the seconds until the last answer."""
    results: list[Result] = []
    connector = aiohttp.TCPConnector(limit=0)  # one connection per user, as separate clients
    async with aiohttp.ClientSession(connector=connector) as session:
        began = time.monotonic()
        await asyncio.gather(
            *(
                virtual_user(session, url, conversations, began + seconds, results)
                for _ in range(users)
            )
        )
        return results, time.monotonic() - began


def summarise(results: list[Result], elapsed: float) -> dict[str, Any]:
    """One level's numbers; per_second counts answered messages only."""
    latencies = [seconds * 1000 for seconds, _, _ in results]
    outcomes = Counter(outcome for _, outcome, _ in results)
    help_ms = [seconds * 1000 for seconds, _, find_help in results if find_help]
    return {
        "messages": len(results),
        "answered": outcomes["ok"],
        "errors": len(results) - outcomes["ok"],
        "errors_by_kind": {k: v for k, v in outcomes.items() if k != "ok"},
        "seconds": round(elapsed, 1),
        "per_second": round(outcomes["ok"] / elapsed, 2),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "find_help_messages": len(help_ms),
        "find_help_p95_ms": round(percentile(help_ms, 95), 1) if help_ms else None,
    }


async def first_message(url: str, message: str) -> tuple[float, str]:
    """One message in a new conversation: its latency and outcome."""
    async with aiohttp.ClientSession() as session:
        return await send(session, url, uuid.uuid4().hex, message)
