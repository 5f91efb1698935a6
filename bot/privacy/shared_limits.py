"""The per-conversation message limit shared by several Rasa replicas, in Redis.

nginx spreads one conversation's messages over the replicas, so a limit counted in each
process would let a conversation send N times as fast. This is the same token bucket as
`bot.privacy.limits.RateLimiter`, kept in Redis: one small hash per conversation, changed by one
atomic script with Redis's own clock (the replicas' clocks may differ), and deleted by Redis
once the bucket has refilled. If Redis does not answer, the process's own bucket decides: a
message is never lost because the limit cannot be counted.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.privacy.limits import RateLimiter

logger = logging.getLogger(__name__)

# KEYS[1] the bucket; ARGV: tokens per second, burst, time to live in ms. Returns 1 or 0.
_TOKEN_BUCKET = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(saved[1]) or burst
local at = tonumber(saved[2]) or t
tokens = math.min(burst, tokens + math.max(0, t - at) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(t))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return allowed
"""


class RedisRateLimiter:
    """A token bucket per key in Redis: `burst` at once, then `per_minute`."""

    def __init__(self, redis: Any, per_minute: float, burst: int, prefix: str) -> None:
        self._redis = redis
        self._script = redis.register_script(_TOKEN_BUCKET)
        self._prefix = prefix
        self._fallback = RateLimiter(per_minute, burst)
        self._args = (per_minute / 60.0, burst, int(self._fallback.refill_seconds * 1000) + 1)

    def allow(self, key: str) -> bool:
        """True when `key` may send a message now (and count it)."""
        try:
            return bool(self._script(keys=[self._prefix + key], args=list(self._args)))
        except Exception as error:  # noqa: BLE001 - Redis down: count in this process
            logger.warning("Shared limit unavailable (%s); counting locally", type(error).__name__)
            return self._fallback.allow(key)

    def forget(self, key: str) -> None:
        """Drop what is known of `key` (a deleted or expired conversation)."""
        self._fallback.forget(key)
        try:
            self._redis.delete(self._prefix + key)
        except Exception as error:  # noqa: BLE001 - its time to live deletes it anyway
            logger.warning("Shared limit unavailable (%s)", type(error).__name__)

    def __len__(self) -> int:
        return len(self._fallback)


def shared_conversation_limiter(
    host: str, port: int, db: int, per_minute: float, burst: int
) -> RedisRateLimiter:
    """The per-conversation limiter all replicas share (same Redis as the tracker store)."""
    from redis import Redis  # type: ignore[import-untyped]

    client = Redis(host=host, port=port, db=db, socket_timeout=1, socket_connect_timeout=1)
    return RedisRateLimiter(client, per_minute, burst, prefix="hulproute:limit:")
