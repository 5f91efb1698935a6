"""A socket speaks only for the conversation the server gave it (or resumed with its key)."""

from bot.privacy.sessions import SocketSessions


def test_the_server_chooses_the_id_and_a_known_id_alone_is_not_enough():
    sessions = SocketSessions("s" * 64)
    victim = sessions.request("sid-victim", "my-own-choice", None).session
    assert victim.conversation != "my-own-choice"
    other = sessions.request("sid-attacker", victim.conversation, "0" * 32).session
    assert other.conversation != victim.conversation
    assert sessions.conversation_of("sid-victim") == victim.conversation


def test_the_resume_key_brings_a_conversation_back_and_moves_it_to_the_new_socket():
    sessions = SocketSessions("s" * 64)
    first = sessions.request("sid-1", None, None).session
    granted = sessions.request("sid-2", first.conversation, first.resume_key)
    assert granted.session == first and granted.evicted_socket == "sid-1"
    assert sessions.conversation_of("sid-1") is None


def test_one_connection_holds_one_conversation_and_forgets_it_on_disconnect():
    sessions = SocketSessions("s" * 64)
    first = sessions.request("sid-1", None, None).session
    assert sessions.request("sid-1", None, None).session == first
    sessions.release("sid-1")
    assert sessions.conversation_of("sid-1") is None and len(sessions) == 0


def test_keys_depend_on_the_secret():
    assert SocketSessions("a" * 64).resume_key("c") != SocketSessions("b" * 64).resume_key("c")
