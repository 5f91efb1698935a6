"""The self-check: what the answers show, written from the sources; nothing kept after it ends.

The expected results are written from what the sources say the answers mean, not from the code
that computes them:
- facts/self_check.yml, after facts-nl.md §6: "A single sign proves nothing; several together are
  a strong indication; some signs (violence, forced sex, not being free to leave) can be enough on
  their own (ILO)." §6.1: "One indicator can be enough in some cases; in others several are
  needed together."
- the three outcomes, as bot/self_check/text.py words them: "clear signs of exploitation"
  (clear), "some signs of exploitation" (some), "no clear signs of exploitation" (none).
- "Not sure" and "skip" are not signs. The sources say nothing more about "not sure"; for it the
  rule bot/self_check/questions.py documents is the expectation: two or more "not sure" are worth
  talking about ("some"), one is not.
"""

import itertools

import pytest
import yaml

from bot.i18n.translator import Translator
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.self_check.dialogue import ANSWERS_SLOT, OPEN_SLOT, STOP, self_check_turn
from bot.self_check.questions import SelfCheckDataError, assess, load_questions
from bot.self_check.text import result_text
from bot.settings import PROJECT_ROOT

FACTS = PROJECT_ROOT / "facts" / "self_check.yml"
# "some signs (violence, forced sex, not being free to leave) can be enough on their own"
ENOUGH_ON_THEIR_OWN = {"threats", "not_free", "forced_sex"}
# From "no clear signs" through "some signs" to "clear signs".
RANK = {"none": 0, "some": 1, "clear": 2}
# The answers a person gives, from the weakest to the strongest ("skip" is tested apart).
GRADES = ("no", "unsure", "yes")
# The eight questions of facts/self_check.yml.
ALL = tuple("passport money debt threats not_free false_promises housing forced_sex".split())


@pytest.fixture(scope="module")
def questions():
    return load_questions(FACTS)


def test_at_most_eight_sourced_questions_covering_sexual_and_labour_exploitation(questions):
    assert 1 <= len(questions) <= 8
    assert all(q.source.startswith("https://") and q.indicator for q in questions.values())
    assert {"forced_sex", "money", "passport", "debt"} <= set(questions)


def test_a_ninth_question_is_refused(questions, tmp_path):
    data = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    for n in range(len(questions), 9):
        data["questions"][f"extra_{n}"] = {
            "asks": "Do you have to work very long days?",
            "source": questions["passport"].source,
            "indicator": "ILO: excessive overtime",
        }
    nine = tmp_path / "self_check.yml"
    nine.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(SelfCheckDataError, match="1 to 8"):
        load_questions(nine)


def test_the_questions_asked_are_the_questions_in_the_data(questions):
    messages = yaml.safe_load((PROJECT_ROOT / "messages" / "self_check.yml").read_text())
    for key, question in questions.items():
        assert messages["responses"][f"utter_ask_self_check_{key}"][0]["text"] == question.asks


def test_the_signs_that_count_on_their_own_are_violence_forced_sex_and_not_being_free(questions):
    assert {key for key, q in questions.items() if q.strong} == ENOUGH_ON_THEIR_OWN
    assert set(questions) == set(ALL)  # the situations below answer every question


# --- situations, each with what the sources say it shows ---------------------------------------


def _everything(answer, **others):
    return {**dict.fromkeys(ALL, answer), **others}


# (answers, outcome, the signs listed, the questions listed as not sure)
SITUATIONS = {
    # One sign that can be enough on its own.
    "forced sex alone": ({"forced_sex": "yes"}, "clear", {"forced_sex"}, set()),
    "threatened or hit, alone": ({"threats": "yes"}, "clear", {"threats"}, set()),
    "not free to leave, alone": ({"not_free": "yes"}, "clear", {"not_free"}, set()),
    "forced sex, everything else no": (
        _everything("no", forced_sex="yes"), "clear", {"forced_sex"}, set()
    ),
    "not free, everything else skipped": (
        _everything("skip", not_free="yes"), "clear", {"not_free"}, set()
    ),
    # A single sign proves nothing, but it is a sign.
    "passport alone": ({"passport": "yes"}, "some", {"passport"}, set()),
    "money, everything else no": (_everything("no", money="yes"), "some", {"money"}, set()),
    "debt, housing not sure": (
        {"debt": "yes", "housing": "unsure"}, "some", {"debt"}, {"housing"}
    ),
    "one sign and two not sure": (
        {"passport": "yes", "money": "unsure", "debt": "unsure"},
        "some", {"passport"}, {"money", "debt"},
    ),
    "one sign, the strong questions skipped": (
        {"passport": "yes", "threats": "skip", "not_free": "skip", "forced_sex": "skip"},
        "some", {"passport"}, set(),
    ),
    # Several together are a strong indication.
    "passport and debt": ({"passport": "yes", "debt": "yes"}, "clear", {"passport", "debt"}, set()),
    "money, false promises and housing": (
        _everything("no", money="yes", false_promises="yes", housing="yes"),
        "clear", {"money", "false_promises", "housing"}, set(),
    ),
    "yes to everything": (_everything("yes"), "clear", set(ALL), set()),
    # No sign.
    "no to everything": (_everything("no"), "none", set(), set()),
    "nothing answered": ({}, "none", set(), set()),
    "everything skipped": (_everything("skip"), "none", set(), set()),
    # Not sure is not a sign.
    "two not sure": ({"money": "unsure", "housing": "unsure"}, "some", set(), {"money", "housing"}),
    "not sure about everything": (_everything("unsure"), "some", set(), set(ALL)),
    "one not sure, everything else no": (
        _everything("no", debt="unsure"), "none", set(), {"debt"}
    ),
    "not sure about forced sex, alone": ({"forced_sex": "unsure"}, "none", set(), {"forced_sex"}),
    # What the buttons never send counts for nothing.
    "a question that does not exist": ({"boss": "yes"}, "none", set(), set()),
    "an answer that does not exist": (
        {"forced_sex": "maybe", "threats": "YES"}, "none", set(), set()
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "outcome", "signs", "unsure"), SITUATIONS.values(), ids=SITUATIONS.keys()
)
def test_what_the_answers_show(questions, answers, outcome, signs, unsure):
    result = assess(answers, questions)
    assert (result.outcome, set(result.signs), set(result.unsure)) == (outcome, signs, unsure)
    assert len(result.signs) == len(signs) and len(result.unsure) == len(unsure)  # no repeats


def test_signs_are_listed_in_the_order_the_questions_are_asked(questions):
    answers = {"housing": "yes", "forced_sex": "unsure", "money": "yes", "passport": "unsure"}
    result = assess(answers, questions)
    order = list(questions)
    assert list(result.signs) == sorted(["housing", "money"], key=order.index)
    assert list(result.unsure) == sorted(["forced_sex", "passport"], key=order.index)


# --- invariants over every way to answer the questions ------------------------------------------


@pytest.fixture(scope="module")
def grid(questions):
    """Every way to answer all the questions with no / not sure / yes, and its result."""
    keys = list(questions)
    return {
        combination: assess(dict(zip(keys, combination, strict=True)), questions)
        for combination in itertools.product(GRADES, repeat=len(keys))
    }


def _said(questions, combination):
    said = [f"{k}:{a}" for k, a in zip(questions, combination, strict=True) if a != "no"]
    return ", ".join(said) or "no to everything"


def test_a_stronger_answer_never_lowers_the_outcome(questions, grid):
    # no -> not sure -> yes, one question at a time: more worry never shows less.
    for combination, result in grid.items():
        for i, answer in enumerate(combination):
            if answer == "yes":
                continue
            stronger = (*combination[:i], GRADES[GRADES.index(answer) + 1], *combination[i + 1 :])
            assert RANK[grid[stronger].outcome] >= RANK[result.outcome], (
                _said(questions, combination),
                _said(questions, stronger),
            )


def test_skipping_or_not_answering_counts_the_same_as_no(questions, grid):
    keys = list(questions)
    for combination, result in grid.items():
        given = dict(zip(keys, combination, strict=True))
        skipped = {k: "skip" if a == "no" else a for k, a in given.items()}
        left_out = {k: a for k, a in given.items() if a != "no"}
        # Some skipped, the others never answered.
        mixed = {k: a for i, (k, a) in enumerate(skipped.items()) if a != "skip" or i % 2}
        for other in (skipped, left_out, mixed):
            assert assess(other, questions) == result, (_said(questions, combination), other)


def test_a_sign_that_is_enough_on_its_own_always_shows_clear_signs(questions, grid):
    keys = list(questions)
    for combination, result in grid.items():
        given = dict(zip(keys, combination, strict=True))
        if any(given[k] == "yes" for k in ENOUGH_ON_THEIR_OWN):
            assert result.outcome == "clear", _said(questions, combination)


def test_several_signs_together_always_show_clear_signs(questions, grid):
    for combination, result in grid.items():
        if combination.count("yes") >= 2:
            assert result.outcome == "clear", _said(questions, combination)


def test_any_sign_shows_at_least_some_signs(questions, grid):
    for combination, result in grid.items():
        if "yes" in combination:
            assert result.outcome != "none", _said(questions, combination)


def test_not_sure_alone_never_shows_clear_signs(questions, grid):
    for combination, result in grid.items():
        if "yes" not in combination:
            assert result.outcome != "clear", _said(questions, combination)


def test_the_result_lists_exactly_the_yes_and_the_not_sure_answers(questions, grid):
    keys = list(questions)
    for combination, result in grid.items():
        said = dict(zip(keys, combination, strict=True))
        assert set(result.signs) == {k for k, a in said.items() if a == "yes"}
        assert set(result.unsure) == {k for k, a in said.items() if a == "unsure"}


def test_the_order_of_the_answers_does_not_matter(questions, grid):
    keys = list(questions)
    for combination, result in grid.items():
        backwards = dict(reversed(list(zip(keys, combination, strict=True))))
        assert assess(backwards, questions) == result, _said(questions, combination)


# --- the dialogue ------------------------------------------------------------------------------


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
