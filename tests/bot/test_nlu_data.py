"""The NLU data is sound before any model is trained."""

from collections import defaultdict

from bot.language.codes import SUPPORTED_LANGUAGES
from bot.language.detection import load_labelled_examples, normalise_example
from bot.privacy.payloads import domain_intents
from bot.settings import PROJECT_ROOT

NLU = PROJECT_ROOT / "data" / "nlu"
# Every intent of the domain, except the one the FallbackClassifier sets.
INTENTS = set(domain_intents(PROJECT_ROOT / "domain")) - {"nlu_fallback"}


def _examples(language):
    return [
        pair for f in sorted((NLU / language).glob("*.yml")) for pair in load_labelled_examples(f)
    ]


def test_every_language_has_at_least_20_examples_for_every_intent():
    for language in SUPPORTED_LANGUAGES:
        counts = defaultdict(int)
        for intent, _ in _examples(language):
            counts[intent] += 1
        assert set(counts) == INTENTS, language
        assert min(counts.values()) >= 20, (language, min(counts, key=counts.get))


def test_no_example_has_two_intents_across_languages():
    labels = defaultdict(set)
    for language in SUPPORTED_LANGUAGES:
        for intent, text in _examples(language):
            labels[normalise_example(text)].add(intent)
    conflicts = {text: intents for text, intents in labels.items() if len(intents) > 1}
    assert conflicts == {}


def test_heldout_examples_are_never_trained_on():
    trained = {normalise_example(t) for lang in SUPPORTED_LANGUAGES for _, t in _examples(lang)}
    for language in SUPPORTED_LANGUAGES:
        heldout = load_labelled_examples(PROJECT_ROOT / "tests" / "nlu" / "dev" / f"{language}.yml")
        leaked = [t for _, t in heldout if normalise_example(t) in trained]
        assert leaked == [], language
