"""The only tracker store: no message text at rest, conversations that expire, real deletion.

`PrivateTrackerStore` wraps whichever store is configured (`inner`, any Rasa tracker store
endpoint config; in memory by default) and, before anything reaches it:
- strips the text of every user and bot message (and REST metadata), keeping what the dialogue
  needs: intents, entity types, slots, the language detection, the response names;
- keeps entity values only for entities that carry codes (language, the explainer's coarse
  answers), and passes every kept value through `bot.redaction` (phone numbers, e-mail
  addresses, IBANs, BSN and V-numbers);
- drops everything before the latest restart ("delete this chat"), re-applying only the
  language code so the user is still answered in their language;
- drops explainer answers that Rasa carried into a new session.
A conversation idle for longer than `expire_after_minutes` (default 30) is deleted.

Within a turn Rasa works on the full in-memory tracker (the action server needs the place the
user just typed); only what is saved is stripped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
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

from bot.redaction import redact
from hulproute_rasa.conversation_language import LANGUAGE_DETECTION, LANGUAGE_SLOT

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
        return SlotSet(event.key, redact(event.value), timestamp=event.timestamp)
    return event


def _clean_entities(entities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for entity in entities:
        kind = entity.get("entity")
        value = entity.get("value")
        kept = redact(str(value)) if kind in CODE_ENTITIES and value is not None else ""
        cleaned.append({"entity": kind, "value": kept, "extractor": entity.get("extractor")})
    return cleaned


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
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        if inner:
            config = EndpointConfig.from_dict(inner)
            self._inner: TrackerStore = TrackerStore.create(config, domain)
        else:
            self._inner = InMemoryTrackerStore(domain or Domain.empty())
        self._expiry_seconds = float(expire_after_minutes) * 60
        self._last_active: dict[str, float] = {}

    @property
    def domain(self) -> Domain:
        """The domain; Rasa sets it again when the model loads, and the inner store needs it
        to rebuild conversations with their slots."""
        return self._domain

    @domain.setter
    def domain(self, domain: Domain | None) -> None:
        self._domain = domain or Domain.empty()
        inner = getattr(self, "_inner", None)
        if inner is not None:
            inner.domain = self._domain

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save what may be kept, and delete conversations that have expired."""
        await self._inner.save(private_copy(tracker))
        self._last_active[tracker.sender_id] = time.monotonic()
        await self._delete_expired()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation, unless it has expired (then it is deleted)."""
        if await self._expired(sender_id):
            return None
        return await self._inner.retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Same as `retrieve`: sessions before a restart are not kept anyway."""
        if await self._expired(sender_id):
            return None
        return await self._inner.retrieve_full_tracker(sender_id)

    async def keys(self) -> Iterable[str]:
        """Conversations that have not expired."""
        await self._delete_expired()
        return await self._inner.keys()

    async def delete(self, sender_id: str) -> None:
        """Delete a conversation completely."""
        self._last_active.pop(sender_id, None)
        if isinstance(self._inner, InMemoryTrackerStore):
            self._inner.store.pop(sender_id, None)
            return
        # Other stores have no delete in Rasa 3.6: overwrite with an empty conversation.
        await self._inner.save(DialogueStateTracker(sender_id, self.domain.slots))

    async def _expired(self, sender_id: str) -> bool:
        last = self._last_active.get(sender_id)
        if last is not None and time.monotonic() - last > self._expiry_seconds:
            await self.delete(sender_id)
            return True
        return False

    async def _delete_expired(self) -> None:
        now = time.monotonic()
        for sender_id, last in list(self._last_active.items()):
            if now - last > self._expiry_seconds:
                await self.delete(sender_id)
