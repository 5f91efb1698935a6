from bot.privacy.deletion import settle_deletion


def test_a_sure_deletion_deletes_and_an_unsure_one_asks_again():
    assert settle_deletion("delete_conversation", 0.95, 0.5) == "delete_conversation"
    assert settle_deletion("delete_conversation", 0.17, 0.5) == "nlu_fallback"


def test_other_intents_are_left_alone():
    assert settle_deletion("inform_place", 0.17, 0.5) == "inform_place"
    assert settle_deletion(None, 0.0, 0.5) is None
