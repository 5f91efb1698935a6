"""Places named inside a message: the gazetteer's exact names, inflected forms, and the
place a message names where a place is expected (matched by sound if need be)."""

from __future__ import annotations

import re

from bot.find_help.gazetteer import PlaceGazetteer
from bot.find_help.places.forms import (
    _APOSTROPHES,
    _ARABIC_ARTICLE,
    _CAMP_WORDS,
    _INFLECTING_PREPOSITIONS,
    _LOCATIVES,
    _MIN_STEM,
    _PROVINCE_CONNECTORS,
    _SKIPPED_AFTER_LOCATIVE,
    _TOKEN,
    _TURKISH_CASE,
    _WHOLE_MESSAGE_WORDS,
    _has_apostrophe,
    _neighbours,
    place_key,
)
from bot.find_help.places.index import PlaceIndex, PlaceMention
from bot.text_normalization import fold, script_of

_MIN_SOUND_STEM = 5


def guess_place(
    index: PlaceIndex, text: str, ordinary_words: frozenset[str] = frozenset()
) -> PlaceMention | None:
    """A place named in a message where a place is expected, matched by sound if need be.

    For messages such as "خرونينغن", "eindhofen" or "я в городе Гронинген" that name a
    town the exact lookup does not know. `ordinary_words` (folded words that users write
    in other contexts, e.g. from the NLU examples) are never taken for a place: "my city",
    "районе" and "مكان" share consonants with some village. Every candidate is first tried
    by its exact name (with case endings, camp words and provinces), and only then by
    sound. A place name that is also an ordinary word ("grave") counts only at the end of
    the message ("I live in Grave", not "I am in grave danger") or when the message speaks
    of a camp and the word is one ("ኣብ Grave ዘሎ ካምፕ").
    """
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    keys = [place_key(t) for t, _, _ in tokens]
    spans: list[tuple[int, int, bool]] = []  # first token, last token, may match by sound
    if 0 < len(tokens) <= _WHOLE_MESSAGE_WORDS:
        spans.append((0, len(tokens) - 1, True))
    # The last "in"/"near" of a message is usually the one before the place ("help in the
    # city of X"); one word before two ("تير آبل" needs two), and three by exact name only
    # ("azc Cadier en Keer"). "in het azc van Assen": "van" is skipped.
    for i in reversed(range(len(tokens) - 1)):
        if keys[i] in _LOCATIVES:
            j = i + 1
            while j < len(tokens) - 1 and keys[j] in _SKIPPED_AFTER_LOCATIVE:
                j += 1
            for size in (1, 2, 3):
                if j + size <= len(tokens):
                    spans.append((j, j + size - 1, size < 3))
    # A camp word is a locative too: "azc Budel", "كامب تير أبيل", "بكامب تير أبيل" (with "in"
    # joined to it).
    for i in range(len(tokens) - 1):
        stem = keys[i][1:] if script_of(tokens[i][0][0]) == "arabic" else ""
        if keys[i] in _CAMP_WORDS or (keys[i][:1] in "بل" and stem in _CAMP_WORDS):
            spans.append((i + 1, i + 1, True))
            if i + 2 < len(tokens):
                spans.append((i + 1, i + 2, True))
    # Turkish marks the place itself: "Lahey'de", "Ter Apel'deyim" (not Somali "hay'ad"), and
    # so does Arabic with "in" or "to" joined to it ("بلاهاي"), by exact name only.
    for i, (token, _, _) in enumerate(tokens):
        suffix = re.split(f"[{_APOSTROPHES}]", token)[-1] if _has_apostrophe(token) else ""
        if suffix and _TURKISH_CASE.match(place_key(suffix)):
            spans += [(i, i, True)] + ([(i - 1, i, True)] if i > 0 else [])
        elif script_of(token[0]) == "arabic" and token[0] in "بل" and len(token) > _MIN_STEM:
            # By sound only when the rest is a long word no one writes otherwise ("بألميرا").
            sound = len(token) > _MIN_SOUND_STEM and fold(token[1:]) not in ordinary_words
            spans += [(i, i, sound), (i, i + 1, False)] if i + 1 < len(tokens) else [(i, i, sound)]
    camp_talk = any(k in _CAMP_WORDS for k in keys)
    candidates = []
    for first, last, sound in spans:
        start, end = tokens[first][1], tokens[last][2]
        words = [fold(w) for w, _, _ in tokens[first : last + 1]]
        if all(w in ordinary_words for w in words):
            continue
        key = place_key(text[start:end])
        ordinary_here = key in index._common_words and last < len(tokens) - 1
        if ordinary_here and not (camp_talk and key in index._camps):
            continue
        candidates.append((start, end, sound))
    for by_sound in (False, True):
        for start, end, sound in candidates:
            if by_sound and not sound:
                continue
            codes = index.resolve(text[start:end], by_sound=by_sound)
            if by_sound and place_key(text[start:end]).startswith(_ARABIC_ARTICLE):
                # An Arabic word with the article ("البيت", the house) is a noun, unless it
                # sounds like a town that begins with "Al" ("الميره" = Almere).
                codes = tuple(c for c in codes if index._starts_like_the_article(c))
            if codes:
                return PlaceMention(text[start:end], start, end, codes)
    return None


def find_mentions(index: PlaceIndex, text: str) -> list[PlaceMention]:
    """Known place names inside a message (spaCy PhraseMatcher), longest match first.

    A place name that is also an ordinary word ("Wijk", "Best", "Zee", "Grave") counts only
    when it is the whole message, e.g. the answer to "which town?", or when it is a camp's
    name and the message speaks of a camp ("kamp Grave"). A camp word right next to a name is
    part of the mention ("azc Velp"), and so is a province after a shared town name
    ("Bergen in Noord-Holland"), so that `resolve` sees them. After "в", "w", "z", ... a town
    is also found with its case ending ("в Гааге"), and so is a town with a Turkish, Arabic
    or French clitic ("Lahey'de", "بلاهاي", "d'Utrecht").
    """
    if index._gazetteer is None:
        index._gazetteer = PlaceGazetteer(
            sorted({*index._names, *index._provinces, *index._camps}), normalise=place_key
        )
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    keys = [place_key(t) for t, _, _ in tokens]
    camp_talk = any(k in _CAMP_WORDS for k in keys)
    whole = place_key(text)
    spans = index._gazetteer.find(text)
    in_names = {i for i, t in enumerate(tokens) for s, e in spans if s <= t[1] and t[2] <= e}
    found: list[PlaceMention] = []
    covered: set[int] = set()
    for start, end in spans:
        candidate = text[start:end]
        key = place_key(candidate)
        if key in index._not_places:
            continue
        before, after = _neighbours(tokens, start, end)
        camp_before = (
            before is not None
            and before not in in_names
            and keys[before] in _CAMP_WORDS
            and not text[tokens[before][2] : start].strip()
        )
        camp_after = (
            after is not None
            and after not in in_names
            and keys[after] in _CAMP_WORDS
            and not text[end : tokens[after][1]].strip()
        )
        ordinary_here = key in index._common_words and key != whole
        if ordinary_here and not (camp_talk and key in index._camps):
            continue
        if camp_before and before is not None:
            start = tokens[before][1]
        if camp_after and after is not None:
            end = tokens[after][2]
        codes = index.resolve(text[start:end])
        if codes:
            found.append(PlaceMention(text[start:end], start, end, codes))
            covered.update(range(start, end))
    found = _join_provinces(index, text, found)
    found += _inflected_mentions(index, text, tokens, covered)
    return sorted(found, key=lambda m: m.start)


def _join_provinces(index: PlaceIndex, text: str, found: list[PlaceMention]) -> list[PlaceMention]:
    """A shared town name followed by its province becomes one mention of one town."""
    out: list[PlaceMention] = []
    for mention in found:
        previous = out[-1] if out else None
        key = place_key(mention.text)
        is_province = key in index._provinces or index.province(key)
        if previous and len(previous.codes) > 1 and is_province:
            between = place_key(re.sub(r"[,()]", " ", text[previous.end : mention.start]))
            if all(w in _PROVINCE_CONNECTORS for w in between.split()):
                joined = text[previous.start : mention.end]
                codes = index._town_in_province(place_key(joined))
                if codes:
                    out[-1] = PlaceMention(joined, previous.start, mention.end, codes)
                    continue
        out.append(mention)
    return out


def _inflected_mentions(
    index: PlaceIndex, text: str, tokens: list[tuple[str, int, int]], covered: set[int]
) -> list[PlaceMention]:
    """Towns with a case ending after a preposition ("в Гааге"), or with a clitic ("Lahey'de",
    "Den Haag'da", "بلاهاي", "لە زوولەدا", "በአምስተርዳም"): exact names only, never by sound."""
    found: list[PlaceMention] = []
    taken: set[int] = set(covered)
    for i, (token, _, _) in enumerate(tokens):
        after_preposition = i > 0 and place_key(tokens[i - 1][0]) in _INFLECTING_PREPOSITIONS
        clitic = _has_apostrophe(token) or script_of(token[0]) in ("arabic", "ethiopic")
        if not (after_preposition or clitic):
            continue
        # A preposition starts the name ("в Ден Хааге"); a clitic ends it ("Den Haag'da").
        firsts = [(i, i + size - 1) for size in (3, 2, 1)] if after_preposition else []
        if clitic:
            firsts += [(i - size + 1, i) for size in (3, 2, 1)]
        for first, last in firsts:
            if first < 0 or last >= len(tokens):
                continue
            start, end = tokens[first][1], tokens[last][2]
            key = place_key(text[start:end])
            if key in index._names or any(p in taken for p in range(start, end)):
                continue  # the gazetteer decided about the name as written
            variant = index._exact_variant_key(key)
            if variant:
                found.append(PlaceMention(text[start:end], start, end, index.resolve(variant)))
                taken.update(range(start, end))
                break
    return found
