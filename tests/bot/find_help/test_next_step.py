"""A place wins wherever it comes (the decisions the NextStepPolicy takes)."""

import pytest

from bot.find_help.next_step import FIND_HELP, LISTEN, PlaceFacts, route_step


def _facts(intent, actions=(), place=False, reads=False, known=False, asked=False, given=True):
    return PlaceFacts(intent, place, reads, known, given, asked, tuple(actions))


@pytest.mark.parametrize("intent", ["ask_help", "nlu_fallback", "affirm"])
def test_a_help_request_with_a_town_gets_the_route_instead_of_the_general_answer(intent):
    assert route_step(_facts(intent, place=True)) == FIND_HELP
    assert route_step(_facts(intent)) is None  # no town: the rules answer


@pytest.mark.parametrize(
    "intent",
    ["emergency", "disclose_exploitation", "ask_shelter", "ask_medical", "ask_legal_aid",
     "ask_lgbt", "inform_minor"],
)  # fmt: skip
def test_a_request_with_its_own_answer_gets_the_route_after_it(intent):
    assert route_step(_facts(intent, place=True)) is None  # its own answer first (112 first)
    assert route_step(_facts(intent, [f"utter_{intent}"], place=True)) == FIND_HELP
    assert route_step(_facts(intent, [f"utter_{intent}", FIND_HELP], place=True)) == LISTEN
    assert route_step(_facts(intent, [f"utter_{intent}"])) is None  # no town in the message


def test_a_town_named_earlier_is_used_when_help_is_asked_later():
    assert route_step(_facts("ask_help", known=True, given=False)) == FIND_HELP
    # Asked again after the route was given ("who can help me with this?"): the route again,
    # as 17 of 20 such turns of the dev conversations expect; a topic's answer does not repeat it.
    assert route_step(_facts("ask_help", known=True)) == FIND_HELP
    # a topic's answer is followed by the route of a town named earlier, once
    assert route_step(_facts("ask_shelter", ["utter_ask_shelter"], known=True, given=False)) == (
        FIND_HELP
    )
    assert route_step(_facts("ask_medical", ["utter_ask_medical"], known=True)) is None


def test_after_which_town_a_reply_that_reads_as_a_town_is_one():
    assert route_step(_facts("greet", reads=True, asked=True)) == FIND_HELP
    assert route_step(_facts("out_of_scope", place=True, asked=True)) == FIND_HELP
    assert route_step(_facts("greet", reads=True)) is None  # nobody asked
    assert route_step(_facts("emergency", reads=True, asked=True)) is None  # danger first
    assert route_step(_facts("deny", asked=True)) is None
    # a known town in the reply wins over a classifier that read "біля Апелдорна" as goodbye
    assert route_step(_facts("goodbye", place=True, asked=True)) == FIND_HELP
    assert route_step(_facts("goodbye", reads=True, asked=True)) is None


def test_the_danger_answer_asks_where_the_user_is():
    from bot.find_help.next_step import ASKED_FOR_PLACE

    assert "utter_emergency" in ASKED_FOR_PLACE


def test_the_route_ends_the_turn():
    assert route_step(_facts("ask_help", [FIND_HELP], place=True)) == LISTEN


def test_a_place_request_that_also_asks_about_a_topic_gets_the_topic_then_the_route():
    facts = PlaceFacts("find_help_nearby", True, False, False, False, False, (), "ask_lgbt")
    assert route_step(facts) == "utter_ask_lgbt"
    after = PlaceFacts("find_help_nearby", True, False, False, False, False,
                       ("utter_ask_lgbt",), "ask_lgbt")  # fmt: skip
    assert route_step(after) == FIND_HELP
    no_town = PlaceFacts("find_help_nearby", False, False, False, False, False, (), "ask_lgbt")
    assert route_step(no_town) is None
