"""Compare place names across scripts and spellings by their consonant skeleton.

People write Dutch place names as they hear them: "آيندهوفن", "خرونينغن", "Эйндховен",
"ኣምስተርዳም", "eindhofen". Vowels are the least reliable part (Arabic script omits them, Ge'ez
fuses them into the consonant), so names are compared by their consonants, mapped to classes
that sound alike (v/f/w, k/g/ch/kh/q, d/t, s/z/c). "eindhoven", "آيندهوفن" and "Эйндховен" all
become "nthfn".
"""

from __future__ import annotations

import re
import unicodedata

from bot.text_normalization import fold

# Latin sound classes, after digraphs are replaced. Vowels and y/j/h-as-vowel-carrier drop out.
_LATIN_DIGRAPHS = (
    ("sch", "sk"),
    ("ch", "k"),
    ("kh", "k"),
    ("gh", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("ij", "i"),
    ("ck", "k"),
    ("ts", "s"),
)
_LATIN_CLASSES = str.maketrans(
    {
        "v": "f",
        "w": "f",
        "g": "k",
        "q": "k",
        "c": "k",
        "x": "k",
        "d": "t",
        "z": "s",
        "b": "p",
    }
)
_VOWELS = set("aeiouyj")

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "u",
    "я": "a",
}  # fmt: skip
# Arabic and Persian letters; long vowels and their carriers (ا و ي ى ع ء) carry no consonant.
_ARABIC = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "g", "چ": "ch", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "غ": "gh", "ف": "f", "ڤ": "v", "ق": "k", "ك": "k", "ک": "k", "گ": "g", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "", "ا": "", "أ": "", "إ": "", "آ": "", "و": "", "ي": "",
    "ى": "", "ی": "", "ع": "", "ء": "", "ئ": "", "ؤ": "",
}  # fmt: skip
# Ge'ez is a syllabary in rows of eight (one consonant, seven vowels + a labialised form).
_GEEZ_ROWS = (
    "h", "l", "h", "m", "s", "r", "s", "sh", "k", "kw", "k", "kw", "b", "v", "t", "ch", "h",
    "hw", "n", "n", "", "k", "kw", "h", "hw", "f", "", "z", "zh", "", "d", "d", "g", "g",
    "gw", "g", "t", "ch", "p", "s", "s", "f", "p",
)  # fmt: skip
# Row 32 is ጀ (j, written "g" as Arabic ج is), 33 ገ (g), 34 ጐ (gw), 35 ጘ (gg).
_NON_LETTERS = re.compile(r"[^\w]+")


def romanise(text: str) -> str:
    """A rough Latin spelling of Cyrillic, Arabic-script and Ge'ez text (Latin stays as is)."""
    out: list[str] = []
    folded = fold(text)
    for i, ch in enumerate(folded):
        code = ord(ch)
        if ch == "و" and (i == 0 or not folded[i - 1].isalpha()):
            out.append("w")  # at the start of a word و is the consonant: "وستلند" = Westland
        elif ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif ch in _ARABIC:
            out.append(_ARABIC[ch])
        elif 0x1200 <= code <= 0x1357:
            row = (code - 0x1200) // 8
            out.append(_GEEZ_ROWS[row] if row < len(_GEEZ_ROWS) else "")
        elif unicodedata.category(ch).startswith("M"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def within_one_edit(a: str, b: str) -> bool:
    """True when `a` becomes `b` by at most one inserted, deleted or replaced letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


def skeleton(name: str) -> str:
    """The consonant skeleton of a place name in any script: "Eindhoven" -> "nthfn"."""
    text = _NON_LETTERS.sub(" ", romanise(name))
    # Dutch "sch" sounds "s" at the end of a word (Den Bosch) and "s-ch" elsewhere.
    text = re.sub(r"sch\b", "s", text).replace(" ", "")
    for digraph, replacement in _LATIN_DIGRAPHS:
        text = text.replace(digraph, replacement)
    text = text.translate(_LATIN_CLASSES)
    consonants = [c for c in text if c.isalpha() and c not in _VOWELS and c != "h"]
    # Doubled letters ("Zwolle", "Assen") are often written single.
    return re.sub(r"(.)\1+", r"\1", "".join(consonants))
