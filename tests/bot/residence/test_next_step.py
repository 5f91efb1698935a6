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


def test_an_unclear_reply_right_after_a_question_counts_as_unsure():
    assert residence_step("nlu_fallback", True, False, (), just_asked=True) == ANSWER
    assert residence_step("nlu_fallback", True, False, ()) is None  # the talk moved on since
    assert residence_step("out_of_scope", True, False, (), just_asked=True) is None


def test_a_situation_that_sounds_like_a_police_question_answers_the_question_just_asked():
    assert residence_step("ask_report_police", True, True, (), just_asked=True) == ANSWER
    assert residence_step("ask_report_police", True, True, ()) is None  # later: a new question
    assert residence_step("emergency", True, True, (), just_asked=True) is None


def test_a_residence_question_right_after_a_question_moves_on():
    assert residence_step("ask_residence", True, False, (), just_asked=True) == ANSWER
    assert residence_step("ask_residence", True, False, ()) is None  # later: starts again


def test_a_police_statement_or_a_minors_reply_right_after_a_question_answers_it():
    # "horay ayaan booliska ugu tegay" with a spelling the lexicon lacks; "мне семнадцать".
    assert residence_step("ask_report_police", True, False, (), just_asked=True) == ANSWER
    assert residence_step("inform_minor", True, False, (), just_asked=True) == ANSWER
    assert residence_step("ask_report_police", True, False, ()) is None  # later: starts again
    assert residence_step("inform_minor", True, False, ()) is None  # later: the minor's answer
