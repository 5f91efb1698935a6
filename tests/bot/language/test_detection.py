import pytest

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import (
    LanguageDetector,
    cue_languages,
    load_labelled_examples,
    normalise_example,
    script_cue,
    strip_markup,
)
from bot.settings import PROJECT_ROOT

NLU = PROJECT_ROOT / "data" / "nlu"


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector.from_nlu_dir(
        NLU, SUPPORTED_LANGUAGES, corpus_dir=PROJECT_ROOT / "facts" / "langid"
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ik heb hulp nodig", "nl"),
        ("mijn baas heeft mijn paspoort", "nl"),
        ("i need help please", "en"),
        ("my boss took my passport", "en"),
        ("انا في خطر", "ar"),
        ("ساعدني", "ar"),
        ("ana fi khatar sa3edni", "ar"),
    ],
)
def test_detects_short_messages(detector, text, language):
    detection = detector.detect(text)
    assert detection.language == language
    assert detection.confident


@pytest.mark.parametrize("text", ["ok", "?", "112", "👍", ""])
def test_is_not_sure_about_messages_without_enough_letters(detector, text):
    assert not detector.detect(text).confident


def test_saved_detector_gives_the_same_answers(detector):
    restored = LanguageDetector.from_dict(detector.to_dict())
    for text in ["waar kan ik slapen", "where can i sleep", "وين انام"]:
        assert restored.detect(text) == detector.detect(text)


def test_place_names_are_not_learned_as_part_of_a_language():
    assert strip_markup("help in [Eindhoven](place) pls", drop_places=True) == "help in   pls"
    assert strip_markup('speak [arabic]{"entity": "language", "value": "ar"}') == "speak arabic"


# Nigerian Pidgin is written with English words: a Pidgin message without a word or word pair
# only Pidgin uses (WORD_CUES) is taken for English, and answered in English, which Pidgin
# speakers read (in a Pidgin chat it keeps Pidgin: language_after). Measured on tests/langid/pcm
# (issue 19): 91.4% right when sure (64 of 70), every mistake English. Its gate is that, not 98%.
LOWER_GATE = {"pcm": (0.9, {"en"})}


def test_heldout_short_messages_are_detected_and_never_confidently_wrong(detector):
    """tests/langid/ holds short messages never trained on (1-8 words)."""
    for language in SUPPORTED_LANGUAGES:
        path = PROJECT_ROOT / "tests" / "langid" / f"{language}.txt"
        texts = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        detections = [detector.detect(t) for t in texts]
        sure = [d for d in detections if d.confident]
        right = sum(d.language == language for d in sure)
        gate, tolerated = LOWER_GATE.get(language, (0.98, None))
        assert right / len(sure) >= gate, language
        if tolerated is not None:
            assert {d.language for d in sure} <= {language} | tolerated, language
        assert len(sure) / len(texts) >= 0.9, language


def test_language_id_messages_are_never_trained_on():
    trained = set()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*/*.yml"):
        trained |= {normalise_example(t) for _, t in load_labelled_examples(path)}
    for path in (PROJECT_ROOT / "tests" / "langid").glob("*.txt"):
        lines = [normalise_example(x) for x in path.read_text(encoding="utf-8").splitlines()]
        assert not [x for x in lines if x and x in trained], path.name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Pashto and Sorani also write Persian's پ چ گ ک ی: their own letters decide.
        ("زه په ټولو کې یم", "ps"),
        ("من لە هۆڵەندا دەژیم", "ckb"),
        ("تەمەنم ١٦ ساڵە", "ckb"),
        ("١٥ سالمه، خانواده ام اینجا نیستن", None),  # Persian on an Arabic keyboard
        ("ቐልጢፍ ሓግዙኒ", "ti"),
        ("я з Києва", "uk"),
    ],
)
def test_a_languages_own_letters_settle_a_short_message(text, language):
    assert script_cue(text, ("ar", "fa", "ps", "ckb", "ti", "am", "uk", "ru", "bg")) == language


def test_letters_several_languages_write_only_narrow_the_choice():
    arabic_script = ("ar", "fa", "ps", "ckb")
    assert cue_languages("من در هلند زندگی می‌کنم", arabic_script) == {"fa", "ps", "ckb"}
    assert cue_languages("ما ته مرسته پکار ده", arabic_script) == {"fa", "ps", "ckb"}
    assert cue_languages("عمري ١٦", arabic_script) == set()  # any keyboard types ٠–٩
    assert cue_languages("انا في خطر", arabic_script) == set()  # no cue letter


def test_pidgin_words_other_languages_write_too_leave_those_languages_in():
    latin = ("en", "pcm", "ps", "am", "ro", "nl")
    assert cue_languages("za dey dalta yam", latin) == {"pcm", "ps"}  # Latin Pashto "is"
    assert cue_languages("ene wey ante", latin) == {"pcm", "am"}  # Latin Amharic "or"
    assert cue_languages("sef meu nu ma plateste", latin) == {"pcm", "ro"}  # Romanian șef
    assert cue_languages("i dey for Almere, wetin i go do", latin) == {"pcm"}


def test_pidgin_needs_a_word_english_never_uses(detector):
    assert detector.detect("abeg wetin i go do now").language == "pcm"
    assert detector.detect("i need help please").language == "en"
    # "na" is also Dutch: it makes Pidgin possible, it does not rule Dutch out.
    assert detector.detect("ik twijfel nog, ik denk erover na").language == "nl"
