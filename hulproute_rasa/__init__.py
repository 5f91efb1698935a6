"""Rasa adapters: the only code that imports `rasa`. Each class is a thin shell over `bot/`.

- `components.LanguageAnnotator`: NLU component; detects the message language and finds
  language names.
- `components.PlaceGazetteer`: NLU component; finds town and municipality names (spaCy
  PhraseMatcher over the CBS and GeoNames place data).
- `components.CharNgramIntentClassifier`: NLU component; the intent model of bot/.
- `policy.LanguagePolicy`: sets the `language` slot from the first message the detector is
  sure about, or from channel metadata.
- `nlg.CatalogNLG`: renders every response from the gettext catalogs, in-process.
- `tracker_store.PrivateTrackerStore`: no message text at rest, redaction, expiry, deletion.
"""
