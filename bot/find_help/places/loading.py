"""Building the place index from the data files in facts/places/ (see SOURCES.md there)."""

from __future__ import annotations

import csv
from pathlib import Path

from bot.find_help.places.forms import (
    _ABROAD,
    _CBS_QUALIFIER,
    _COMMON_ALIASES,
    _COUNTRY,
    _PROVINCE_CHOICES,
    _PROVINCE_CODES,
    place_key,
)
from bot.find_help.places.index import Municipality, PlaceIndex
from bot.text_normalization import script_of


def load_index(places_dir: Path) -> PlaceIndex:
    """Build the index from the CSV/TSV files in facts/places/."""
    municipalities: dict[str, Municipality] = {}
    names: dict[str, set[str]] = {}
    minor: dict[str, set[str]] = {}
    villages: set[str] = set()

    def add(name: str, code: str, village: bool = False) -> None:
        key = place_key(name)
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
    population: dict[str, int] = {}
    capitals: dict[str, str] = {}
    with (places_dir / "geonames_nl_places.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            code = row["gm_code_2025"]
            if code not in municipalities:
                continue
            if row["feature_code"] in ("ADM2", "PPL", "PPLA", "PPLA2", "PPLC", "PPLG"):
                population[code] = max(population.get(code, 0), int(row["population"] or 0))
            if row["feature_code"] in ("PPLA", "PPLG"):  # seat of a province
                capitals[municipalities[code].province] = code
            if row["feature_class"] != "P":
                continue
            if row["feature_code"] == "PPLX":  # a section of a populated place
                minor.setdefault(place_key(row["name"]), set()).add(code)
            for alternate in row["alternatenames"].split(","):
                # Only non-Latin alternates: Latin ones include odd historic spellings that
                # would match ordinary words in messages (exonyms.tsv picks the real ones).
                if alternate and any(script_of(ch) not in (None, "latin") for ch in alternate):
                    add(alternate, code)
    for alias, code in _COMMON_ALIASES.items():
        add(alias, code)
    provinces = {place_key(p): p for p in _PROVINCE_CODES.values()}
    not_places: set[str] = set()
    abroad: set[str] = set()
    for row in _read_tsv(places_dir / "exonyms.tsv"):
        target = row["gm_code"]
        if target == _COUNTRY:
            not_places.add(place_key(row["name"]))
        elif target == _ABROAD:
            abroad.add(place_key(row["name"]))
        elif target in _PROVINCE_CODES:
            provinces[place_key(row["name"])] = _PROVINCE_CODES[target]
        else:
            add(row["name"], target)
    camps: dict[str, set[str]] = {}
    for row in _read_tsv(places_dir / "azc_locations.tsv"):
        if row["gm_code"] in municipalities:
            camps.setdefault(place_key(row["name"]), set()).add(row["gm_code"])
    for name, codes in camps.items():  # "Budel-Cranendonck", "Heumensoord": also on their own
        if name not in names:
            names[name] = set(codes)
    common_words = frozenset(
        place_key(line.strip())
        for line in (places_dir / "common_words.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    # A woonplaats that is also a municipality's name or an alternate name is not a village.
    large = {place_key(m.name) for m in municipalities.values()}
    large |= {place_key(_CBS_QUALIFIER.sub("", m.name)) for m in municipalities.values()}
    # Only distinctive district names: one municipality, five letters or more, not a word.
    minor = {
        name: codes
        for name, codes in minor.items()
        if len(codes) == 1 and len(name) >= 5 and name not in names and name not in common_words
    }
    # "noord holland" as often as "Noord-Holland"
    provinces.update({k.replace("-", " "): v for k, v in provinces.items() if "-" in k})
    return PlaceIndex(
        municipalities,
        names,
        common_words,
        frozenset(villages - large),
        minor,
        provinces,
        _province_choices(municipalities, population, capitals),
        camps,
        frozenset(not_places),
        frozenset(abroad),
    )


def _read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file whose header comment lines start with '#'."""
    if not path.exists():
        return []
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t"))


def _province_choices(
    municipalities: dict[str, Municipality], population: dict[str, int], capitals: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    """For each province: its capital and its largest municipalities (GeoNames population)."""
    by_province: dict[str, list[str]] = {}
    for code, municipality in municipalities.items():
        by_province.setdefault(municipality.province, []).append(code)
    choices = {}
    for province, codes in by_province.items():
        largest = sorted(codes, key=lambda c: -population.get(c, 0))[:_PROVINCE_CHOICES]
        capital = capitals.get(province)
        if capital and capital not in largest:
            largest.append(capital)
        choices[province] = tuple(sorted(largest))
    return choices
