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

from bot.find_help.gazetteer import PlaceGazetteer
from bot.find_help.sounds import skeleton, within_one_edit
from bot.text_normalization import fold, script_of

# Names that people use but the CBS tables spell otherwise.
_COMMON_ALIASES = {
    "den haag": "GM0518",
    "the hague": "GM0518",
    "den bosch": "GM0796",
}
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
_CBS_QUALIFIER = re.compile(
    r"\s*\((?P<qualifier>nh|l|o|gn|zh|fr|gld|lb|nb|ov|u|z|d|gr)\.?\)\s*$", re.I
)


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
        minor_names: dict[str, set[str]] | None = None,
    ) -> None:
        self.municipalities = municipalities
        self._names = names
        # City districts from GeoNames ("Schilderswijk", "Overvecht"): looked up only when no
        # municipality or CBS town has the name, so a district never makes a town ambiguous;
        # not matched inside messages, where many would be ordinary words ("Centrum").
        self._minor_names = minor_names or {}
        self._common_words = common_words
        self._gazetteer: PlaceGazetteer | None = None  # built at first use (loads spaCy)
        # Sound-alike matching works in two tiers: municipalities and the well-known names of
        # larger places first, villages only when nothing larger matches. Otherwise a small
        # village with the same consonants would make "Groningen" ambiguous.
        self._skeletons: dict[str, set[str]] = {}
        self._village_skeletons: dict[str, set[str]] = {}
        self._names_by_skeleton: dict[str, set[str]] = {}
        for name, codes in names.items():
            key = skeleton(name)
            if len(key) >= _MIN_SKELETON:
                tier = self._village_skeletons if name in village_names else self._skeletons
                tier.setdefault(key, set()).update(codes)
                self._names_by_skeleton.setdefault(key, set()).add(name)

    @classmethod
    def from_dir(cls, places_dir: Path) -> PlaceIndex:
        """Build the index from the CSV/TSV files in facts/places/."""
        municipalities: dict[str, Municipality] = {}
        names: dict[str, set[str]] = {}
        minor: dict[str, set[str]] = {}
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
            base = _CBS_QUALIFIER.sub("", municipality.name)
            add(base, code)
            qualifier = _CBS_QUALIFIER.search(municipality.name)
            if qualifier:  # "Bergen (NH.)" is also written "Bergen NH" or "Bergen Noord-Holland"
                add(f"{base} {qualifier['qualifier']}", code)
                add(f"{base} {municipality.province}", code)
        with (places_dir / "cbs_woonplaatsen_2024.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                add(row["Woonplaats"], "GM" + row["Gemeentecode"], village=True)
        with (places_dir / "geonames_nl_places.tsv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                code = row["gm_code_2025"]
                if row["feature_class"] != "P" or not code or code not in municipalities:
                    continue
                if row["feature_code"] == "PPLX":  # a section of a populated place
                    minor.setdefault(fold(row["name"]).strip(), set()).add(code)
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
        # Only distinctive district names: one municipality, five letters or more, not a word.
        minor = {
            name: codes
            for name, codes in minor.items()
            if len(codes) == 1 and len(name) >= 5 and name not in names and name not in common_words
        }
        return cls(municipalities, names, common_words, frozenset(villages - large), minor)

    def lookup(self, name: str) -> tuple[str, ...]:
        """Municipality codes for an exact (folded) place name; several when it is ambiguous."""
        key = fold(name).strip()
        return tuple(sorted(self._names.get(key) or self._minor_names.get(key) or ()))

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
        non_latin = _is_non_latin(name)
        if len(key) < _MIN_SKELETON:
            return ()
        if key in self._skeletons:
            # Three consonants bridge scripts ("اوس" = Oss), but in Latin letters they also
            # match ordinary words ("station" sounds like "Asten"): a short Latin name must
            # also be spelled within one letter of the place ("den hag" = "den haag").
            folded = fold(name).strip()
            if (
                non_latin
                or len(key) > _MIN_SKELETON
                or any(within_one_edit(folded, known) for known in self._names_by_skeleton[key])
            ):
                return tuple(sorted(self._skeletons[key]))
            return ()
        # Villages by sound only across scripts (بودل = Budel): a Latin word with the same
        # three consonants as some village is more often an ordinary word ("police").
        if key in self._village_skeletons and (non_latin or len(key) >= 5):
            # ... and only to a village with as many words: "مرحبا" (hello) has the consonants
            # of "Maria Hoop", but is one word.
            size = len(fold(name).split())
            codes = {
                code
                for village in self._names_by_skeleton.get(key, ())
                if len(village.split()) == size
                for code in self._names.get(village, ())
            }
            return tuple(sorted(codes))
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
        """Known place names inside a message (spaCy PhraseMatcher), longest match first.

        A place name that is also an ordinary word ("Wijk", "Best", "Zee") counts only when it
        is the whole message, e.g. the answer to "which town?".
        """
        if self._gazetteer is None:
            self._gazetteer = PlaceGazetteer(self._names)
        found: list[PlaceMention] = []
        whole = fold(text).strip()
        for start, end in self._gazetteer.find(text):
            candidate = text[start:end]
            key = fold(candidate)
            if key in self._common_words and key != whole:
                continue
            codes = self.lookup(candidate)
            if codes:
                found.append(PlaceMention(candidate, start, end, codes))
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
