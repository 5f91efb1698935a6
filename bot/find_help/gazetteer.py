"""Find known place names inside a message with spaCy's PhraseMatcher.

Any of the 2,501 towns, the 342 municipalities and their names in other scripts is found
without training examples. Message and names are tokenised by the same spaCy tokenizer and
each token is folded (case, diacritics, Arabic letter forms; `text_normalization.fold`, or the
place index's own `place_key`, which also merges Persian and Arabic letters and digits), so
"'S-GRAVENHAGE", "den haag" and "أمستردام" match. Token positions map the match back to the
user's own text.

spaCy is imported only when a gazetteer is built: it pulls in TensorFlow through thinc,
which costs seconds at start-up in processes that never match inside messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from bot.text_normalization import fold


class PlaceGazetteer:
    """Phrase matching over folded place names."""

    def __init__(self, names: Iterable[str], normalise: Callable[[str], str] = fold) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self._normalise = normalise
        self._nlp = spacy.blank("xx")  # rule-based multilingual tokenizer, no model
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        self._matcher.add("PLACE", [self._folded(name)[0] for name in names])

    def _folded(self, text: str) -> tuple[Any, Any]:
        from spacy.tokens import Doc

        doc = self._nlp.make_doc(text)
        words = [self._normalise(token.text) or token.text for token in doc]
        spaces = [bool(token.whitespace_) for token in doc]
        return Doc(self._nlp.vocab, words=words, spaces=spaces), doc

    def find(self, text: str) -> list[tuple[int, int]]:
        """Character spans of place names in `text`: longest first, never overlapping."""
        from spacy.util import filter_spans

        folded, original = self._folded(text)
        spans = filter_spans(self._matcher(folded, as_spans=True))
        return [
            (original[s.start].idx, original[s.end - 1].idx + len(original[s.end - 1].text))
            for s in sorted(spans, key=lambda s: s.start)
        ]
