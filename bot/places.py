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

from bot.text_normalization import fold, script_of

# Names that people use but the CBS tables spell otherwise.
_COMMON_ALIASES = {
    "den haag": "GM0518",
    "the hague": "GM0518",
    "den bosch": "GM0796",
}
_MAX_WORDS = 5
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
    ) -> None:
        self.municipalities = municipalities
        self._names = names
        self._common_words = common_words

    @classmethod
    def from_dir(cls, places_dir: Path) -> PlaceIndex:
        """Build the index from the CSV/TSV files in facts/places/."""
        municipalities: dict[str, Municipality] = {}
        names: dict[str, set[str]] = {}

        def add(name: str, code: str) -> None:
            key = fold(name).strip()
            if len(key) >= 2 and code in municipalities:
                names.setdefault(key, set()).add(code)

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
                add(row["Woonplaats"], "GM" + row["Gemeentecode"])
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
        return cls(municipalities, names, common_words)

    def lookup(self, name: str) -> tuple[str, ...]:
        """Municipality codes for an exact (folded) place name; several when it is ambiguous."""
        return tuple(sorted(self._names.get(fold(name).strip(), ())))

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
