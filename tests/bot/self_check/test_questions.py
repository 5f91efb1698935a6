"""The self-check: outcomes over answer combinations, and nothing kept after it ends."""

import itertools

import pytest
import yaml

from bot.i18n.translator import Translator
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.self_check.dialogue import ANSWERS_SLOT, OPEN_SLOT, STOP, self_check_turn
from bot.self_check.questions import assess, load_questions
from bot.self_check.text import result_text
from bot.settings import PROJECT_ROOT

FACTS = PROJECT_ROOT / "facts" / "self_check.yml"


@pytest.fixture(scope="module")
def questions():
    return load_questions(FACTS)


def test_at_most_eight_sourced_questions_covering_sexual_and_labour_exploitation(questions):
    assert 1 <= len(questions) <= 8
    assert all(q.source.startswith("https://") and q.indicator for q in questions.values())
    assert {"forced_sex", "money", "passport", "debt"} <= set(questions)


def test_the_questions_asked_are_the_questions_in_the_data(questions):
    messages = yaml.safe_load((PROJECT_ROOT / "messages" / "self_check.yml").read_text())
    for key, question in questions.items():
        assert messages["responses"][f"utter_ask_self_check_{key}"][0]["text"] == question.asks


# Every combination of yes / no / unsure over three questions, the rest skipped; expected
# outcomes follow the rule in bot/self_check/questions.py.
CASES = list(itertools.product(["yes", "no", "unsure"], repeat=3))


@pytest.mark.parametrize("answers", CASES, ids="-".join)
@pytest.mark.parametrize("keys", [("passport", "debt", "housing"), ("threats", "money", "debt")])
def test_outcomes_over_answer_combinations(questions, keys, answers):
    given = dict(zip(keys, answers, strict=True))
    result = assess(given, questions)
    yes = [k for k, a in given.items() if a == "yes"]
    unsure = [k for k, a in given.items() if a == "unsure"]
    if len(yes) >= 2 or any(questions[k].strong for k in yes):
        assert result.outcome == "clear"
    elif yes or len(unsure) >= 2:
        assert result.outcome == "some"
    else:
        assert result.outcome == "none"
    assert list(result.signs) == [k for k in questions if k in yes]  # in question order


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"forced_sex": "yes"}, "clear"),  # one sign that is enough on its own
        ({"passport": "yes", "debt": "yes"}, "clear"),
        ({"passport": "yes"}, "some"),  # one sign proves nothing
        ({"money": "unsure", "housing": "unsure"}, "some"),
        ({}, "none"),  # everything skipped
        ({k: "no" for k in ("passport", "money", "debt")}, "none"),
    ],
)
def test_example_situations(questions, answers, outcome):
    assert assess(answers, questions).outcome == outcome


def _walk(questions, clicks):
    slots = {}
    turns = [self_check_turn(questions, True, None, None, None)]
    slots.update(turns[-1].slots)
    for given in clicks:
        turn = self_check_turn(
            questions, False, slots.get(OPEN_SLOT), slots.get(ANSWERS_SLOT), given
        )
        turns.append(turn)
        slots.update(turn.slots)
    return turns, slots


def test_eight_questions_then_the_result_and_nothing_kept(questions):
    clicks = [f"{k}:{'yes' if k == 'passport' else 'no'}" for k in questions]
    turns, slots = _walk(questions, clicks)
    asked = [r for t in turns for r in t.responses]
    assert asked[0] == "utter_self_check_start"
    assert asked[1:-1] == [f"utter_ask_self_check_{k}" for k in questions]
    assert asked[-1] == "utter_self_check_result"
    assert turns[-1].result.outcome == "some"
    assert slots == {OPEN_SLOT: None, ANSWERS_SLOT: None}
    kept = {s for t in turns for s in t.slots}
    assert kept == {OPEN_SLOT, ANSWERS_SLOT}  # only the coarse answers, nothing else


def test_stopping_half_way_clears_the_answers(questions):
    turns, slots = _walk(questions, ["passport:yes", "money:unsure", STOP])
    assert turns[-1].responses == ("utter_self_check_stopped",)
    assert slots == {OPEN_SLOT: None, ANSWERS_SLOT: None}


def test_stored_answers_hold_only_question_keys_and_answer_codes(questions):
    turns, _ = _walk(questions, ["passport:Johannes", "debt:unsure", None])
    stored = turns[-1].slots[ANSWERS_SLOT]
    # A value the buttons never send becomes "skip"; a typed skip answers the open question.
    assert stored == "passport:skip,debt:unsure,money:skip"


def test_typed_yes_answers_the_open_question(questions):
    turn = self_check_turn(questions, False, "passport", None, None, typed="yes")
    assert turn.slots[ANSWERS_SLOT] == "passport:yes"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_result_is_never_a_verdict_and_says_it_is_not_their_fault(questions, language):
    translator = Translator(PROJECT_ROOT / "locales", SUPPORTED_LANGUAGES)
    for outcome in ("clear", "some", "none"):
        text = result_text({"outcome": outcome}, language, translator)
        assert text.count("\n\n") == 2
        not_your_fault = translator.gettext(
            language, "It is not your fault, whatever you had to do."
        )
        assert not_your_fault in text
