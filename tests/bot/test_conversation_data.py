"""The conversation sets (tests/conversations/) and the intent test split (tests/nlu/test/) are
well formed, and their texts are not training examples, compared the way the models see them:
the intent classifier's folded text, and the language detector's words."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import load_labelled_examples, load_nlu_examples, strip_markup
from bot.settings import PROJECT_ROOT
from bot.text_normalization import fold
from tests.directory_data import directory

CONVERSATIONS = PROJECT_ROOT / "tests" / "conversations"
NLU_TEST = PROJECT_ROOT / "tests" / "nlu" / "test"
NLU_DEV = PROJECT_ROOT / "tests" / "nlu" / "dev"
MIN_CONVERSATIONS = {"dev": 20, "test": 15, "stories": 10}
SPLITS = tuple(MIN_CONVERSATIONS)
EXPECT_KEYS = {"language", "route", "municipality", "responses", "not_responses", "phones"}
KINDS = set(
    "danger urgency_not_danger place_in_help place_earlier place_answer case_ending "
    "letter_variant exonym azc follow_up minor language_switch script_cue residence_typed "
    "disclosure shelter medical legal lgbt privacy self_check delete other".split()
)
# The stories (tests/conversations/stories/, run by tests/integration/test_conversation_stories.py)
# cover every kind of turn issue 16 made work, in every language.
STORY_KINDS = {
    "place_in_help", "place_earlier", "place_answer", "urgency_not_danger", "danger", "minor",
    "follow_up", "language_switch", "residence_typed", "delete",
}  # fmt: skip
STORY_KINDS_BY_LANGUAGE = {
    "uk": {"case_ending", "script_cue"}, "ru": {"case_ending", "script_cue"},
    "pl": {"case_ending"}, "fa": {"letter_variant", "script_cue"},
    "ar": {"letter_variant", "script_cue"},
}  # fmt: skip
FOLLOW_UPS = {
    "utter_cost", "utter_interpreter", "utter_no_phone", "utter_reflection_period", "utter_ind",
    "utter_coa", "utter_azc", "utter_directions", "utter_guardian",
}  # fmt: skip


def classifier_view(text: str) -> str:
    """A text as the intent classifier sees it (bot/intent_classifier.py folds it)."""
    return " ".join(fold(strip_markup(text)).split())


def detector_view(text: str) -> tuple[str, ...]:
    """A text as the language detector sees it (its words, digits left out)."""
    return tuple(w for w in re.findall(r"\w+", fold(strip_markup(text))) if not w.isdigit())


@cache
def _training_texts() -> tuple[set[str], set[tuple[str, ...]]]:
    texts = [
        t
        for code in SUPPORTED_LANGUAGES
        for t in load_nlu_examples(PROJECT_ROOT / "data" / "nlu" / code, drop_places=False)
    ]
    corpus = []
    for path in (PROJECT_ROOT / "facts" / "langid").glob("*.txt"):
        corpus += path.read_text(encoding="utf-8").splitlines()
    classifier = {classifier_view(t) for t in texts}
    detector = {detector_view(t) for t in texts + corpus} - {()}
    return classifier, detector


@cache
def _municipalities() -> frozenset[str]:
    path = PROJECT_ROOT / "facts" / "places" / "municipalities-2025.csv"
    with path.open(encoding="utf-8") as handle:
        return frozenset(row["gm_code"] for row in csv.DictReader(handle))


@cache
def _responses() -> frozenset[str]:
    names: set[str] = set()
    for folder in ("domain", "messages"):
        for path in (PROJECT_ROOT / folder).glob("*.yml"):
            names |= set(
                (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
            )
    return frozenset(names)


def _sets() -> list[tuple[str, Path]]:
    return [
        (split, path) for split in SPLITS for path in sorted((CONVERSATIONS / split).glob("*.yml"))
    ]


def _problems(split: str, path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    language = data.get("language")
    problems = [] if language == path.stem and language in SUPPORTED_LANGUAGES else ["language"]
    services = {s.key for s in directory().services()}
    classifier, detector = _training_texts()
    seen = set()
    for conversation in data.get("conversations") or []:
        cid = conversation.get("id", "?")
        if cid in seen or not str(cid).startswith(f"{path.stem}-"):
            problems.append(f"{cid}: id")
        seen.add(cid)
        if not set(conversation.get("kinds") or []) <= KINDS:
            problems.append(f"{cid}: kinds {conversation.get('kinds')}")
        for number, turn in enumerate(conversation.get("turns") or []):
            where = f"{cid} turn {number + 1}"
            text = turn.get("user")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: no user text")
                continue
            expect = turn.get("expect") or {}
            if set(expect) - EXPECT_KEYS:
                problems.append(f"{where}: unknown expect keys {set(expect) - EXPECT_KEYS}")
            for key in ("route", "municipality"):
                if key in expect and expect[key] not in _municipalities():
                    problems.append(f"{where}: {key} {expect[key]} is not a municipality code")
            for key in ("responses", "not_responses"):
                unknown = set(expect.get(key) or []) - _responses()
                if unknown:
                    problems.append(f"{where}: unknown responses {unknown}")
            if set(expect.get("phones") or []) - services:
                problems.append(f"{where}: unknown services {set(expect['phones']) - services}")
            if "language" in expect and expect["language"] not in SUPPORTED_LANGUAGES:
                problems.append(f"{where}: language {expect['language']}")
            if text.startswith("/"):
                continue  # a button payload, not something written
            if classifier_view(text) in classifier:
                problems.append(f"{where}: a training example as the classifier sees it: {text!r}")
            if len(detector_view(text)) > 1 and detector_view(text) in detector:
                problems.append(f"{where}: a training text as the detector sees it: {text!r}")
    minimum = MIN_CONVERSATIONS[split]
    if len(seen) < minimum:
        problems.append(f"only {len(seen)} conversations, at least {minimum} wanted")
    return problems


@pytest.mark.parametrize(("split", "path"), _sets(), ids=lambda v: getattr(v, "name", v))
def test_conversations_are_well_formed_and_not_training_examples(split, path):
    assert _problems(split, path) == []


def test_every_language_has_every_conversation_set():
    for split in SPLITS:
        present = {p.stem for p in (CONVERSATIONS / split).glob("*.yml")}
        assert present == set(SUPPORTED_LANGUAGES), (split, set(SUPPORTED_LANGUAGES) - present)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_intent_test_split_is_neither_training_nor_development_data(language):
    path = NLU_TEST / f"{language}.yml"
    assert path.is_file(), path
    classifier, detector = _training_texts()
    dev = {classifier_view(t) for _, t in load_labelled_examples(NLU_DEV / f"{language}.yml")}
    pairs = load_labelled_examples(path)
    assert len(pairs) >= 60
    overlapping = [t for _, t in pairs if classifier_view(t) in classifier | dev]
    assert overlapping == []
    assert [t for _, t in pairs if len(detector_view(t)) > 1 and detector_view(t) in detector] == []


def test_the_views_fold_as_the_models_do():
    assert classifier_view("Ik  ben in  [Zwolle](place)") == classifier_view("ik ben in zwolle")
    assert detector_view("I am 16") == ("i", "am")


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_stories_cover_every_kind_and_every_follow_up_question(language):
    data = yaml.safe_load((CONVERSATIONS / "stories" / f"{language}.yml").read_text("utf-8"))
    conversations = data["conversations"]
    kinds = {k for c in conversations for k in c.get("kinds") or []}
    wanted = STORY_KINDS | STORY_KINDS_BY_LANGUAGE.get(language, set())
    assert wanted - kinds == set()
    assert kinds & {"exonym", "azc"}
    given = {
        r
        for c in conversations
        for t in c["turns"]
        for r in t.get("expect", {}).get("responses") or []
    }
    assert FOLLOW_UPS - given == set()
