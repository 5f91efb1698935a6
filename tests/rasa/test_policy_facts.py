"""What the next-step policy reads from the tracker (hulproute_rasa/policy.py)."""

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from hulproute_rasa.policy import _route_given

ROUTE = BotUttered("…", metadata={"utter_action": "utter_help_route"})
VENLO, ZWOLLE = "GM0983", "GM0193"


def _tracker(*events):
    return DialogueStateTracker.from_events("someone", [UserUttered("…"), *events])


def test_the_route_counts_as_given_although_its_action_sets_the_same_town_again():
    # Rasa puts an action's events after its messages: route, then SlotSet(the same town).
    tracker = _tracker(
        SlotSet("municipality_code", VENLO),
        ActionExecuted("action_find_help"),
        ROUTE,
        SlotSet("municipality_code", VENLO),
    )
    assert _route_given(tracker)


def test_another_town_or_a_cleared_one_needs_the_route_again():
    given = [SlotSet("municipality_code", VENLO), ROUTE, SlotSet("municipality_code", VENLO)]
    assert not _route_given(_tracker(*given, SlotSet("municipality_code", ZWOLLE)))
    assert not _tracker(*given, SlotSet("municipality_code", None)).get_slot("municipality_code")
    assert not _route_given(_tracker(*given, SlotSet("municipality_code", None)))
    assert not _route_given(_tracker(SlotSet("municipality_code", VENLO)))
