import pytest

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import (
    LanguageDetector,
    load_labelled_examples,
    normalise_example,
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


def test_heldout_short_messages_are_detected_and_never_confidently_wrong(detector):
    """tests/langid/ holds short messages never trained on (1-8 words)."""
    for language in SUPPORTED_LANGUAGES:
        path = PROJECT_ROOT / "tests" / "langid" / f"{language}.txt"
        texts = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        detections = [detector.detect(t) for t in texts]
        sure = [d for d in detections if d.confident]
        right = sum(d.language == language for d in sure)
        assert right / len(sure) >= 0.98, language
        assert len(sure) / len(texts) >= 0.9, language


def test_language_id_messages_are_never_trained_on():
    trained = set()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*/*.yml"):
        trained |= {normalise_example(t) for _, t in load_labelled_examples(path)}
    for path in (PROJECT_ROOT / "tests" / "langid").glob("*.txt"):
        lines = [normalise_example(x) for x in path.read_text(encoding="utf-8").splitlines()]
        assert not [x for x in lines if x and x in trained], path.name
