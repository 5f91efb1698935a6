"""The only tracker store: no message text at rest, conversations that expire, real deletion.

`PrivateTrackerStore` keeps conversations in memory, or in Redis (`inner`, for replicas), and
refuses at start-up any store that writes to a disk or cannot delete (Rasa's SQL, MongoDB,
DynamoDB), and any event broker (it would receive every message's text). Before anything
reaches the store, it:
- strips the text of every user and bot message (and REST metadata), keeping what the dialogue
  needs: intents, entity types, slots, the language detection, the response names;
- keeps entity values only for entities that carry codes (language, the explainer's coarse
  answers), and only the values the bot's own buttons send (a language code, "yes", "dublin",
  "passport:yes"): a typed `/choose_language{"language": "<any text>"}` keeps nothing;
- keeps a text slot only when its value is code-shaped (letters, digits and _ : . , -, as
  "GM0772" or "passport:yes,debt:no"), and passes it through `bot.privacy.redaction` too;
- drops everything before the latest restart ("delete this chat"), re-applying only the
  language code so the user is still answered in their language;
- drops explainer answers that Rasa carried into a new session.
A conversation idle for longer than `expire_after_minutes` (default 30) is deleted: judged by
the time of its latest event, which every replica sees the same; in Redis (the store replicas
share) the key also gets that time to live, so Redis deletes it even if no replica looks again.
In memory, a timer deletes it even when no message comes (without traffic nobody would look).
A deleted or expired conversation is also forgotten by the channels' rate limits and the
statistics' bookkeeping.

It also hands each saved conversation to the anonymous usage counter (hulproute_rasa/usage.py;
`statistics: false` switches that off).

Within a turn Rasa works on the full in-memory tracker (the action server needs the place the
user just typed); only what is saved is stripped.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Iterable
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    EntitiesAdded,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.language.codes import is_supported
from bot.privacy.redaction import redact
from bot.settings import Settings
from hulproute_rasa import runtime
from hulproute_rasa.conversation_language import LANGUAGE_DETECTION, LANGUAGE_SLOT
from hulproute_rasa.usage import ConversationCounter, make_counter

logger = logging.getLogger(__name__)

# Entities whose values are codes chosen by the bot, not words the user typed.
CODE_ENTITIES = frozenset(
    {
        "language",
        "residence_eu",
        "residence_asylum",
        "residence_minor",
        "residence_reported",
        "self_check_answer",
    }
)
# Slots that must not outlive a conversation (the explainer's and self-check's answers).
PER_CONVERSATION_SLOT_PREFIX = ("residence_", "self_check_")
# What of a user message's parse data is kept (no "text", no raw NLU output with text in it).
_KEPT_PARSE_KEYS = ("intent", "intent_ranking", LANGUAGE_DETECTION)
DEFAULT_EXPIRY_MINUTES = 30.0
# What a kept text slot may look like: a code the bot made, never words a person typed.
_CODE_SHAPED = re.compile(r"[A-Za-z0-9_:.,-]{0,256}")
# The only stores this wrapper can keep its promises for: conversations in memory, never on a
# disk, and really deleted. Rasa 3.6's SQL, MongoDB and DynamoDB stores write to disk and only
# append (a "delete this chat" or an expiry would delete nothing there).
SUPPORTED_INNER_STORES = ("redis",)


class UnsafeStoreError(ValueError):
    """The configuration asks for something that would keep what users wrote."""


def forget_before_restart(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of `tracker` holding only the events from its latest restart on."""
    events = list(tracker.events)
    restarts = [i for i, event in enumerate(events) if isinstance(event, Restarted)]
    if not restarts:
        return tracker
    cut = restarts[-1]
    language = None
    for event in events[:cut]:
        if isinstance(event, SlotSet) and event.key == LANGUAGE_SLOT:
            language = event.value
    pruned = _rebuild(tracker, events[cut:])
    if language and pruned.get_slot(LANGUAGE_SLOT) is None:
        # Appended last: the session start that follows a restart resets slots again.
        pruned.update(SlotSet(LANGUAGE_SLOT, language))
    return pruned


def forget_answers_of_earlier_sessions(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of `tracker` without the explainer answers carried into the latest session."""
    events = list(tracker.events)
    starts = [i for i, event in enumerate(events) if isinstance(event, SessionStarted)]
    if not starts:
        return tracker
    carried = set()
    for i in range(starts[-1] + 1, len(events)):
        event = events[i]
        if isinstance(event, ActionExecuted):
            break  # carried-over slots come right after SessionStarted, before action_listen
        if isinstance(event, SlotSet) and event.key.startswith(PER_CONVERSATION_SLOT_PREFIX):
            carried.add(i)
    if not carried:
        return tracker
    return _rebuild(tracker, [e for i, e in enumerate(events) if i not in carried])


def without_text(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of `tracker` with no message text and no identifier in it."""
    return _rebuild(tracker, [_textless(event) for event in tracker.events])


def private_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """What may be kept of a conversation."""
    return without_text(forget_answers_of_earlier_sessions(forget_before_restart(tracker)))


def _textless(event: Event) -> Event:
    if isinstance(event, UserUttered):
        entities = _clean_entities(event.entities)
        parse = {k: event.parse_data[k] for k in _KEPT_PARSE_KEYS if k in event.parse_data}
        parse["entities"] = entities
        parse["text"] = ""
        return UserUttered(
            text="",
            intent=event.intent,
            entities=entities,
            parse_data=parse,  # type: ignore[arg-type]
            timestamp=event.timestamp,
            input_channel=event.input_channel,
            message_id=event.message_id,
            metadata={},
        )
    if isinstance(event, BotUttered):
        kept = {k: event.metadata[k] for k in ("utter_action",) if k in (event.metadata or {})}
        return BotUttered(text="", data={}, metadata=kept, timestamp=event.timestamp)
    if isinstance(event, EntitiesAdded):
        return EntitiesAdded(_clean_entities(event.entities), timestamp=event.timestamp)
    if isinstance(event, SlotSet) and isinstance(event.value, str):
        value = redact(event.value) if _CODE_SHAPED.fullmatch(event.value) else None
        return SlotSet(event.key, value, timestamp=event.timestamp)
    return event


def _clean_entities(entities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for entity in entities:
        kind = entity.get("entity")
        value = entity.get("value")
        kept = redact(value) if _is_kept_value(kind, value) else ""
        cleaned.append({"entity": kind, "value": kept, "extractor": entity.get("extractor")})
    return cleaned


def _is_kept_value(kind: Any, value: Any) -> bool:
    """True for a value the bot itself sends for a code entity (a language code, an answer)."""
    if kind not in CODE_ENTITIES or not isinstance(value, str):
        return False
    if kind == LANGUAGE_SLOT:
        return is_supported(value)
    return runtime.known_payloads().is_known_value(kind, value)


def _rebuild(tracker: DialogueStateTracker, events: list[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        tracker.sender_id, events, slots=tracker.slots.values(), max_event_history=None
    )


class PrivateTrackerStore(TrackerStore):
    """Wraps the configured store; see the module docstring for what it guarantees."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: Any = None,
        host: str | None = None,
        inner: dict[str, Any] | None = None,
        expire_after_minutes: float = DEFAULT_EXPIRY_MINUTES,
        statistics: bool = True,  # noqa: A002 - the config key operators write
        statistics_flush_seconds: float | None = None,
        **kwargs: Any,
    ) -> None:
        if event_broker is not None:
            # Rasa passes every event, with the user's text, to an event broker (Kafka,
            # RabbitMQ, SQL) as it is saved. Nothing here would strip it first.
            raise UnsafeStoreError(
                "endpoints.yml configures an event_broker: it would receive what every user "
                "writes. Hulproute does not pass conversations on; remove the event_broker."
            )
        super().__init__(domain, None, **kwargs)
        self._expiry_seconds = float(expire_after_minutes) * 60
        if inner:
            config = EndpointConfig.from_dict(inner)
            if config.type not in SUPPORTED_INNER_STORES:
                raise UnsafeStoreError(
                    f"tracker_store inner type {config.type!r} is not supported: only memory "
                    f"(no inner) and {', '.join(SUPPORTED_INNER_STORES)} keep conversations off "
                    "the disk and can really delete them (docs/privacy.md)."
                )
            if config.type == "redis" and not config.kwargs.get("record_exp"):
                # Redis deletes an idle conversation by itself, whichever replica saw it last.
                config.kwargs["record_exp"] = self._expiry_seconds
            self._inner: TrackerStore = TrackerStore.create(config, domain)
        else:
            self._inner = InMemoryTrackerStore(domain or Domain.empty())
        # When the configured store fails (Redis down), conversations are kept here, text-free
        # like everything else, instead of in the plain in-memory store Rasa's own fail-safe
        # wrapper would switch to (which keeps every message's text).
        self._local = InMemoryTrackerStore(domain or Domain.empty())
        # Process-local idle clock: right only for the process-local (in-memory) stores.
        self._last_active: dict[str, float] = {}
        self._sweeper: asyncio.Task[None] | None = None
        self._counter: ConversationCounter | None = (
            # Read now, not from the process's cached settings: Rasa builds one store at start.
            make_counter(Settings.from_env(), statistics_flush_seconds) if statistics else None
        )

    @property
    def domain(self) -> Domain:
        """The domain; Rasa sets it again when the model loads, and the inner store needs it
        to rebuild conversations with their slots."""
        return self._domain

    @domain.setter
    def domain(self, domain: Domain | None) -> None:
        self._domain = domain or Domain.empty()
        for store in (getattr(self, "_inner", None), getattr(self, "_local", None)):
            if store is not None:
                store.domain = self._domain

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save what may be kept, count it, and delete conversations that have expired."""
        kept = private_copy(tracker)
        try:
            await self._save_inner(kept)
        except Exception as error:  # noqa: BLE001 - Redis down: see _local
            logger.warning("The tracker store failed (%s); kept in memory", type(error).__name__)
            await self._local.save(kept)
            self._last_active[tracker.sender_id] = time.monotonic()
        if self._counter is not None:
            await self._counter.observe(tracker)
        if isinstance(self._inner, InMemoryTrackerStore):
            self._last_active[tracker.sender_id] = time.monotonic()
        self._keep_sweeping()  # expired conversations are deleted by the timer, not per message

    async def _save_inner(self, kept: DialogueStateTracker) -> None:
        if isinstance(self._inner, RedisTrackerStore):
            # Rasa's Redis store merges the new tracker into the stored one, which would bring
            # back what private_copy dropped (the history before "delete this chat").
            store = self._inner
            key = store.key_prefix + kept.sender_id
            store.red.set(key, store.serialise_tracker(kept), ex=_seconds(store.record_exp))
        else:
            await self._inner.save(kept)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation, unless it has expired (then it is deleted)."""
        try:
            tracker = await self._inner.retrieve(sender_id)
        except Exception as error:  # noqa: BLE001 - Redis down: see _local
            logger.warning("The tracker store failed (%s); reading memory", type(error).__name__)
            tracker = None
        if tracker is None:
            tracker = await self._local.retrieve(sender_id)
        return await self._unexpired(sender_id, tracker)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Same as `retrieve`: sessions before a restart are not kept anyway."""
        return await self.retrieve(sender_id)

    async def keys(self) -> Iterable[str]:
        """Conversations that have not expired."""
        await self._delete_expired()
        return set(await self._inner.keys()) | set(self._local.store)

    async def delete(self, sender_id: str) -> None:
        """Delete a conversation completely, and what the channels and statistics know of it."""
        self._last_active.pop(sender_id, None)
        if self._counter is not None:
            self._counter.forget(sender_id)
        runtime.forget_conversation(sender_id)
        self._local.store.pop(sender_id, None)
        if isinstance(self._inner, InMemoryTrackerStore):
            self._inner.store.pop(sender_id, None)
        else:  # Redis, the only other store allowed
            try:
                self._inner.red.delete(self._inner.key_prefix + sender_id)
            except Exception as error:  # noqa: BLE001 - down: its time to live deletes it
                logger.warning("Could not delete from Redis (%s)", type(error).__name__)

    async def _unexpired(
        self, sender_id: str, tracker: DialogueStateTracker | None
    ) -> DialogueStateTracker | None:
        """`tracker`, or None (and deleted) when its latest event is older than the expiry."""
        if tracker is None or not tracker.events:
            return tracker
        if time.time() - tracker.events[-1].timestamp > self._expiry_seconds:
            await self.delete(sender_id)
            return None
        return tracker

    async def _delete_expired(self) -> None:
        now = time.monotonic()
        for sender_id, last in list(self._last_active.items()):
            if now - last > self._expiry_seconds:
                await self.delete(sender_id)
        if self._counter is not None:
            self._counter.forget_older_than(self._expiry_seconds)

    def _keep_sweeping(self) -> None:
        """Make sure the expiry timer runs in the current event loop (started by the first
        save; a test's new event loop gets a new timer)."""
        loop = asyncio.get_running_loop()
        if self._sweeper is None or self._sweeper.done() or self._sweeper.get_loop() is not loop:
            self._sweeper = loop.create_task(self._sweep_forever())

    async def _sweep_forever(self) -> None:
        interval = min(60.0, max(0.02, self._expiry_seconds / 4))
        while True:
            await asyncio.sleep(interval)
            try:
                await self._delete_expired()
            except Exception:  # noqa: BLE001 - the timer must outlive one failed sweep
                logger.warning("Deleting expired conversations failed", exc_info=True)


def _seconds(value: float | None) -> int | None:
    return max(1, int(value)) if value else None
