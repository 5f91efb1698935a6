"""A request with danger words: 112, then the request's own answer."""

from bot.emergency.next_step import EMERGENCY_ANSWER, LISTEN, danger_step, rule_answers
from bot.settings import PROJECT_ROOT

ANSWERS = {
    "ask_medical": ("utter_ask_medical",),
    "ask_report_police": ("utter_report_police", "action_residence_explainer"),
}


def test_112_comes_first_then_the_requests_own_answer():
    assert danger_step("ask_medical", True, (), ANSWERS) == EMERGENCY_ANSWER
    assert danger_step("ask_medical", True, (EMERGENCY_ANSWER,), ANSWERS) == "utter_ask_medical"
    done = (EMERGENCY_ANSWER, "utter_ask_medical")
    assert danger_step("ask_medical", True, done, ANSWERS) == LISTEN


def test_an_answer_of_several_actions_is_given_whole_after_112():
    steps = [(EMERGENCY_ANSWER,), (EMERGENCY_ANSWER, "utter_report_police")]
    assert [danger_step("ask_report_police", True, s, ANSWERS) for s in steps] == [
        "utter_report_police",
        "action_residence_explainer",
    ]


def test_no_danger_danger_itself_or_an_unknown_request_is_left_to_the_rules():
    assert danger_step("ask_medical", False, (), ANSWERS) is None
    assert danger_step("emergency", True, (), ANSWERS) is None
    assert danger_step("delete_conversation", True, (), ANSWERS) is None
    assert danger_step("ask_cost", True, (), ANSWERS) is None  # no rule known for it here


def test_the_answers_are_read_from_the_rules():
    answers = rule_answers(PROJECT_ROOT / "data" / "rules")
    assert answers["ask_medical"] == ("utter_ask_medical",)
    assert answers["ask_reflection_period"] == ("utter_reflection_period",)
    assert answers["ask_residence"] == ("utter_residence_overview", "action_residence_explainer")
    # "a typed yes right after the explainer" starts with an action: not an answer of its own
    assert answers["affirm"] == ("utter_what_else",)
