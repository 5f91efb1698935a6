"""The tracker store forgets what a user would expect to be forgotten (real Rasa events)."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import PROJECT_ROOT
from hulproute_rasa.tracker_store import (
    forget_answers_of_earlier_sessions,
    forget_before_restart,
)

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain"))


def _tracker(events):
    return DialogueStateTracker.from_events("someone", events, slots=DOMAIN.slots)


def _answers():
    return [
        SlotSet("residence_eu", "no"),
        SlotSet("residence_asylum", "dublin"),
        SlotSet("residence_question", "minor"),
    ]


def test_explainer_answers_do_not_survive_a_new_session_but_the_language_does():
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("hallo"),
        SlotSet("language", "nl"),
        *_answers(),
        # 30 minutes later: Rasa starts a new session and carries every slot over.
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("language", "nl"),
        *_answers(),
        ActionExecuted("action_listen"),
    ]
    tracker = forget_answers_of_earlier_sessions(_tracker(events))
    assert tracker.get_slot("language") == "nl"
    for slot in ("residence_eu", "residence_asylum", "residence_question"):
        assert tracker.get_slot(slot) is None, slot


def test_answers_given_in_the_current_session_are_kept_until_explained():
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        *_answers(),
    ]
    tracker = forget_answers_of_earlier_sessions(_tracker(events))
    assert tracker.get_slot("residence_asylum") == "dublin"


def test_delete_this_chat_forgets_the_answers_and_keeps_the_language():
    events = [
        ActionExecuted("action_listen"),
        UserUttered("my boss has my passport"),
        SlotSet("language", "en"),
        *_answers(),
        ActionExecuted("action_restart"),
        Restarted(),
    ]
    tracker = forget_before_restart(_tracker(events))
    assert tracker.get_slot("language") == "en"
    assert tracker.get_slot("residence_eu") is None
    assert not any(isinstance(e, UserUttered) for e in tracker.events)
