"""Only the bot's own button payloads pass as "/intent{...}"; everything else is plain text."""

from __future__ import annotations

import pytest

from bot.i18n.responses import button_payloads, load_response_templates
from bot.privacy.limits import EMPTY, OK, Checked
from bot.privacy.payloads import PLACE_ENTITY, KnownPayloads, domain_intents, parse_payload
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def known() -> KnownPayloads:
    templates = load_response_templates(PROJECT_ROOT / "domain", PROJECT_ROOT / "messages")
    return KnownPayloads.from_buttons(
        domain_intents(PROJECT_ROOT / "domain"),
        button_payloads(templates),
        {PLACE_ENTITY: lambda name: name in {"Bergen (NH.)", "Bergen (L.)"}},
    )


def test_every_button_the_bot_sends_passes_unchanged(known):
    templates = load_response_templates(PROJECT_ROOT / "domain", PROJECT_ROOT / "messages")
    for payload in button_payloads(templates):
        assert known.canonical(payload) == payload, payload


@pytest.mark.parametrize(
    "payload",
    [
        "/greet",
        "/restart",
        '/choose_language{"language": "ti"}',
        '/answer_question{"residence_asylum": "dublin"}',
        '/answer_question{"self_check_answer": "forced_sex:unsure"}',
        '/inform_place{"place": "Bergen (NH.)"}',
        '/choose_language{"language":"ar"}',  # another spacing: passed on in the canonical form
    ],
)
def test_known_payloads_are_accepted(known, payload):
    assert known.canonical(payload) is not None


@pytest.mark.parametrize(
    "text",
    [
        "/Johannes Markerman lives at Kerkstraat 17",
        "/@ Johannes Markerman",
        "/greet Johannes",
        "/greet@0.9",
        "/no_such_intent",
        '/choose_language{"language": "Johannes Markerman"}',
        '/answer_question{"self_check_answer": "Johannes"}',
        '/answer_question{"residence_eu": "maybe"}',
        '/answer_question{"language": "nl"}',  # a value of another intent's entity
        '/inform_place{"place": "Kerkstraat 17"}',
        '/choose_language{"language": ["nl"]}',
        '/choose_language{"language": "nl"',
        "/choose_language{}",
    ],
)
def test_anything_else_is_not_a_payload(known, text):
    assert known.canonical(text) is None


def test_a_slash_message_that_is_not_a_payload_becomes_plain_text(known):
    assert known.accept(Checked(OK, "/@ I need help")) == Checked(OK, "@ I need help")
    assert known.accept(Checked(OK, "//")) == Checked(EMPTY, "")
    assert known.accept(Checked(OK, "I need help")) == Checked(OK, "I need help")


def test_entity_values_are_known_only_when_a_button_sends_them(known):
    assert known.is_known_value("residence_eu", "no")
    assert known.is_known_value("self_check_answer", "passport:yes")
    assert not known.is_known_value("self_check_answer", "Johannes Markerman")


def test_parse_payload_rejects_non_string_values():
    assert parse_payload('/x{"a": 1}') is None
    assert parse_payload('/x{"b": "2", "a": "1"}').text() == '/x{"a": "1", "b": "2"}'
