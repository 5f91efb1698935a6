"""5,000 generated messages through the trained NLU pipeline: every one is parsed, none raises."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.rasa

# Any text, plus text built from the scripts and characters users and attackers actually send.
_SCRIPTS = st.sampled_from(
    [
        "abcdefghijklmnopqrstuvwxyz ",
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ",
        "абвгдежзийклмнопрстуфхцчшщыьэюяіїє ",
        "ሀለሐመሠረሰሸቀበተቸኀነኘአከኸወዐዘዠየደጀገጠጨጰጸፀፈፐ ",
        "\u200b\u200c\u200d\u202a\u202b\u202e\u2066\u2069\ufeff",
        "😀🙏❤️🆘📍 ",
        "<>/\\'\"{}[]()$%&*;:=`~|",
        "0123456789+-. ",
    ]
)
_MIXED = st.lists(
    _SCRIPTS.flatmap(lambda alphabet: st.text(alphabet=alphabet, max_size=30)), max_size=6
).map("".join)
_MESSAGES = st.one_of(st.text(max_size=500), _MIXED)


@pytest.fixture(scope="module")
def agent(model_path):
    from rasa.core.agent import Agent

    return Agent.load(str(model_path))


@pytest.fixture(scope="module")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@settings(
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_MESSAGES)
def test_5000_generated_messages_are_parsed_by_the_nlu(agent, loop, message):
    result = loop.run_until_complete(agent.parse_message(message))
    assert result["intent"]["name"]
    for entity in result["entities"]:
        assert 0 <= entity["start"] <= entity["end"] <= len(message)
