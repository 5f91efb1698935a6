"""The place index: place name as people write it -> CBS municipality codes."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.find_help.gazetteer import PlaceGazetteer
from bot.find_help.places.forms import (
    _CAMP_FILLERS,
    _CAMP_WORDS,
    _CBS_QUALIFIER,
    _LEADING_WORDS,
    _MAX_VARIANT_COMBINATIONS,
    _MIN_FUZZY_SKELETON,
    _MIN_SKELETON,
    _NOT_IN_DUTCH_NAMES,
    _PROVINCE_CONNECTORS,
    _PROVINCE_FILLERS,
    _PROVINCE_WORDS,
    _WHOLE_MESSAGE_WORDS,
    _is_non_latin,
    _word_variants,
    _writes_vowels,
    place_key,
)
from bot.find_help.sounds import romanise, skeleton, within_one_edit
from bot.text_normalization import fold


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


_MIN_SOUND_STEM = 5  # letters a word keeps without its clitic to be matched by sound
# A Latin word of 6 letters or more that is one letter off a town's name of 7 or more is that
# town ("utrech"), even when its skeleton is too short for the sound-alike search; shorter
# names are too often one letter off an ordinary word ("helloo" / Heiloo, "houden" / Houten).
_MIN_SPELLED_NEAR = 6
_MIN_NAME_SPELLED_NEAR = 7


class PlaceIndex:
    """Folded place name -> CBS municipality codes."""

    def __init__(
        self,
        municipalities: dict[str, Municipality],
        names: dict[str, set[str]],
        common_words: frozenset[str] = frozenset(),
        village_names: frozenset[str] = frozenset(),
        minor_names: dict[str, set[str]] | None = None,
        provinces: dict[str, str] | None = None,
        province_choices: dict[str, tuple[str, ...]] | None = None,
        camps: dict[str, set[str]] | None = None,
        not_places: frozenset[str] = frozenset(),
        abroad: frozenset[str] = frozenset(),
    ) -> None:
        self.municipalities = municipalities
        self._names = names
        # City districts from GeoNames ("Schilderswijk", "Overvecht"): looked up only when no
        # municipality or CBS town has the name, so a district never makes a town ambiguous;
        # not matched inside messages, where many would be ordinary words ("Centrum").
        self._minor_names = minor_names or {}
        self._common_words = common_words
        # Folded province name -> province; province -> the municipalities offered for it.
        self._provinces = provinces or {}
        self._province_choices = province_choices or {}
        # Asylum centre name -> municipality, preferred when the user says it is the camp.
        self._camps = camps or {}
        # Names of the country ("Nederland", "هولندا"): never a place.
        self._not_places = not_places
        # Cities abroad ("Brussels", "باريس"): not a place here, and never one by sound.
        self._abroad = abroad
        self._municipality_names = {place_key(m.name) for m in municipalities.values()} | {
            place_key(_CBS_QUALIFIER.sub("", m.name)) for m in municipalities.values()
        }
        self._gazetteer: PlaceGazetteer | None = None  # built at first use (loads spaCy)
        # Sound-alike matching works in two tiers: municipalities and the well-known names of
        # larger places first, villages only when nothing larger matches. Otherwise a small
        # village with the same consonants would make "Groningen" ambiguous.
        self._village_names = village_names
        self._skeletons: dict[str, set[str]] = {}
        self._village_skeletons: dict[str, set[str]] = {}
        self._names_by_skeleton: dict[str, set[str]] = {}
        # Longer one-word town names by first letter, for the one-letter-off search.
        self._long_names_by_initial: dict[str, list[str]] = {}
        for name in names:
            if (
                name not in village_names
                and " " not in name
                and len(name) >= _MIN_NAME_SPELLED_NEAR
            ):
                self._long_names_by_initial.setdefault(name[0], []).append(name)
        for name, codes in names.items():
            key = skeleton(name)
            if len(key) >= _MIN_SKELETON:
                tier = self._village_skeletons if name in village_names else self._skeletons
                tier.setdefault(key, set()).update(codes)
                self._names_by_skeleton.setdefault(key, set()).add(name)

    @classmethod
    def from_dir(cls, places_dir: Path) -> PlaceIndex:
        """Build the index from the CSV/TSV files in facts/places/ (places/loading.py)."""
        from bot.find_help.places.loading import load_index

        return load_index(places_dir)

    @property
    def common_words(self) -> frozenset[str]:
        """Place names that are also ordinary words (common_words.txt), in `place_key` form."""
        return self._common_words

    def lookup(self, name: str) -> tuple[str, ...]:
        """Municipality codes for an exact (folded) place name; several when it is ambiguous.

        A province name gives the province's largest municipalities (plus a village of the same
        name: "Zeeland" is also a village in Noord-Brabant); a municipality of the same name wins
        ("Utrecht", "Groningen").
        """
        key = place_key(name)
        codes = set(self._names.get(key) or self._minor_names.get(key) or ())
        province = self._provinces.get(key)
        if province and key not in self._municipality_names:
            codes |= set(self._province_choices.get(province, ()))
        return tuple(sorted(codes))

    def province(self, name: str) -> str | None:
        """The province a name means ("Noord-Holland", "Северная Голландия", "provincie
        Utrecht"), or None for a town or an unknown name."""
        key = place_key(name)
        if key in self._provinces and key not in self._municipality_names:
            return self._provinces[key]
        words = key.split()
        if not any(w in _PROVINCE_WORDS for w in words):
            return None
        drop = _PROVINCE_WORDS | _PROVINCE_FILLERS
        while words and words[0] in drop:
            words = words[1:]
        while words and words[-1] in drop:
            words = words[:-1]
        return self._provinces.get(" ".join(words))

    def is_country(self, name: str) -> bool:
        """True for a name of the Netherlands itself ("Nederland", "هولندا", "в Голландии")."""
        key = place_key(name)
        words = key.split()
        if len(words) > 1 and words[0] in _LEADING_WORDS:  # "в Нидерландах"
            key = " ".join(words[1:])
        if key in self._not_places:
            return True
        if key in self._names or key in self._provinces:
            return False
        return any(v in self._not_places for v in self._variants(key))

    def resolve(self, name: str, by_sound: bool = True) -> tuple[str, ...]:
        """Municipality codes for a place name however it is written.

        In this order: the exact (folded) name; the name without a word for the camp ("azc
        Budel"), preferring the asylum centre of that name; without a word for "in" or "near"
        ("в Гааге"); a province ("provincie Utrecht"), or a town narrowed to its province
        ("Bergen in Noord-Holland"); the name without a case ending or clitic ("Гааге", "Hadze",
        "Lahey'de"); then (unless `by_sound` is False) the same consonant skeleton, which bridges
        scripts ("خرونينغن" = Groningen) and vowel misspellings ("eindhofen"), then a skeleton
        one letter off ("amsterdm", "ليواردن"), only for longer names. Several codes mean the name
        is ambiguous (or a province) and the user should be asked; none means we do not know the
        place, or it is the whole country.
        """
        key = place_key(name)
        if not key or self.is_country(key) or key in self._abroad:
            return ()
        exact = self.lookup(key)
        if exact:
            return exact
        rest, camp = self._without_camp_words(key)
        if camp:
            if not rest or (rest in self._common_words and rest not in self._camps):
                return ()  # "een azc" is "an azc"
            camps = self._camps.get(rest) or self._camps.get(self._exact_variant_key(rest) or "")
            return tuple(sorted(camps)) if camps else self.resolve(rest, by_sound)
        words = key.split()
        if len(words) > 1 and words[0] in _LEADING_WORDS:
            return self.resolve(" ".join(words[1:]), by_sound)  # "в Гааге", "город Гаага"
        province = self.province(key)
        if province:
            return tuple(sorted(self._province_choices.get(province, ())))
        narrowed = self._town_in_province(key)
        if narrowed:
            return narrowed
        variant = self._exact_variant_key(key)
        if variant:
            return self.resolve(variant)
        if not by_sound:
            return ()
        sounds = self._by_sound(name)
        if not sounds and _is_non_latin(name) and len(words) == 1:
            # An Arabic clitic on a name only known by sound ("بألميرا" = in Almere).
            for stem in self._variants(key):
                if len(stem) >= _MIN_SOUND_STEM and stem not in self._common_words:
                    sounds = self._by_sound(stem)
                    if sounds:
                        break
        if not sounds and len(words) == 1 and not _is_non_latin(name):
            sounds = self._spelled_within_one_letter(key)
        return sounds

    def _spelled_within_one_letter(self, key: str) -> tuple[str, ...]:
        """A town (not a village) whose one-word name is one letter off `key` ("utrech")."""
        if len(key) < _MIN_SPELLED_NEAR or key in self._common_words:
            return ()
        codes = {
            code
            for known in self._long_names_by_initial.get(key[0], ())
            if abs(len(known) - len(key)) <= 1 and within_one_edit(key, known)
            for code in self._names.get(known, ())
        }
        return tuple(sorted(codes))

    def _by_sound(self, name: str) -> tuple[str, ...]:
        if _is_non_latin(name) and any(ch in _NOT_IN_DUTCH_NAMES for ch in name):
            return ()
        key = skeleton(name)
        non_latin = _is_non_latin(name)
        spelled = romanise(name)
        if len(key) < _MIN_SKELETON:
            return ()
        if key in self._skeletons:
            # A name spelled within one letter of the place is that place, not every place with
            # its consonants: "lelistad" is Lelystad, not also Hulst ("lst" both).
            close = {
                code
                for known in self._names_by_skeleton[key]
                if known not in self._village_names and within_one_edit(spelled, romanise(known))
                for code in self._names.get(known, ())
            }
            if close:
                return tuple(sorted(close))
            # Three consonants bridge scripts ("بودل" = Budel), but in Latin or Cyrillic letters,
            # which write the vowels, they also match ordinary words ("station" sounds like
            # "Asten", "городе" like "Harderwijk"): a short name in these scripts must be
            # spelled within one letter of the place (above: "den hag" = "den haag").
            if (non_latin and not _writes_vowels(name)) or len(key) > _MIN_SKELETON:
                return tuple(sorted(self._skeletons[key]))
            return ()
        # Villages by sound only across scripts (بودل = Budel): a Latin word with the same
        # three consonants as some village is more often an ordinary word ("police"), and so is
        # a Cyrillic one ("работа") unless it is also spelled within one letter of the village.
        if key in self._village_skeletons and (non_latin or len(key) >= 5):
            loose = not _writes_vowels(name) or len(key) >= 5
            # ... and only to a village with as many words: "مرحبا" (hello) has the consonants
            # of "Maria Hoop", but is one word.
            size = len(place_key(name).split())
            codes = {
                code
                for village in self._names_by_skeleton.get(key, ())
                if len(village.split()) == size
                and (loose or within_one_edit(spelled, romanise(village)))
                for code in self._names.get(village, ())
            }
            return tuple(sorted(codes))
        if len(key) < _MIN_FUZZY_SKELETON:
            return ()
        near: set[str] = set()
        spelled_close: set[str] = set()  # spelled within one letter too ("rotterdan"): these win
        for candidate, codes in self._skeletons.items():
            if within_one_edit(key, candidate):
                near |= codes
                spelled_close |= {
                    code
                    for known in self._names_by_skeleton[candidate]
                    if known not in self._village_names
                    and within_one_edit(spelled, romanise(known))
                    for code in self._names.get(known, ())
                }
        return tuple(sorted(spelled_close or near))

    def _variants(self, key: str) -> Iterable[str]:
        """The folded name with case endings or clitics taken off its words (not the name)."""
        words = key.split()
        if not words or len(words) > _WHOLE_MESSAGE_WORDS:
            return []
        options = [[w, *_word_variants(w)] for w in words]
        combos = itertools.islice(itertools.product(*options), _MAX_VARIANT_COMBINATIONS)
        return [" ".join(c) for c in combos if list(c) != words]

    def _exact_variant_key(self, key: str) -> str | None:
        """A variant of the name that is a known place (never an ordinary word), if any."""
        for variant in self._variants(key):
            if variant in self._common_words or variant in self._not_places:
                continue
            if variant in self._names or variant in self._minor_names or self.province(variant):
                return variant
        return None

    def _without_camp_words(self, key: str) -> tuple[str, bool]:
        """The name without camp words around it ("azc Budel" -> "budel") and whether it had any."""
        words = key.split()
        if not any(w in _CAMP_WORDS for w in words):
            return key, False
        drop = _CAMP_WORDS | _CAMP_FILLERS
        while words and words[0] in drop:
            words = words[1:]
        while words and words[-1] in drop:
            words = words[:-1]
        rest = " ".join(words)
        return rest, rest != key

    def _town_in_province(self, key: str) -> tuple[str, ...]:
        """ "Bergen in Noord-Holland", "Velp, Gelderland": a shared town name in one province."""
        words = re.sub(r"[,()]", " ", key).split()
        for size in (1, 2, 3):
            if len(words) <= size:
                break
            tail = " ".join(words[-size:])  # here "Groningen" may be the province
            province = self._provinces.get(tail) or self.province(tail)
            town = words[:-size]
            while town and town[-1] in _PROVINCE_CONNECTORS:
                town = town[:-1]
            if province and town:
                codes = self.resolve(" ".join(town))
                inside = [c for c in codes if self.municipalities[c].province == province]
                if inside:
                    return tuple(inside)
        return ()

    def guess_place(
        self, text: str, ordinary_words: frozenset[str] = frozenset()
    ) -> PlaceMention | None:
        """A place named in a message where a place is expected, matched by sound if need be.
        (places/mentions.py)."""
        from bot.find_help.places import mentions

        return mentions.guess_place(self, text, ordinary_words)

    def _starts_like_the_article(self, code: str) -> bool:
        return place_key(self.municipalities[code].name).startswith(("al", "el"))

    def find_mentions(self, text: str) -> list[PlaceMention]:
        """Known place names inside a message (spaCy PhraseMatcher), longest match first.
        (places/mentions.py)."""
        from bot.find_help.places import mentions

        return mentions.find_mentions(self, text)


def ordinary_words_from_examples(examples: list[str]) -> frozenset[str]:
    """Folded words of example messages with their place names removed (see guess_place)."""
    words: set[str] = set()
    for example in examples:
        words.update(fold(w) for w in re.findall(r"[\w'-]+", example))
    return frozenset(words)
