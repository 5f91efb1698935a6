"""The anonymous usage counts, fed from the conversations Rasa saves (bot/usage/counts.py).

Its own small component: the tracker store hands it each saved conversation and tells it when
a conversation is deleted or expires; counting never costs a user an answer.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import time
from collections import OrderedDict

from rasa.shared.core.events import Restarted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db.database import make_engine
from bot.run.local import READINESS_PROBE_SENDER
from bot.settings import Settings
from bot.usage import counts
from hulproute_rasa.conversation_language import LANGUAGE_SLOT

MUNICIPALITY_SLOT = "municipality_code"

logger = logging.getLogger(__name__)


def session_turns(tracker: DialogueStateTracker) -> list[counts.Turn]:
    """The user messages of the tracker's latest session (or since "delete this chat")."""
    turns: list[counts.Turn] = []
    municipality = None
    for event in tracker.events:
        if isinstance(event, SessionStarted | Restarted):
            turns, municipality = [], None  # slots carried over are set again after it
        elif isinstance(event, SlotSet) and event.key == MUNICIPALITY_SLOT:
            municipality = event.value
        elif isinstance(event, UserUttered):
            turns.append(counts.Turn(event.intent_name, event.timestamp, municipality))
    return turns


class ConversationCounter:
    """Feeds bot.usage.counts from saved trackers, counting each user message once even if Rasa
    saves the same tracker twice. It remembers only the latest counted message time per
    conversation, in memory, for the most recent conversations."""

    REMEMBERED = 10_000

    def __init__(self, recorder: counts.StatisticsRecorder) -> None:
        self.recorder = recorder
        self._counted: OrderedDict[str, float] = OrderedDict()
        self._schema_ready = False
        # One write at a time: while a write runs (the first one also creates the table, which
        # takes a second), later messages must not queue more writes behind it. Measured
        # before this guard: 73% of the Rasa process's CPU under load went to repeated writes.
        self._flushing = False
        atexit.register(self._flush)  # what is pending when Rasa stops

    async def observe(self, tracker: DialogueStateTracker) -> None:
        """Count what the latest message of a saved conversation adds."""
        if tracker.sender_id == READINESS_PROBE_SENDER:
            return  # the supervisor asking "are you up?", not a person
        turns = session_turns(tracker)
        if not turns or self._counted.get(tracker.sender_id) == turns[-1].timestamp:
            return
        self._counted[tracker.sender_id] = turns[-1].timestamp
        self._counted.move_to_end(tracker.sender_id)
        while len(self._counted) > self.REMEMBERED:
            self._counted.popitem(last=False)
        self.recorder.add(
            counts.cells_for_turn(
                turns, tracker.get_slot(LANGUAGE_SLOT), tracker.get_slot(MUNICIPALITY_SLOT)
            )
        )
        if not self._flushing and self.recorder.flush_due():
            self._flushing = True
            self.recorder.mark_attempt()  # a failing database is retried after flush_seconds
            flushing = asyncio.get_running_loop().run_in_executor(None, self._flush_in_background)
            if self.recorder.flush_seconds <= 0:
                await flushing  # tests and small deployments: written before the answer goes

    def _flush_in_background(self) -> None:
        try:
            self._flush()
        finally:
            self._flushing = False

    def forget(self, sender_id: str) -> None:
        """A conversation was deleted: drop its bookkeeping."""
        self._counted.pop(sender_id, None)

    def forget_older_than(self, seconds: float) -> None:
        """Drop the bookkeeping of conversations whose latest message is older than `seconds`
        (they have expired; Redis deletes them without telling anyone)."""
        oldest = time.time() - seconds
        for sender_id, latest in list(self._counted.items()):
            if latest < oldest:
                del self._counted[sender_id]

    def _flush(self) -> None:
        if not self.recorder.has_pending():
            return
        try:
            if not self._schema_ready:
                counts.ensure_schema(self.recorder.engine)
                self._schema_ready = True
            self.recorder.flush()
        except Exception as error:  # counting must never cost a user their answer
            kind = type(error).__name__
            logger.warning("statistics not written, kept for the next try: %s", kind)


def make_counter(settings: Settings, flush_seconds: float | None = None) -> ConversationCounter:
    """A counter writing to the settings' statistics database."""
    seconds = settings.statistics_flush_seconds if flush_seconds is None else flush_seconds
    engine = make_engine(settings.statistics_database_url)
    return ConversationCounter(counts.StatisticsRecorder(engine, float(seconds)))
