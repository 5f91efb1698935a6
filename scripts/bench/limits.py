"""The bot's message limits as the load benchmarks run it."""

from __future__ import annotations

import os

from bot.settings import Settings

# The bot's global message limit (HULPROUTE_GLOBAL_MESSAGES_PER_SECOND, 20 a second by default,
# HULPROUTE_GLOBAL_MESSAGE_BURST 40) would refuse most of the load: the benchmarks raise it, so
# they measure what the servers can answer, not the limit.
RAISED_GLOBAL_LIMIT = {
    "HULPROUTE_GLOBAL_MESSAGES_PER_SECOND": "100000",
    "HULPROUTE_GLOBAL_MESSAGE_BURST": "100000",
}


def limits_in_force(extra_env: dict[str, str]) -> dict[str, float]:
    """The limits a server started with `extra_env` on top of this environment applies."""
    limits = Settings.from_env({**os.environ, **extra_env}).limits
    return {
        "conversation_burst": limits.burst,
        "conversation_per_minute": limits.per_minute,
        "global_per_second": limits.global_per_second,
        "global_burst": limits.global_burst,
    }
