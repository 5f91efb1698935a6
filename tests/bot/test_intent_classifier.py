from bot.intent_classifier import IntentClassifier

TEXTS = [
    ("hello", "greet"),
    ("hi there", "greet"),
    ("salam", "greet"),
    ("hallo", "greet"),
    ("i am in danger", "emergency"),
    ("help they are hitting me", "emergency"),
    ("ik ben in gevaar", "emergency"),
    ("انا في خطر", "emergency"),
    ("where can i get help in eindhoven", "find_help_nearby"),
    ("waar is hulp in de buurt", "find_help_nearby"),
    ("وين في مساعدة قريبة", "find_help_nearby"),
    ("help near me", "find_help_nearby"),
]


def _model():
    texts, intents = zip(*TEXTS, strict=True)
    return IntentClassifier().fit(texts, intents)


def test_ranks_all_intents_with_probabilities_that_sum_to_one():
    ranking = _model().rank("i am in danger now")
    assert ranking[0][0] == "emergency"
    assert abs(sum(p for _, p in ranking) - 1.0) < 1e-6
    assert [p for _, p in ranking] == sorted((p for _, p in ranking), reverse=True)


def test_misspelled_and_unaccented_text_still_matches(tmp_path):
    model = _model()
    assert model.predict(["helo", "ik ben in gevar", "ana fi khatar? انا في خطر"]) == [
        "greet",
        "emergency",
        "emergency",
    ]


def test_saved_model_ranks_the_same(tmp_path):
    model = _model()
    model.save(tmp_path / "m.pkl")
    loaded = IntentClassifier.load(tmp_path / "m.pkl")
    assert loaded.rank("waar is hulp") == model.rank("waar is hulp")
    assert set(loaded.intents) == {"greet", "emergency", "find_help_nearby"}


def test_the_fast_probabilities_are_scikit_learns():
    import numpy as np

    model = _model()
    for text in ["hello", "ik ben in gevaar", "وين في مساعدة", "", "xyzzy 123"]:
        expected = model._fitted_pipeline().predict_proba([text])[0]
        assert np.allclose(model.probabilities(text), expected, rtol=0, atol=1e-12), text
