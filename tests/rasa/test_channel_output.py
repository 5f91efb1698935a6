"""The REST collector: one chat bubble per paragraph, buttons on the last one."""

import asyncio

from hulproute_rasa.channels import LanguageAwareCollector
from tests.directory_data import phone

META = {"metadata": {"language": "ar", "direction": "rtl"}}


def test_long_answers_with_buttons_are_split_and_keep_their_buttons_and_direction():
    collector = LanguageAwareCollector()
    buttons = [{"title": "English", "payload": '/choose_language{"language": "en"}'}]
    asyncio.run(collector.send_text_with_buttons("u", "one\n\ntwo\n\nthree", buttons, **META))
    assert [m["text"] for m in collector.messages] == ["one", "two", "three"]
    assert [bool(m.get("buttons")) for m in collector.messages] == [False, False, True]
    assert all(m["metadata"] == {"language": "ar", "direction": "rtl"} for m in collector.messages)


def test_outreach_translations_are_paired_with_their_paragraphs():
    collector = LanguageAwareCollector()
    meta = {
        "metadata": {
            "language": "ar",
            "direction": "rtl",
            "translation": {"language": "nl", "direction": "ltr", "text": "een\n\ntwee"},
        }
    }
    asyncio.run(collector.send_text_message("u", "واحد\n\nاثنان", **meta))
    pairs = [(m["text"], m["metadata"]["translation"]["text"]) for m in collector.messages]
    assert pairs == [("واحد", "een"), ("اثنان", "twee")]


def test_every_refusal_has_an_answer_that_names_112():
    from bot.privacy.limits import CONNECTION, CONVERSATION, GLOBAL
    from hulproute_rasa import runtime
    from hulproute_rasa.channels import REFUSED_ANSWERS

    assert set(REFUSED_ANSWERS) == {CONVERSATION, CONNECTION, GLOBAL}
    for response in set(REFUSED_ANSWERS.values()):
        for language in ("en", "ar", "ti"):
            assert phone("emergency") in runtime.renderer().render(response, language)["text"]
