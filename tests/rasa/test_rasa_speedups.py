"""The cached check of action server answers accepts and rejects exactly what Rasa's does."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from hulproute_rasa import rasa_speedups

ANSWERS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "municipality_code", "value": "GM0772"}]},
    {"events": [{"event": "followup", "name": "action_listen"}], "responses": [{"text": "x"}]},
    {"responses": [{"response": "utter_help_route", "route": "{}"}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": ["not an object"]},
    {"events": [{"event": "slot"}]},
]


@pytest.mark.parametrize("answer", ANSWERS)
def test_the_same_answers_pass_and_fail_with_the_same_message(answer):
    action = RemoteAction("action_find_help", None)
    outcomes = []
    for check in (rasa_speedups.original_validate_action_result,
                  rasa_speedups.validate_action_result):  # fmt: skip
        try:
            outcomes.append(("ok", check(action, answer)))
        except ValidationError as error:
            outcomes.append(("error", error.message))
    assert outcomes[0] == outcomes[1]


def test_install_makes_rasa_use_it():
    rasa_speedups.install()
    assert RemoteAction._validate_action_result is rasa_speedups.validate_action_result
    with pytest.raises(ValidationError):
        RemoteAction("a", None)._validate_action_result({"events": "not a list"})
