"""The last buttons of a conversation, in memory only, and forgotten."""

from bot.messengers.choices import ChoiceMemory


def test_only_the_last_set_of_choices_is_kept():
    memory = ChoiceMemory()
    memory.remember("c", {"1": "/find_help_more", "2": "/ask_call_what_happens"})
    memory.remember("c", {"1": "/delete_conversation"})
    assert memory.payload("c", "1") == "/delete_conversation"
    assert memory.payload("c", "2") is None


def test_an_answer_without_buttons_and_forgetting_clear_them():
    memory = ChoiceMemory()
    memory.remember("c", {"1": "/greet"})
    memory.remember("c", {})
    assert memory.payload("c", "1") is None and len(memory) == 0
    memory.remember("d", {"1": "/greet"})
    memory.forget("d")
    assert memory.payload("d", "1") is None and len(memory) == 0


def test_a_flood_of_conversations_cannot_grow_it_without_end():
    memory = ChoiceMemory(max_conversations=3)
    for n in range(10):
        memory.remember(f"c{n}", {"1": "/greet"})
    assert len(memory) == 3 and memory.payload("c9", "1") == "/greet"
    assert memory.payload("c0", "1") is None
