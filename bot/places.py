"""Resolve a place name as users write it to a Dutch municipality (CBS code).

Sources (all in facts/places/, see SOURCES.md there): the 342 municipalities of 2025, the 2,501
CBS woonplaatsen (towns and villages) with their municipality, and GeoNames alternate names in
non-Latin scripts (e.g. "أمستردام", "Амстердам"). Names are compared in folded form (case,
accents, Arabic letter variants), so "eindhoven" and "Éindhoven" are the same place.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from bot.place_names import skeleton, within_one_edit
from bot.text_normalization import fold, script_of

# Names that people use but the CBS tables spell otherwise.
_COMMON_ALIASES = {
    "den haag": "GM0518",
    "the hague": "GM0518",
    "den bosch": "GM0796",
}
_MAX_WORDS = 5
# Shorter skeletons match too many places by accident ("Ede", "Oss" and a typo of anything).
_MIN_SKELETON = 3
_MIN_FUZZY_SKELETON = 5
# Sound-alike matching inside a message is only tried where a place is expected (the user was
# asked for a town, or asked for help "in" somewhere), and then only on the whole short message
# or right after a word meaning "in", "at" or "near": measured on the NLU examples, matching
# every word of every message by sound found 2,855 "places" that were ordinary words.
_WHOLE_MESSAGE_WORDS = 3
_LOCATIVES = frozenset(
    fold(word)
    for word in (
        "في", "فى", "فـي", "قرب", "جنب", "عند", "من", "الى", "إلى", "بمدينة", "مدينة",  # ar
        "در", "تو", "نزدیک", "کنار", "شهر", "از",  # fa
        "в", "во", "у", "из", "под", "около", "возле", "рядом", "город", "городе",  # ru
        "біля", "місто", "місті", "поруч", "під", "з",  # uk
        "ኣብ", "ካብ", "ከተማ", "ጥቓ",  # ti
        "in", "bij", "near", "around", "at", "te", "à", "a", "en", "près", "w", "we", "koło",
        "în", "lângă", "langa", "magaalada", "ku", "yakınında",  # Latin-script languages
    )
)  # fmt: skip
_CBS_QUALIFIER = re.compile(r"\s*\((?:nh|l|o|gn|zh|fr|gld|lb|nb|ov|u|z|d|gr)\.?\)\s*$", re.I)


@dataclass(frozen=True)
class Municipality:
    """A municipality of 2025."""

    code: str
    name: str
    province: str


@dataclass(frozen=True)
class PlaceMention:
    """A place name found in a message, with the municipalities it may belong to."""

    text: str
    start: int
    end: int
    codes: tuple[str, ...]


class PlaceIndex:
    """Folded place name -> CBS municipality codes."""

    def __init__(
        self,
        municipalities: dict[str, Municipality],
        names: dict[str, set[str]],
        common_words: frozenset[str] = frozenset(),
        village_names: frozenset[str] = frozenset(),
    ) -> None:
        self.municipalities = municipalities
        self._names = names
        self._common_words = common_words
        # Sound-alike matching works in two tiers: municipalities and the well-known names of
        # larger places first, villages only when nothing larger matches. Otherwise a small
        # village with the same consonants would make "Groningen" ambiguous.
        self._skeletons: dict[str, set[str]] = {}
        self._village_skeletons: dict[str, set[str]] = {}
        for name, codes in names.items():
            key = skeleton(name)
            if len(key) >= _MIN_SKELETON:
                tier = self._village_skeletons if name in village_names else self._skeletons
                tier.setdefault(key, set()).update(codes)

    @classmethod
    def from_dir(cls, places_dir: Path) -> PlaceIndex:
        """Build the index from the CSV/TSV files in facts/places/."""
        municipalities: dict[str, Municipality] = {}
        names: dict[str, set[str]] = {}
        villages: set[str] = set()

        def add(name: str, code: str, village: bool = False) -> None:
            key = fold(name).strip()
            if len(key) >= 2 and code in municipalities:
                names.setdefault(key, set()).add(code)
                if village:
                    villages.add(key)

        with (places_dir / "municipalities-2025.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                municipalities[row["gm_code"]] = Municipality(
                    row["gm_code"], row["gemeente"], row["provincie"]
                )
        for code, municipality in municipalities.items():
            add(municipality.name, code)
            add(_CBS_QUALIFIER.sub("", municipality.name), code)
        with (places_dir / "cbs_woonplaatsen_2024.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                add(row["Woonplaats"], "GM" + row["Gemeentecode"], village=True)
        with (places_dir / "geonames_nl_places.tsv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                code = row["gm_code_2025"]
                if row["feature_class"] != "P" or not code:
                    continue
                for alternate in row["alternatenames"].split(","):
                    # Only non-Latin alternates: Latin ones include odd historic spellings that
                    # would match ordinary words in messages.
                    if alternate and any(script_of(ch) not in (None, "latin") for ch in alternate):
                        add(alternate, code)
        for alias, code in _COMMON_ALIASES.items():
            add(alias, code)
        common_words = frozenset(
            fold(line.strip())
            for line in (places_dir / "common_words.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        )
        # A woonplaats that is also a municipality's name or an alternate name is not a village.
        large = {fold(m.name) for m in municipalities.values()}
        large |= {fold(_CBS_QUALIFIER.sub("", m.name)) for m in municipalities.values()}
        return cls(municipalities, names, common_words, frozenset(villages - large))

    def lookup(self, name: str) -> tuple[str, ...]:
        """Municipality codes for an exact (folded) place name; several when it is ambiguous."""
        return tuple(sorted(self._names.get(fold(name).strip(), ())))

    def resolve(self, name: str) -> tuple[str, ...]:
        """Municipality codes for a place name however it is written.

        First the exact (folded) name; then the same consonant skeleton, which bridges scripts
        ("خرونينغن" = Groningen) and vowel misspellings ("eindhofen"); then a skeleton one
        letter off ("amsterdm", "ليواردن"), only for longer names. Several codes mean the name
        is ambiguous and the user should be asked; none means we do not know the place.
        """
        exact = self.lookup(name)
        if exact:
            return exact
        key = skeleton(name)
        if len(key) < _MIN_SKELETON:
            return ()
        if key in self._skeletons:
            return tuple(sorted(self._skeletons[key]))
        # Villages by sound only across scripts (بودل = Budel): a Latin word with the same
        # three consonants as some village is more often an ordinary word ("police").
        if key in self._village_skeletons and (_is_non_latin(name) or len(key) >= 5):
            return tuple(sorted(self._village_skeletons[key]))
        if len(key) < _MIN_FUZZY_SKELETON:
            return ()
        near: set[str] = set()
        for candidate, codes in self._skeletons.items():
            if within_one_edit(key, candidate):
                near |= codes
        return tuple(sorted(near))

    def guess_place(
        self, text: str, ordinary_words: frozenset[str] = frozenset()
    ) -> PlaceMention | None:
        """A place named in a message where a place is expected, matched by sound if need be.

        For messages such as "خرونينغن", "eindhofen" or "я в городе Гронинген" that name a
        town the exact lookup does not know. `ordinary_words` (folded words that users write
        in other contexts, e.g. from the NLU examples) are never taken for a place: "my city",
        "районе" and "مكان" share consonants with some village.
        """
        tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[\w'-]+", text)]
        spans = []
        if 0 < len(tokens) <= _WHOLE_MESSAGE_WORDS:
            spans.append((tokens[0][1], tokens[-1][2]))
        # The last "in"/"near" of a message is usually the one before the place ("help in the
        # city of X"); one word before two ("تير آبل" needs two).
        for i in reversed(range(len(tokens) - 1)):
            if fold(tokens[i][0]) in _LOCATIVES:
                for size in (1, 2):
                    if i + size < len(tokens):
                        spans.append((tokens[i + 1][1], tokens[i + size][2]))
        for start, end in spans:
            if all(fold(w) in ordinary_words for w in re.findall(r"[\w'-]+", text[start:end])):
                continue
            codes = self.resolve(text[start:end])
            if codes:
                return PlaceMention(text[start:end], start, end, codes)
        return None

    def find_mentions(self, text: str) -> list[PlaceMention]:
        """Known place names inside a message, longest match first, not overlapping."""
        tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[\w'-]+", text)]
        found: list[PlaceMention] = []
        i = 0
        while i < len(tokens):
            match = None
            for size in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
                start, end = tokens[i][1], tokens[i + size - 1][2]
                candidate = text[start:end]
                codes = self.lookup(candidate)
                if codes and len(tokens) > size and fold(candidate) in self._common_words:
                    codes = ()
                if codes:
                    match = PlaceMention(text[start:end], start, end, codes)
                    i += size
                    break
            if match:
                found.append(match)
            else:
                i += 1
        return found


def _is_non_latin(text: str) -> bool:
    scripts = {script_of(ch) for ch in text} - {None}
    return bool(scripts) and "latin" not in scripts


def ordinary_words_from_examples(examples: list[str]) -> frozenset[str]:
    """Folded words of example messages with their place names removed (see guess_place)."""
    words: set[str] = set()
    for example in examples:
        words.update(fold(w) for w in re.findall(r"[\w'-]+", example))
    return frozenset(words)
