"""Normalisation shared by language detection, language-name and place matching.

Users type on phones: no diacritics, mixed case, Arabic letters in several forms. Matching works
on a folded form so that "Éindhoven", "eindhoven" and "EINDHOVEN" compare equal, and so do
"الإنجليزية" and "الانجليزيه".
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ـ": None,  # tatweel, a stretching mark
        "ک": "ك",  # Persian kaf / yeh written with Arabic keyboards and the reverse
        "ی": "ي",
    }
)
# Latin letters with a mark Unicode does not split off, that phones often type without it:
# Vietnamese đ, Polish ł, Turkish dotless ı ("đi" / "di", "zadzwoniłem" / "zadzwonilem",
# "hayır" / "hayir").
_LATIN_FOLD = str.maketrans({"đ": "d", "ł": "l", "ı": "i"})
_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
# Zero-width and bidi control characters change nothing a reader sees, so they must not change
# what the bot understands.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Case-fold, drop diacritics and invisible characters, unify Arabic letter variants."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD).casefold()
    text = text.translate(_LATIN_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    # Strip accents from Latin letters only ("é" -> "e"). In Cyrillic they carry meaning
    # (Ukrainian "ї" and "й" tell it from Russian), and so do marks in other scripts.
    kept: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and kept and ord(kept[-1]) < 0x0250:
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of `text` as (folded word, start, end), offsets into the original text."""
    return [(fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def script_of(char: str) -> str | None:
    """The writing system a letter belongs to, or None for digits, punctuation and emoji."""
    code = ord(char)
    if not char.isalpha():
        return None
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
        return "ethiopic"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return "other"
