"""A tracker store that forgets a conversation's history when it is restarted.

Rasa's own stores keep every event after `action_restart`; "delete this chat" must mean the
history is gone. On save, everything before the latest `Restarted` event is dropped. The
conversation's language is re-applied after the restart so the user is still answered in
their language (a language code, never message text).

Answers to the residence explainer's questions belong to one conversation only: when a new
session starts (after 30 minutes of silence), Rasa carries slots over, and those answers are
dropped again here.
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.events import ActionExecuted, Restarted, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from hulproute_rasa.conversation_language import LANGUAGE_SLOT


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
    pruned = DialogueStateTracker.from_events(
        tracker.sender_id, events[cut:], slots=tracker.slots.values(), max_event_history=None
    )
    if language and pruned.get_slot(LANGUAGE_SLOT) is None:
        # Appended last: the session start that follows a restart resets slots again.
        pruned.update(SlotSet(LANGUAGE_SLOT, language))
    return pruned


# Slots that must not outlive a conversation (the explainer's coarse answers).
PER_CONVERSATION_SLOT_PREFIX = "residence_"


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
    kept = [event for i, event in enumerate(events) if i not in carried]
    return DialogueStateTracker.from_events(
        tracker.sender_id, kept, slots=tracker.slots.values(), max_event_history=None
    )


class ForgetfulTrackerStore(InMemoryTrackerStore):
    """In memory only (nothing on disk), and forgetting everything before a restart."""

    async def save(self, tracker: DialogueStateTracker, **kwargs: Any) -> None:
        """Save the tracker without its pre-restart history."""
        tracker = forget_answers_of_earlier_sessions(forget_before_restart(tracker))
        await super().save(tracker, **kwargs)
