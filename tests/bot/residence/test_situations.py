"""Typed situations become the explainer's coarse answers (tables here are small samples; the
real phrases are lookup tables in data/nlu/<lang>/residence.yml)."""

from bot.residence.situations import SituationLexicon

LEXICON = SituationLexicon(
    {
        "residence_eu_yes": ["i am from romania", "ik ben roemeen", "jestem z polski"],
        "residence_eu_no": ["i am from eritrea"],
        "residence_asylum_rejected": ["asylum was rejected", "afgewezen"],
        "residence_asylum_dublin": ["fingerprints", "through italy"],
        "residence_reported_yes": ["went to the police", "рассказал полиции", "aangifte gedaan"],
        "residence_reported_no": ["geen aangifte gedaan"],
        "age_words": ["years", "عمري", "лет"],
        "age_intro": ["i am", "mam"],
        "not_a_table": ["hello"],
    }
)


def _answers(text):
    return {s.question: s.value for s in LEXICON.find(text)}


def test_phrases_give_coarse_answers_in_any_language():
    assert _answers("hi, I am from Romania and I need help") == {"eu": "yes"}
    assert _answers("jestem z Polski") == {"eu": "yes"}
    assert _answers("my asylum was rejected last month") == {"asylum": "rejected"}
    assert _answers("я рассказал полиции") == {"reported": "yes"}


def test_dublin_wins_over_rejected_and_contradictions_say_unknown():
    text = "asylum was rejected here, I came through Italy, they took fingerprints"
    assert _answers(text) == {"asylum": "dublin"}
    assert _answers("i am from romania, no i am from eritrea") == {"eu": "unknown"}


def test_a_number_is_an_age_only_next_to_an_age_word():
    assert _answers("I am 16 and alone") == {"minor": "yes"}
    assert _answers("16 years") == {"minor": "yes"}
    assert _answers("عمري ١٦") == {"minor": "yes"}  # Arabic-Indic digits
    assert _answers("мне 25 лет") == {"minor": "no"}
    assert _answers("I worked there 2 years") == {}  # not a plausible age
    assert _answers("call 16 now") == {}  # no age word next to it
    assert _answers("i am only 16") == {"minor": "yes"}  # one word between intro and age


def test_digits_that_are_not_decimal_are_no_age_and_no_crash():
    # str.isdigit() is true for these, but int() refuses them (found by the NLU fuzz test).
    assert _answers("𐹠") == {}  # RUMI DIGIT ONE
    assert _answers("i am ² years") == {}
    assert _answers("عمري ۱۶") == {"minor": "yes"}  # Persian digits are decimal: still an age


def test_fingerprints_with_a_dublin_country_are_a_dublin_case():
    lexicon = SituationLexicon(
        {"fingerprint_words": ["fingerprints", "відбитки"], "dublin_countries": ["italy", "італія"]}
    )
    found = {s.question: s.value for s in lexicon.find("through Italy, they took fingerprints")}
    assert found == {"asylum": "dublin"}
    assert lexicon.find("в Італію, там взяли відбитки пальців")  # other forms of both words
    assert lexicon.find("they took my fingerprints in Ter Apel") == []  # fingerprints alone
    assert lexicon.find("I was in Italy") == []


def test_short_words_must_match_whole():
    assert _answers("i am from rome") == {}  # "rom" is too short to be "romania" inflected


def test_inflected_words_and_one_word_between_still_match():
    assert _answers("my asylum was finally rejected") == {"asylum": "rejected"}
    assert _answers("asylum was rejectedd") == {"asylum": "rejected"}  # an ending or a typo
    assert _answers("ik heb aangifte gedaan bij de politie") == {"reported": "yes"}


def test_a_negation_before_or_inside_a_phrase_stops_it():
    assert _answers("i never went to the police") == {}
    assert _answers("i went not to the police") == {}
    assert _answers("no, i am from eritrea") == {"eu": "no"}  # an answer word is no negation


def test_a_phrase_just_after_if_is_a_question_not_a_situation():
    assert _answers("what happens if i went to the police") == {}
    assert _answers("если я рассказал полиции") == {}
    assert _answers("ik heb als aangifte gedaan") == {}  # "if" between the words of a phrase
    assert _answers("i went to the police, if that matters") == {"reported": "yes"}


def test_the_tables_round_trip_through_the_model_file():
    again = SituationLexicon(LEXICON.to_dict())
    assert again.to_dict() == LEXICON.to_dict()
    assert {s.value for s in again.find("I am 16")} == {"yes"}


def test_a_longer_phrase_wins_over_the_one_inside_it():
    assert _answers("ik heb geen aangifte gedaan") == {"reported": "no"}
    assert _answers("ik heb aangifte gedaan") == {"reported": "yes"}


def test_an_intro_makes_an_age_only_when_nothing_but_and_follows():
    assert _answers("I am 16") == {"minor": "yes"}
    assert _answers("i am 17 and alone here") == {"minor": "yes"}
    assert _answers("mam 20 euro") == {}


def test_sorani_joins_is_or_i_am_to_the_age():
    lexicon = SituationLexicon({"age_words": ["تەمەنم"], "age_intro": ["min"]})

    def answers(text):
        return {s.question: s.value for s in lexicon.find(text)}

    assert answers("تەمەنم ١٦ە") == {"minor": "yes"}
    assert answers("min 16m") == {"minor": "yes"}
    assert answers("min 16 metr") == {}


def test_pashto_puts_i_am_after_the_age():
    lexicon = SituationLexicon({"age_intro": ["زه"]})
    assert {s.question: s.value for s in lexicon.find("زه 16 یم")} == {"minor": "yes"}
    assert {s.question: s.value for s in lexicon.find("زه 16 یورو لرم")} == {}


def test_a_word_that_negates_in_arabic_is_no_negation_in_persian_or_pashto():
    lexicon = SituationLexicon({"residence_reported_yes": ["پولیسو ته ورغلم", "به پلیس گفتیم"]})
    pashto = "ما پولیسو ته ورغلم"  # "I went to the police": ما is "I" in Pashto
    assert [s.value for s in lexicon.find(pashto, "ps")] == ["yes"]
    assert [s.value for s in lexicon.find("ما به پلیس گفتیم", "fa")] == ["yes"]  # "we told"
    assert lexicon.find(pashto, "ar") == []  # Arabic ما negates what follows
    assert lexicon.find(pashto) == []  # language unknown: it still counts


def test_arabic_if_in_latin_letters_makes_a_question():
    assert _answers("iza went to the police, what happens") == {}
    assert _answers("i went to the police") == {"reported": "yes"}
