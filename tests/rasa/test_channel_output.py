"""The REST collector: one chat bubble per paragraph, buttons on the last one."""

import asyncio

from hulproute_rasa.channels import LanguageAwareCollector

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


def test_both_channels_share_one_guard_with_a_channel_answer_for_each_refusal():
    from hulproute_rasa.channels import MessageGuard

    guard = MessageGuard(per_minute=30, burst=2)
    assert guard.check("a", "help")[1] is None
    assert guard.check("a", "x" * 5000)[1] == "utter_message_too_long"
    assert guard.check("a", "hi")[1] == "utter_slow_down"  # the third at once
    assert guard.check("b", "\u200b ")[1] == "utter_default"
