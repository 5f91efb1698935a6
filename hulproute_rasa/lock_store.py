"""A lock per conversation in Redis that really excludes: one message at a time, across replicas.

Why not Rasa's own `RedisLockStore`: in Rasa 3.6 it issues tickets by reading the lock from
Redis, changing it in Python and writing it back, with nothing atomic in between. Two replicas
taking a message of the same conversation at the same moment both get "their turn", both answer
from the same stored conversation, and the later save overwrites the earlier one: a message and
its answer are lost (measured here: 1 to 5 of 10 simultaneous messages lost; RasaHQ/rasa#9213;
an atomic variant, RasaHQ/rasa#11256, was reverted in #11428).

This store takes the lock with one atomic Redis command (SET NX PX, redis-py's `Lock`), and
releases it only if it still holds it (a Lua script compares the token). Waiting replicas retry
every 10 ms instead of Rasa's 1 s. Messages of one conversation that arrive at the same moment
are answered one after another, not necessarily in arrival order; a person waits for an answer
before writing again, so that order is theirs anyway.

Endpoint config (deploy/endpoints.yml): type hulproute_rasa.lock_store.AtomicRedisLockStore,
url, port, db, password, key_prefix.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager, suppress
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig
from redis.asyncio import Redis
from redis.exceptions import LockError as RedisLockError
from redis.exceptions import RedisError

from hulproute_rasa import runtime

RETRY_SECONDS = 0.01


class AtomicRedisLockStore(LockStore):
    """Rasa's lock store interface over an atomic Redis mutex per conversation."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        config = dict(endpoint_config.kwargs) if endpoint_config else {}
        config.update(kwargs)
        host = (endpoint_config.url if endpoint_config else None) or "localhost"
        prefix = str(config.get("key_prefix") or "")
        self.key_prefix = f"{prefix}:lock:" if prefix else "lock:"
        self.red = Redis(
            host=host,
            port=int(config.get("port", 6379)),
            db=int(config.get("db", 1)),
            password=config.get("password"),
        )

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float | None = None,
        wait_time_in_seconds: float = RETRY_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's lock for the duration of the block (at most
        `lock_lifetime` seconds, after which Redis frees it so a crashed replica cannot block
        a conversation forever). Raises LockError when it cannot be had within that time.
        The lifetime is Rasa's own setting, TICKET_LOCK_LIFETIME (bot/settings.py)."""
        lock_lifetime = lock_lifetime or runtime.settings().lock_lifetime_seconds
        mutex = self.red.lock(
            self.key_prefix + conversation_id,
            timeout=lock_lifetime,
            sleep=min(wait_time_in_seconds, RETRY_SECONDS),
            blocking_timeout=lock_lifetime,
        )
        try:
            acquired = await mutex.acquire()
        except RedisError as error:
            raise LockError(f"Redis lock store unavailable: {type(error).__name__}") from error
        if not acquired:
            raise LockError(f"Could not acquire lock for conversation '{conversation_id}'.")
        try:
            yield TicketLock(conversation_id)
        finally:
            # RedisLockError: it had expired (lifetime passed); another message may hold it now.
            with suppress(RedisLockError):
                await mutex.release()

    # Rasa's ticket bookkeeping, which this store replaces, is never used by Rasa's callers
    # (they only use `lock`); these keep the abstract interface whole.
    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return None

    def delete_lock(self, conversation_id: str) -> None:
        return None

    def save_lock(self, lock: TicketLock) -> None:
        return None
