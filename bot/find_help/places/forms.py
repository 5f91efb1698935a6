"""How place names are folded and compared, and the small rules per language for how people
write them: case endings, clitics, words for a camp or a province."""

from __future__ import annotations

import re

from bot.text_normalization import fold, script_of

# Persian and Arabic letters that people type for one another: an Arabic keyboard has no
# پ چ ژ گ, and Urdu-style heh and yeh forms turn up in copied names. `fold` already equates
# ی/ي/ى, ک/ك and ة/ه; these further merges would hide the difference between Persian and
# Arabic that the language detector needs, so they are made for place names only. Pashto's own
# letters (ګ ټ ډ ړ ښ ږ ڼ ې ۍ) and Sorani's (ڕ ڵ ۆ ێ ە) are typed as their plain neighbours on a
# Persian or Arabic keyboard: "ګرونینګن" and "گرونینگن" are one name.
_PLACE_LETTERS = str.maketrans(
    {
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
        "گ": "ك",
        "ڤ": "ف",
        "ڨ": "ك",
        "ۀ": "ه",
        "ە": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ے": "ي",
        "ۓ": "ي",
        "ګ": "ك",
        "ټ": "ت",
        "ډ": "د",
        "ړ": "ر",
        "ښ": "ش",
        "ږ": "ز",
        "ڼ": "ن",
        "ې": "ي",
        "ۍ": "ي",
        "ڕ": "ر",
        "ڵ": "ل",
        "ۆ": "و",
        "ێ": "ي",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
)


_APOSTROPHES = "'’`´"


# Sorani writes a silent ئ before every word that starts with a vowel ("ئەمستەردام",
# "ئایندهۆڤن"); Arabic and Persian write ا or آ there.
_SILENT_HAMZA_SEAT = re.compile(r"(?<!\w)ئ")


def place_key(text: str) -> str:
    """The folded form in which place names are compared (see `_PLACE_LETTERS`)."""
    text = _SILENT_HAMZA_SEAT.sub("ا", text)
    return " ".join(fold(text).translate(_PLACE_LETTERS).split())


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


# Words for an asylum centre or camp. Before or after a place name they say which place is
# meant ("azc Velp"); in a message they announce a place, like "in" ("я живу в лагере Тер Апель").
_CAMP_WORDS = frozenset(
    place_key(word)
    for word in (
        "azc", "a.z.c.", "asielzoekerscentrum", "kamp", "opvang", "opvangcentrum", "opvanglocatie",
        "aanmeldcentrum", "noodopvang", "nachtopvang", "coa",  # nl
        "camp", "asylum", "reception",  # en ("asylum centre", "reception centre")
        "campement", "foyer", "cada",  # fr
        "مخيم", "المخيم", "مخيّم", "كامب", "الكامب", "معسكر", "المعسكر",  # ar
        "کمپ", "كمپ", "اردوگاه",  # fa
        "лагерь", "лагере", "лагеря", "лагерю", "кемп", "кэмп", "азц",  # ru
        "табір", "таборі", "табору", "табора",  # uk
        "obóz", "obozie", "obozu", "ośrodek", "ośrodku", "ośrodka",  # pl
        "tabăra", "tabara", "tabără", "tabere", "lagăr", "lagar", "lagărul",  # ro
        "kamp", "kampı", "kampi", "kampta", "kampında", "kampinda",  # tr
        "xero", "xerada", "kaamka", "kaam",  # so
        "ካምፕ", "መዓስከር",  # ti
        "کەمپ", "کەمپی", "کەمپەکە", "کەمپەکەی", "کامپ",  # ckb
        "کېمپ", "کیمپ", "کمپونه",  # ps
        "kampu",  # pcm ("camp" is above)
    )
)  # fmt: skip


# Words that belong to a camp phrase only next to a camp word ("asylum centre", "لجوء").
_CAMP_FILLERS = frozenset(
    place_key(word)
    for word in (
        "centre", "center", "centrum", "centru", "centrul", "het", "de", "the", "of", "in", "at",
        "for", "voor", "van", "refugee", "refugees", "asylum", "seekers", "d'asile", "asile",
        "demandeurs", "pour", "dla", "uchodźców", "uchodzcow", "беженцев", "біженців", "для",
        "centrul", "refugiați", "refugiati", "azil", "mülteci", "multeci", "qaxootiga",
        "اللاجئين", "لجوء", "اللجوء", "مركز", "پناهندگی", "پناهجویان",
        "سەنتەری", "پەنابەران", "پەناخوازان", "د", "پناه", "غوښتونکو", "کډوالو",
        "в", "у", "w", "în", "في", "در",
    )
)  # fmt: skip


_LOCATIVES = frozenset(
    place_key(word)
    for word in (
        "في", "فى", "فـي", "قرب", "جنب", "عند", "من", "الى", "إلى", "بمدينة", "مدينة",  # ar
        "در", "تو", "نزدیک", "کنار", "شهر", "از", "حوالی", "اطراف",  # fa
        "в", "во", "у", "из", "под", "около", "возле", "рядом", "город", "городе", "до", "к",  # ru
        "біля", "місто", "місті", "поруч", "під", "з", "із", "зі",  # uk
        "ኣብ", "ካብ", "ከተማ", "ጥቓ",  # ti
        "لە", "له", "نزیک", "نزیکی", "لای", "شاری", "بۆ",  # ckb
        "په", "نږدې", "ښار", "ښاري",  # ps
        "in", "bij", "near", "around", "at", "te", "à", "a", "en", "près", "w", "we", "koło",
        "z", "ze", "do", "od", "obok", "blisko", "niedaleko", "pod",  # pl
        "în", "lângă", "langa", "magaalada", "ku", "yakınında",  # Latin-script languages
    )
) | _CAMP_WORDS  # fmt: skip


# After "in" or a camp word: words skipped before the place ("in het azc van Assen", Persian
# "azc e Harderwijk").
_SKIPPED_AFTER_LOCATIVE = frozenset(("van", "of", "the", "e", "het", "du", "des"))


# Prepositions after which Russian, Ukrainian and Polish put a town in another case ("в Гааге",
# "z Lejdy"): a word after one of them is tried without its case ending even inside a message.
_INFLECTING_PREPOSITIONS = frozenset(
    place_key(word)
    for word in (
        "в", "во", "у", "из", "до", "к", "ко", "под", "около", "возле", "из-под", "от",  # ru
        "з", "із", "зі", "біля", "від", "під", "поблизу",  # uk
        "w", "we", "z", "ze", "do", "od", "koło", "kolo", "obok", "pod", "blisko",  # pl
        "niedaleko",
    )
)  # fmt: skip


_LEADING_WORDS = _LOCATIVES | _INFLECTING_PREPOSITIONS


# Turkish case suffixes after an apostrophe: 'de, 'da, 'ta, 'dan, 'deki, 'e, 'ya, 'deyim, ...
_TURKISH_CASE = re.compile(r"^(?:[dt][aeıiuü]|y?[aeıiuü]$|n[ıiuü]n$|[ıiuü]n$)")


# Words that say "province" next to a province name ("provincie Utrecht", "استان لیمبورگ").
_PROVINCE_WORDS = frozenset(
    place_key(word)
    for word in (
        "provincie", "province", "provinz", "provincia", "prowincja", "prowincji", "provinciei",
        "провинция", "провинции", "провінція", "провінції", "eyaleti", "eyalet", "gobolka",
        "مقاطعة", "محافظة", "إقليم", "اقليم", "استان", "پارێزگای", "پارێزگا", "هەرێمی", "ولایت",
    )
)  # fmt: skip


_PROVINCE_FILLERS = frozenset(place_key(word) for word in ("of", "de", "la", "the", "van", "in"))


# Words between a town and its province: "Bergen in Noord-Holland", "Velp, Gelderland".
_PROVINCE_CONNECTORS = frozenset(
    place_key(word) for word in ("in", "en", "à", "a", "w", "în", "в", "у", "في", "در", "ኣብ", "ku")
)


_CBS_QUALIFIER = re.compile(
    r"\s*\((?P<qualifier>nh|l|o|gn|zh|fr|gld|lb|nb|ov|u|z|d|gr)\.?\)\s*$", re.I
)


# A province is answered with its capital and its largest municipalities.
_PROVINCE_CHOICES = 5


_PROVINCE_CODES = {
    "NL-DR": "Drenthe", "NL-FL": "Flevoland", "NL-FR": "Friesland", "NL-GE": "Gelderland",
    "NL-GR": "Groningen", "NL-LI": "Limburg", "NL-NB": "Noord-Brabant", "NL-NH": "Noord-Holland",
    "NL-OV": "Overijssel", "NL-UT": "Utrecht", "NL-ZE": "Zeeland", "NL-ZH": "Zuid-Holland",
}  # fmt: skip


_COUNTRY = "NL"
_ABROAD = "ABROAD"  # a city outside the Netherlands (exonyms.tsv)


# Arabic letters for sounds Dutch does not have (ع ح ص ض ط ظ ذ ق): two of the 210 Arabic-script
# place names use one. A word written with them is an Arabic word ("مساعدة", help; "قريب",
# near), so it is not matched by sound, only by its exact name.
_NOT_IN_DUTCH_NAMES = frozenset("عحصضطظذق")


_ARABIC_ARTICLE = "ال"


# --- Case endings and clitics, one small rule set per language ---------------------------------
# (ending, what it may have replaced), tried longest first, only when the name as written matches
# nothing, and kept only when the result is a known place name exactly.
# Russian and Ukrainian: "в Гааге", "из Роттердама", "под Амстердамом", "у Гаазі" (г→з before і),
# "в Тилбурге", "в Северной Голландии", "у Північній Голландії".
_CYRILLIC_ENDINGS = (
    ("ами", ("",)), ("ого", ("ый", "ий")), ("ому", ("ый", "ий", "")), ("ией", ("ия",)),
    ("ією", ("ія",)), ("ах", ("", "а", "ы", "и")), ("ом", ("", "ый", "ий")), ("ем", ("",)),
    ("ой", ("а", "ая")), ("ою", ("а",)), ("ей", ("ь", "я")), ("ую", ("ая",)), ("ій", ("а", "ий")),
    ("ии", ("ия",)), ("ії", ("ія",)), ("ию", ("ия",)), ("ію", ("ія",)),
    ("зі", ("га", "г")), ("ці", ("ка", "к")), ("сі", ("ха", "х")),
    ("і", ("", "а", "я", "ь")), ("е", ("", "а", "я", "ь")), ("и", ("", "а", "я", "ь")),
    ("ы", ("а",)), ("у", ("", "а")), ("ю", ("я", "ь")), ("а", ("",)), ("я", ("ь", "й")),
)  # fmt: skip


# Polish (after folding, which drops ą ę ó ś accents but keeps ł): "w Hadze" (g→dz), "w Utrechcie"
# (t→ci), "w Lejdzie", "z Lejdy", "do Amsterdamu", "w Amsterdamie", "w Holandii Północnej".
_POLISH_ENDINGS = (
    ("dzie", ("d", "da")), ("owi", ("",)), ("cie", ("t", "ta")), ("dze", ("g", "ga")),
    ("rze", ("r", "ra")), ("ce", ("k", "ka")), ("ii", ("ia",)), ("ej", ("a",)), ("em", ("",)),
    ("ie", ("", "a")), ("e", ("", "a")), ("u", ("",)), ("y", ("a",)), ("i", ("a", "")),
)  # fmt: skip


# Turkish writes the case after an apostrophe ("Lahey'de", "Amsterdam'dan"), often without it
# on a phone ("amsterdamda"); without it only the locative and ablative are taken off.
_TURKISH_SUFFIXES = tuple("daki deki taki teki dan den tan ten da de ta te".split())


# Arabic joins "in", "to", "and" to the next word ("بلاهاي", "لأمستردام", "وروتردام").
_ARABIC_PROCLITICS = ("وب", "ول", "فب", "ب", "ل", "و", "ف")


# Sorani joins "in ... -da", "from ... -ewe", "is", "I am", "we are", "of" and "also" to the end of
# a town ("لە زوولەدا", "لە ئەمستەردامەوە", "لە زوولەم"); in place_key form (ە is ه).
_SORANI_ENDINGS = ("هوه", "دا", "وه", "يش", "ين", "ه", "م", "ي")


# Amharic and Tigrinya join "in", "from", "to", "of" to the next word ("በአምስተርዳም",
# "ከሮተርዳም", "ንኣምስተርዳም"); Amharic also "to" as ወደ.
_ETHIOPIC_PROCLITICS = ("ወደ", "በ", "ከ", "ለ", "የ", "ብ", "ን")


# French elides "de" and "le" before a vowel: "près d'Amsterdam", "d'Utrecht".
_ELISIONS = ("d", "l", "qu", "j")


# A variant must keep this much of the word, so that short words do not become places.
_MIN_STEM = 3


_MAX_VARIANT_COMBINATIONS = 64


def _word_variants(word: str) -> list[str]:
    """Forms a folded word may have had before a case ending or clitic was added (not itself)."""
    out: list[str] = []
    letters = [script_of(ch) for ch in word if script_of(ch)]
    script = letters[0] if letters and len(set(letters)) == 1 else None
    for mark in _APOSTROPHES:
        if mark in word:
            head, _, tail = word.partition(mark)
            if head in _ELISIONS and tail:  # d'Amsterdam
                out.append(tail)
            elif len(head) >= _MIN_STEM and tail.isalpha():  # Lahey'de
                out.append(head)
    if script == "cyrillic":
        out += _replace_endings(word, _CYRILLIC_ENDINGS)
    elif script == "latin":
        out += _replace_endings(word, _POLISH_ENDINGS)
        out += [word[: -len(s)] for s in _TURKISH_SUFFIXES if word.endswith(s)]
    elif script == "arabic":
        out += [word[len(p) :] for p in _ARABIC_PROCLITICS if word.startswith(p)]
        out += [word[: -len(e)] for e in _SORANI_ENDINGS if word.endswith(e)]
    elif script == "ethiopic":
        out += [word[len(p) :] for p in _ETHIOPIC_PROCLITICS if word.startswith(p)]
    unique = dict.fromkeys(v for v in out if len(v) >= _MIN_STEM and v != word)
    return list(unique)


def _replace_endings(word: str, rules: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    out = []
    for ending, replacements in rules:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM - 1:
            out += [word[: -len(ending)] + r for r in replacements]
    return out


def _has_apostrophe(token: str) -> bool:
    return any(mark in token for mark in _APOSTROPHES)


_TOKEN = re.compile(r"[\w'’-]+")


def _neighbours(
    tokens: list[tuple[str, int, int]], start: int, end: int
) -> tuple[int | None, int | None]:
    """Indexes of the tokens just before `start` and just after `end`, if any."""
    before = max((i for i, t in enumerate(tokens) if t[2] <= start), default=None)
    after = min((i for i, t in enumerate(tokens) if t[1] >= end), default=None)
    return before, after


def _writes_vowels(text: str) -> bool:
    """Cyrillic, like Latin, writes every vowel (Arabic script and Ge'ez do not, for sound)."""
    return any(script_of(ch) == "cyrillic" for ch in text)


def _is_non_latin(text: str) -> bool:
    scripts = {script_of(ch) for ch in text} - {None}
    return bool(scripts) and "latin" not in scripts
