"""The residence explainer: which rules apply to which anonymous answers, and what is kept."""

import itertools
import json
from datetime import date

import pytest
import yaml

from bot.residence.explainer import (
    OPEN_QUESTION_SLOT,
    answer_slot,
    explainer_turn,
    with_intent_answer,
)
from bot.residence.rules import (
    QUESTIONS,
    Answers,
    ResidenceRulesError,
    applicable_rules,
    explain,
    load_rules,
)
from bot.settings import PROJECT_ROOT

RULES_FILE = PROJECT_ROOT / "facts" / "residence_rules.yml"
ALL_ANSWERS = [Answers(*combination) for combination in itertools.product(*QUESTIONS.values())]


@pytest.fixture(scope="module")
def rules():
    return load_rules(RULES_FILE)


def test_every_rule_has_a_source_a_check_date_and_a_confidence(rules):
    for rule in rules.values():
        assert rule.source.startswith(("https://", "http://")), rule.key
        assert rule.checked is None or isinstance(rule.checked, date)  # None: not yet checked
        assert rule.confidence in ("high", "medium", "low")


def test_a_rule_without_a_source_is_refused(tmp_path):
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    del data["rules"]["reflection_period"]["source"]
    broken = tmp_path / "rules.yml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ResidenceRulesError, match="reflection_period"):
        load_rules(broken)


def test_all_180_combinations_are_covered():
    assert len(ALL_ANSWERS) == 3 * 5 * 3 * 4


@pytest.mark.parametrize("answers", ALL_ANSWERS, ids=lambda a: "-".join(a.as_dict().values()))
def test_every_combination_gets_an_honest_route(rules, answers):
    keys = explain(answers, rules).rule_keys
    a = answers
    # Never a promise; always who gives free personal advice, last.
    assert keys[-2:] == ["no_promise", "free_advice"]
    assert len(keys) == len(set(keys))
    assert "non_punishment" in keys
    eu = a.eu == "yes"
    # Dublin: 30 days, and the permit needs the prosecutor (not for EU citizens: no asylum).
    if a.asylum == "dublin" and not eu:
        assert "permit_dublin_needs_prosecutor" in keys
        assert "reflection_period" not in keys
        if a.reported != "yes":
            assert "reflection_period_dublin" in keys
    else:
        assert "reflection_period_dublin" not in keys
        assert "permit_dublin_needs_prosecutor" not in keys
    # EU citizens: EU law first, before anything else; never asylum rules; shelter, money and
    # care during the reflection period only for people from outside the EU (facts-nl §1.8).
    assert (keys[0] == "eu_law_first") == eu
    assert ("reflection_rights" in keys) == (not eu and a.reported != "yes")
    assert ("eu_shelter" in keys) == (eu and a.minor != "yes")
    # Minors: Nidos only for minors from outside the EU, youth care for Dutch and EU minors;
    # both when we do not know (facts-nl §1.9).
    assert ("minor_nidos" in keys) == (a.minor == "yes" and a.eu != "yes")
    assert ("minor_eu_youth_care" in keys) == (a.minor == "yes" and a.eu != "no")
    # Reporting.
    if a.reported == "yes":
        assert {"permit_after_report", "case_dropped", "continued_stay"} <= set(keys)
        assert "reflection_period" not in keys and "you_decide" not in keys
    else:
        assert "route_without_report" in keys
    if a.reported in ("thinking", "no"):
        assert "you_decide" in keys
    if a.reported == "no":
        assert "no_report_after_reflection" in keys
    # Asylum situations (not for EU citizens).
    assert ("asylum_procedure" in keys) == (a.asylum == "procedure" and not eu)
    assert ("asylum_rejected" in keys) == (a.asylum == "rejected" and not eu)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            Answers(eu="no", asylum="dublin", minor="no", reported="thinking"),
            [
                "reflection_period_dublin", "reflection_rights", "you_decide",
                "permit_after_report", "permit_dublin_needs_prosecutor", "route_without_report",
                "non_punishment", "aliens_police_caveat", "no_promise", "free_advice",
            ],
        ),
        (
            Answers(eu="yes", asylum="none", minor="no", reported="yes"),
            [
                "eu_law_first", "eu_shelter", "permit_after_report", "case_dropped",
                "continued_stay", "non_punishment", "no_promise", "free_advice",
            ],
        ),
        (
            Answers(eu="yes", asylum="unknown", minor="yes", reported="no"),
            [
                "eu_law_first", "minor_eu_youth_care", "reflection_period", "you_decide",
                "route_without_report", "no_report_after_reflection", "non_punishment",
                "no_promise", "free_advice",
            ],
        ),
        (
            Answers(eu="unknown", asylum="none", minor="yes", reported="unknown"),
            [
                "minor_nidos", "minor_eu_youth_care", "reflection_period", "reflection_rights",
                "victims_rights_any_status", "permit_after_report", "route_without_report",
                "non_punishment", "aliens_police_caveat", "no_promise", "free_advice",
            ],
        ),
        (
            Answers(eu="no", asylum="procedure", minor="yes", reported="unknown"),
            [
                "minor_nidos", "reflection_period", "reflection_rights", "asylum_procedure",
                "asylum_coa_safe", "permit_after_report", "route_without_report",
                "non_punishment", "no_promise", "free_advice",
            ],
        ),
        (
            Answers(),  # everything skipped: the general answer
            [
                "reflection_period", "reflection_rights", "victims_rights_any_status",
                "permit_after_report", "route_without_report", "non_punishment",
                "aliens_police_caveat", "no_promise", "free_advice",
            ],
        ),
    ],
)  # fmt: skip
def test_example_situations(rules, answers, expected):
    assert applicable_rules(answers) == expected


def test_uncertain_rules_are_marked_uncertain(rules):
    explanation = explain(Answers(reported="yes"), rules).as_dict()
    continued = next(s for s in explanation["steps"] if s["rule"] == "continued_stay")
    assert continued["uncertain"] is True
    assert continued["legal"] == "art. 3.51(1)(k) Vb 2000"


def test_no_rule_promises_a_permit(rules):
    for rule in rules.values():
        text = rule.says.lower()
        assert "you will get" not in text and "guarantee" not in text, rule.key


# --- the dialogue ------------------------------------------------------------------------------


def _walk(rules, clicks):
    """Start the explainer and answer with button values; returns the turns and final slots."""
    slots = {}
    turns = [explainer_turn(rules, True, None, {}, {})]
    slots.update(turns[-1].slots)
    for given in clicks:
        stored = {q: slots.get(answer_slot(q)) for q in QUESTIONS}
        turn = explainer_turn(rules, False, slots.get(OPEN_QUESTION_SLOT), stored, given)
        turns.append(turn)
        slots.update(turn.slots)
    return turns, slots


def test_the_explainer_asks_four_questions_then_explains_and_forgets(rules):
    clicks = [{"eu": "no"}, {"asylum": "rejected"}, {"minor": "no"}, {"reported": "no"}]
    turns, slots = _walk(rules, clicks)
    asked = [r for t in turns for r in t.responses]
    assert asked == [
        "utter_residence_start",
        "utter_ask_residence_eu",
        "utter_ask_residence_asylum",
        "utter_ask_residence_minor",
        "utter_ask_residence_reported",
        "utter_residence_explanation",
    ]
    assert "asylum_rejected" in turns[-1].explanation.rule_keys
    # Nothing is kept once the explanation is given.
    assert all(value is None for value in slots.values())


def test_the_explainer_stores_nothing_but_the_four_coarse_answers(rules):
    every_slot = set()
    for answers in ALL_ANSWERS[::7]:
        clicks = [{q: v} for q, v in answers.as_dict().items()]
        turns, _ = _walk(rules, clicks)
        for turn in turns:
            every_slot |= set(turn.slots)
            for slot, value in turn.slots.items():
                if slot != OPEN_QUESTION_SLOT:
                    question = slot.removeprefix("residence_")
                    assert value is None or value in QUESTIONS[question]
    assert every_slot == {answer_slot(q) for q in QUESTIONS} | {OPEN_QUESTION_SLOT}


def test_typed_skip_counts_as_unknown_and_moves_on(rules):
    turns, slots = _walk(rules, [{}, {}, {}, {}])  # "skip" typed four times
    assert turns[-1].explanation is not None
    assert turns[-1].explanation.answers == Answers()


def test_a_value_the_buttons_never_send_is_unknown(rules):
    turns, _ = _walk(rules, [{"eu": "Syrian"}, {}, {}, {}])
    assert turns[-1].explanation.answers.eu == "unknown"


def test_starting_again_forgets_earlier_answers(rules):
    stored = {"eu": "yes", "asylum": "dublin", "minor": "no", "reported": None}
    turn = explainer_turn(rules, True, "reported", stored, {})
    assert all(turn.slots[answer_slot(q)] is None for q in QUESTIONS)
    assert turn.slots[OPEN_QUESTION_SLOT] == "eu"


def test_skip_typed_outside_the_explainer_is_not_understood(rules):
    turn = explainer_turn(rules, False, None, {}, {})
    assert turn.responses == ("utter_default",) and turn.slots == {}


def test_the_json_form_is_stable(rules):
    data = json.loads(json.dumps(explain(Answers(eu="no"), rules).as_dict()))
    assert data["format"] == "hulproute.residence/1"
    assert data["answers"] == {
        "eu": "no",
        "asylum": "unknown",
        "minor": "unknown",
        "reported": "unknown",
    }
    assert set(data["steps"][0]) == {"rule", "kind", "says", "legal", "uncertain", "source"}


def test_typed_yes_and_no_answer_the_open_question(rules):
    turn = explainer_turn(rules, False, "minor", {"eu": "no", "asylum": "none"}, {}, typed="yes")
    assert turn.slots[answer_slot("minor")] == "yes"
    assert turn.responses == ("utter_ask_residence_reported",)
    turn = explainer_turn(rules, False, "asylum", {"eu": "no"}, {}, typed="no")
    assert turn.slots[answer_slot("asylum")] == "none"
    turn = explainer_turn(rules, False, "asylum", {"eu": "no"}, {}, typed="yes")
    assert turn.slots[answer_slot("asylum")] == "unknown"  # which asylum situation is unknown


def test_yes_and_no_after_the_explanation_get_their_usual_answers(rules):
    assert explainer_turn(rules, False, None, {}, {}, typed="yes").responses == ("utter_what_else",)
    assert explainer_turn(rules, False, None, {}, {}, typed="no").responses == ("utter_you_decide",)


def test_i_am_seventeen_in_words_answers_the_minor_question(rules):
    # "мне семнадцать": no digits for the age reader, but the classifier read inform_minor.
    given = with_intent_answer({}, "inform_minor", "minor")
    turn = explainer_turn(rules, False, "minor", {"eu": "no", "asylum": "none"}, given)
    assert turn.slots[answer_slot("minor")] == "yes"
    assert turn.responses == ("utter_ask_residence_reported",)


def test_the_intent_answers_only_the_open_question_and_the_words_beat_it():
    # "ኢትዮጵያዊ ነኝ" (I am Ethiopian) misread as inform_minor while the EU question is open.
    assert with_intent_answer({"eu": "no"}, "inform_minor", "eu") == {"eu": "no"}
    assert with_intent_answer({"minor": "no"}, "inform_minor", "minor") == {"minor": "no"}
    assert with_intent_answer({}, "greet", "minor") == {}
    assert with_intent_answer({}, None, None) == {}
