"""Resolve a place name as users write it to a Dutch municipality (CBS code).

Sources (all in facts/places/, see SOURCES.md there): the 342 municipalities of 2025, the 2,501
CBS woonplaatsen (towns and villages) with their municipality, GeoNames alternate names in
non-Latin scripts (e.g. "أمستردام", "Амстердам"), the names other languages use for towns and
provinces (exonyms.tsv: "La Haye", "Lahey", "Гаага", "Северная Голландия") and the asylum
reception centres by the name people use for the camp (azc_locations.tsv). Names are compared in
a folded form (case, accents, Arabic and Persian letter variants, digits; see `place_key`), so
"eindhoven", "Éindhoven" and "آيندهوفن" typed on an Arabic keyboard compare as written.

How people write places, and what the index does with it:
- "Гааге", "Hadze", "Lahey'de", "بلاهاي", "d'Amsterdam": a case ending or a clitic is taken off by
  a small rule per language (`_word_variants`), only when the name as written matches nothing;
- "azc Budel", "kamp Ter Apel", "مخيم تير آبل", "лагерь Тер Апель": a word for the camp is
  dropped, and the asylum centre of that name is preferred ("azc Velp" is Velp in Gelderland);
- "Noord-Holland", "Северная Голландия": a province is not a municipality, so it resolves to the
  province's largest towns and the bot asks which one (the "ambiguous" answer); "Bergen in
  Noord-Holland" and "Velp, Gelderland" narrow a shared town name to the province;
- "Nederland", "هولندا", "Нидерланды": the country is never a place.

The package: `index.py` (the index and its lookups), `forms.py` (how a name is folded and the
rules for case endings, clitics, camp words and provinces), `mentions.py` (places inside a
message), `loading.py` (building the index from the data files).
"""

from bot.find_help.places.forms import _LEADING_WORDS, place_key
from bot.find_help.places.index import (
    Municipality,
    PlaceIndex,
    PlaceMention,
    ordinary_words_from_examples,
)

# Words for "in", "near", "from" before a place name, in the twelve languages ("біля", "в").
LOCATIVES = _LEADING_WORDS

__all__ = [
    "LOCATIVES",
    "Municipality",
    "PlaceIndex",
    "PlaceMention",
    "ordinary_words_from_examples",
    "place_key",
]
