"""The Redis lock store excludes for real: two stores (as two replicas would hold) never let
two messages of one conversation be handled at the same time."""

import asyncio
import uuid

import pytest
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from hulproute_rasa.lock_store import AtomicRedisLockStore
from tests.services import redis_client


def _store():
    redis_client(14)  # skips only when no Redis answers
    config = EndpointConfig(url="127.0.0.1", port=6379, db=14, key_prefix="locktest")
    return AtomicRedisLockStore(config)


def test_two_replicas_never_hold_one_conversation_at_once():
    replicas = [_store(), _store()]
    conversation = uuid.uuid4().hex
    inside, overlaps, done = [], [], []

    async def handle(i: int) -> None:
        async with replicas[i % 2].lock(conversation):
            if inside:
                overlaps.append(i)
            inside.append(i)
            await asyncio.sleep(0.005)  # a message being answered
            inside.remove(i)
            done.append(i)

    async def main() -> None:
        await asyncio.gather(*(handle(i) for i in range(40)))

    asyncio.run(main())
    assert sorted(done) == list(range(40)) and overlaps == []


def test_other_conversations_do_not_wait():
    store = _store()

    async def main() -> None:
        first, second = "a-" + uuid.uuid4().hex, "b-" + uuid.uuid4().hex
        async with store.lock(first), store.lock(second, lock_lifetime=0.5):
            pass

    asyncio.run(main())


def test_a_lock_that_cannot_be_had_in_time_is_an_error_not_a_hang():
    store = _store()
    conversation = uuid.uuid4().hex

    async def main() -> None:
        async with store.lock(conversation, lock_lifetime=5):
            with pytest.raises(LockError):
                async with store.lock(conversation, lock_lifetime=0.2):
                    pass

    asyncio.run(main())
