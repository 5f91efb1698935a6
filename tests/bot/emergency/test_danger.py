"""Danger phrases turn a general intent into emergency; a specific question keeps its answer."""

from bot.emergency.danger import DangerLexicon, load_lexicon, safety_intent, settle_intent
from bot.language.codes import SUPPORTED_LANGUAGES
from bot.settings import PROJECT_ROOT

LEXICON = DangerLexicon(
    [("knife", None), ("hits me", None), ("kill myself", None), ("stab*", None),
     ("يضربني", None), ("нож*", None), ("mes", "nl")]
)  # fmt: skip


def test_phrases_are_found_as_whole_words_folded():
    assert LEXICON.find("Please help, he HITS me!") == "hits me"
    assert LEXICON.find("boss behind the door with a knife") == "knife"
    assert LEXICON.find("he hits the wall") is None  # "hits me", not "hits"
    assert LEXICON.find("knifes are sold here") is None  # whole words only
    assert LEXICON.find("ساعدني هو يضربني") == "يضربني"


def test_a_phrase_ending_in_a_star_matches_longer_words():
    assert LEXICON.find("they stabbed him") == "stab*"
    assert LEXICON.find("у него ножом") == "нож*"


def test_a_phrase_bound_to_a_language_counts_only_in_that_language():
    assert LEXICON.find("hij heeft een mes", "nl") == "mes"
    assert LEXICON.find("je suis seul ici sans mes parents", "fr") is None
    assert LEXICON.find("je suis seul ici sans mes parents", None) is None


def test_phrases_that_are_another_languages_everyday_words_are_bound():
    lexicon = DangerLexicon.from_languages(
        {"nl": ["mes", "slaat me"], "en": ["gun", "stab*"]},
        {"fr": ["sans mes parents"], "tr": ["bir gün"], "en": ["they slaat me"]},
    )
    stored = dict((text, language) for text, language in lexicon.to_list())
    assert stored == {"mes": "nl", "slaat me": "nl", "gun": "en", "stab*": None}


def test_the_lexicon_survives_its_stored_form():
    assert DangerLexicon.from_list(LEXICON.to_list()).to_list() == LEXICON.to_list()
    assert len(LEXICON) == 7


def test_every_language_has_danger_phrases_in_its_data():
    lexicon = load_lexicon(PROJECT_ROOT / "data" / "nlu", SUPPORTED_LANGUAGES)
    samples = {"en": "he has a gun", "nl": "hij heeft een mes", "fr": "il a un couteau"}
    for language, text in samples.items():
        assert lexicon.find(text, language) is not None, language
    assert len(lexicon) >= 15 * len(SUPPORTED_LANGUAGES)


def test_a_general_intent_with_danger_becomes_emergency_a_specific_one_stays():
    assert safety_intent("ask_help", True) == "emergency"
    assert safety_intent("nlu_fallback", True) == "emergency"
    assert safety_intent(None, True) == "emergency"
    assert safety_intent("ask_report_police", True) == "ask_report_police"
    assert safety_intent("ask_medical", True) == "ask_medical"
    assert safety_intent("delete_conversation", True) == "delete_conversation"
    assert safety_intent("ask_help", False) == "ask_help"


def test_danger_needs_danger_words_or_a_confident_classifier():
    unsure = [("emergency", 0.4), ("ask_no_phone", 0.3), ("ask_help", 0.1)]
    assert settle_intent(unsure, False, 0.5, 0.1) == ("ask_no_phone", 0.3)
    assert settle_intent(unsure, True, 0.5, 0.1) == ("emergency", 0.4)
    assert settle_intent([("emergency", 0.7), ("ask_help", 0.2)], False, 0.5, 0.1)[0] == "emergency"
    assert (
        settle_intent([("emergency", 0.4), ("thank", 0.05)], False, 0.5, 0.1)[0] == "nlu_fallback"
    )
    assert settle_intent([("ask_help", 0.6)], True, 0.5, 0.1) == ("emergency", 1.0)
    assert settle_intent([("ask_medical", 0.6)], True, 0.5, 0.1) == ("ask_medical", 0.6)


def test_a_persian_word_with_a_zero_width_joiner_is_one_word():
    lexicon = DangerLexicon([("میخوام بمیرم", None)])
    assert lexicon.find("من می\u200cخوام بمیرم") is not None
