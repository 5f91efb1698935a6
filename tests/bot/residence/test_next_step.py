"""A typed situation answers the explainer's open question."""

from bot.residence.next_step import ANSWER, LISTEN, residence_step


def test_a_typed_situation_answers_the_open_question_whatever_the_intent():
    assert residence_step("out_of_scope", True, True, ()) == ANSWER
    assert residence_step("out_of_scope", True, True, (ANSWER,)) == LISTEN


def test_nothing_is_forced_without_an_open_question_or_an_answer_or_for_danger():
    assert residence_step("out_of_scope", False, True, ()) is None
    assert residence_step("out_of_scope", True, False, ()) is None
    assert residence_step("emergency", True, True, ()) is None
    assert residence_step("ask_residence", True, True, ()) is None  # starts again, with them
