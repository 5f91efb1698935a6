"""The Rasa test stories test what the model had to generalise to, not what it was trained on.

A story step whose user text is also a training example (compared the way the intent classifier
sees text: markup removed, folded) only shows that the model remembers its training data. Such a
story must say in its name that it tests the dialogue only, e.g. "... (dialogue only)".
"""

import yaml

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import load_labelled_examples, strip_markup
from bot.settings import PROJECT_ROOT
from bot.text_normalization import fold

NLU = PROJECT_ROOT / "data" / "nlu"
STORIES = PROJECT_ROOT / "tests" / "stories"
DIALOGUE_ONLY = "(dialogue only)"


def _as_seen(text):
    """A text as the intent classifier compares it: markup removed, folded, spaces collapsed."""
    return " ".join(fold(strip_markup(text)).split())


def _training_texts():
    return {
        _as_seen(text)
        for language in SUPPORTED_LANGUAGES
        for file in sorted((NLU / language).glob("*.yml"))
        for _, text in load_labelled_examples(file)
    }


def _story_user_texts():
    """(file name, story name, user text) for every user step of every test story."""
    for file in sorted(STORIES.glob("*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for story in data.get("stories", []):
            for step in story.get("steps", []):
                if "user" in step:
                    yield file.name, story["story"], str(step["user"]).strip()


def _overlaps():
    trained = _training_texts()
    return [
        (file, story, text)
        for file, story, text in _story_user_texts()
        if not text.startswith("/") and _as_seen(text) in trained
    ]


def test_stories_are_read():
    texts = list(_story_user_texts())
    assert len(texts) > 100
    assert len({story for _, story, _ in texts}) > 50


def test_story_user_texts_are_not_training_examples_unless_dialogue_only():
    leaked = [
        (file, story, text)
        for file, story, text in _overlaps()
        if not story.rstrip().endswith(DIALOGUE_ONLY)
    ]
    assert leaked == [], f"{len(leaked)} story texts are training examples: {leaked}"


def test_the_comparison_folds_like_the_classifier():
    assert _as_seen("Waar kan ik hulp krijgen in [Éindhoven](place)?") == _as_seen(
        "waar kan ik hulp krijgen in  eindhoven?"
    )
    assert _as_seen("الإنجليزية") == _as_seen("الانجليزيه")
