import csv

import pytest

from bot.find_help.answer import answer_help_nearby
from bot.find_help.places import PlaceIndex, ordinary_words_from_examples, place_key
from bot.settings import PROJECT_ROOT
from bot.text_normalization import fold

PLACES = PROJECT_ROOT / "facts" / "places"


@pytest.fixture(scope="module")
def index():
    return PlaceIndex.from_dir(PLACES)


def test_every_municipality_resolves_by_its_own_name(index):
    with (PLACES / "municipalities-2025.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 342
    for row in rows:
        assert row["gm_code"] in index.lookup(row["gemeente"]), row["gemeente"]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Den Haag", "GM0518"),
        ("eindhoven", "GM0772"),
        ("Ter Apel", "GM1950"),  # asylum registration centre, municipality Westerwolde
        ("Budel", "GM1706"),  # central reception, municipality Cranendonck
        ("أمستردام", "GM0363"),
        ("Амстердам", "GM0363"),
    ],
)
def test_common_and_other_script_names(index, name, code):
    assert index.lookup(name) == (code,)


def test_places_are_found_inside_a_message(index):
    (mention,) = index.find_mentions("is er hulp in de buurt van Den Bosch?")
    assert mention.text == "Den Bosch" and mention.codes == ("GM0796",)


def test_ordinary_words_inside_a_sentence_are_not_places(index):
    assert index.find_mentions("what is the best thing to do") == []


def test_ambiguous_name_asks_which_one(index):
    answer = answer_help_nearby(index, ["Bergen"], None)
    assert answer.response == "utter_place_ambiguous"
    assert {m.code for m in answer.choices} == {"GM0373", "GM0893"}


def test_unknown_place_asks_for_nearest_town_and_no_place_asks_for_town(index):
    assert answer_help_nearby(index, ["Xyzzyville"], None).response == "utter_place_unknown"
    assert answer_help_nearby(index, [], None).response == "utter_ask_place"


def test_known_municipality_is_reused_when_no_new_place_is_named(index):
    answer = answer_help_nearby(index, [], "GM0772")
    assert answer.municipality is not None and answer.municipality.name == "Eindhoven"


@pytest.mark.parametrize(
    ("name", "municipality"),
    [
        ("آيندهوفن", "Eindhoven"),  # Arabic script (a GeoNames alternate name)
        ("خرونينغن", "Groningen"),  # Arabic script, not in the data: by sound
        ("تير آبل", "Westerwolde"),  # Ter Apel
        ("اوتريخت", "Utrecht"),
        ("ليواردن", "Leeuwarden"),
        ("آیندهوون", "Eindhoven"),  # Persian
        ("تر آپل", "Westerwolde"),
        ("ኣምስተርዳም", "Amsterdam"),  # Ge'ez
        ("ሮተርዳም", "Rotterdam"),
        ("Эйндховен", "Eindhoven"),  # Cyrillic (GeoNames)
        ("Гронинген", "Groningen"),
        ("Утрехт", "Utrecht"),
        ("eindhofen", "Eindhoven"),  # misspelled
        ("amsterdm", "Amsterdam"),
        ("roterdam", "Rotterdam"),
        ("Apeldorn", "Apeldoorn"),
        ("den hag", "'s-Gravenhage"),
        ("lelistad", "Lelystad"),  # not also Hulst, whose consonants are the same
        ("rotterdan", "Rotterdam"),  # the name spelled closest wins among sound-alikes
        ("utrech", "Utrecht"),  # one letter off a long name, skeleton too short for sound
        ("وستلند", "Westland"),  # و at the start of a word is a consonant
        ("ዴን ሃግ", "'s-Gravenhage"),  # ግ is g
    ],
)
def test_names_in_other_scripts_and_misspellings_resolve(index, name, municipality):
    codes = index.resolve(name)
    assert [index.municipalities[c].name for c in codes] == [municipality]


@pytest.mark.parametrize(
    "nonsense",
    [
        "xyzzy",
        "hello",
        "help",
        "police",
        "asdfgh",
        "blabla",
        "station",
        "helloo",
        "Brussels",
        "باريس",
        "ሎንደን",
    ],
)  # cities abroad are no places, not even by sound
def test_nonsense_and_ordinary_words_do_not_resolve(index, nonsense):
    assert index.resolve(nonsense) == ()


@pytest.mark.parametrize(
    ("message", "municipality"),
    [
        ("وين في مساعدة في آيندهوفن", "Eindhoven"),
        ("я в городе Гронинген", "Groningen"),
        ("ኣብ ኣምስተርዳም ሓገዝ ኣሎ", "Amsterdam"),
        ("eindhofen", "Eindhoven"),
    ],
)
def test_a_place_is_found_by_sound_where_one_is_expected(index, message, municipality):
    answer = answer_help_nearby(index, [], None, message)
    assert answer.municipality is not None and answer.municipality.name == municipality


def test_ordinary_words_after_in_are_not_taken_for_a_place(index):
    ordinary = ordinary_words_from_examples(["ajutor în orașul meu", "допомога в моєму місті"])
    for message in ["ajutor în orașul meu", "допомога в моєму місті"]:
        assert answer_help_nearby(index, [], None, message, ordinary).response == "utter_ask_place"


def test_every_cbs_town_resolves_to_its_municipality_and_shared_names_ask(index):
    by_name = {}
    with (PLACES / "cbs_woonplaatsen_2024.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_name.setdefault(row["Woonplaats"], set()).add("GM" + row["Gemeentecode"])
    assert sum(len(codes) for codes in by_name.values()) == 2501
    shared = {name: codes for name, codes in by_name.items() if len(codes) > 1}
    assert len(shared) == 70
    for name, codes in by_name.items():
        assert codes <= set(index.lookup(name)), name
    for name, codes in shared.items():
        answer = answer_help_nearby(index, [name], None)
        assert answer.response == "utter_place_ambiguous", name
        assert codes <= {m.code for m in answer.choices}, name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bergen NH", "GM0373"),  # usual ways to tell the two Bergens apart
        ("Bergen Limburg", "GM0893"),
        ("Hengelo Gld", "GM1876"),
        ("'S-HERTOGENBOSCH", "GM0796"),
        ("Schilderswijk", "GM0518"),  # city districts (GeoNames)
        ("Overvecht", "GM0344"),
        ("IJburg", "GM0363"),
        ("Budel", "GM1706"),  # asylum reception centres
        ("Ter Apel", "GM1950"),
        ("لاهاي", "GM0518"),  # GeoNames alternate names
        ("Гаага", "GM0518"),
        ("Роттердам", "GM0599"),
        ("روتردام", "GM0599"),
        ("بودل", "GM1706"),  # not in the data: by sound across scripts
        ("ተር ኣፐል", "GM1950"),
        ("Zwole", "GM0193"),  # misspellings
        ("Naimegen", "GM0268"),
        ("Maastrict", "GM0935"),
    ],
)
def test_variants_districts_asylum_centres_and_scripts(index, name, code):
    assert index.resolve(name) == (code,)


@pytest.mark.parametrize(
    "nonsense", ["station", "centrum", "noord", "the bus", "qwerty", "مرحبا", "привет"]
)
def test_ordinary_words_do_not_become_places(index, nonsense):
    assert index.resolve(nonsense) == ()


def test_the_gazetteer_finds_every_municipality_inside_a_sentence(index):
    with (PLACES / "municipalities-2025.csv").open(encoding="utf-8") as f:
        names = [row["gemeente"] for row in csv.DictReader(f)]
    ordinary = {"Best"}  # also an ordinary word: a place only when it is the whole message
    for name in names:
        message = name if name in ordinary else f"ik zoek hulp in {name} alsjeblieft"
        mentions = index.find_mentions(message)
        assert [m.text for m in mentions] == [name], name
    assert index.find_mentions("what is the best thing to do") == []


@pytest.mark.parametrize(
    ("message", "place"),
    [
        ("أحتاج مساعدة في أمستردام من فضلك", "أمستردام"),
        ("ПОМОГИТЕ, я в Роттердам", "Роттердам"),
        ("help in 'S-GRAVENHAGE please", "'S-GRAVENHAGE"),
        ("je suis à Ter Apel", "Ter Apel"),
    ],
)
def test_the_gazetteer_keeps_the_users_spelling_and_position(index, message, place):
    (mention,) = index.find_mentions(message)
    assert message[mention.start : mention.end] == place == mention.text


def test_a_short_answer_that_is_no_known_place_asks_for_the_nearest_town(index):
    ordinary = ordinary_words_from_examples(["help near me please", "yes", "thank you"])
    for message in ["Xyzzyville", "Blorp Town"]:
        answer = answer_help_nearby(index, [], None, message, ordinary)
        assert answer.response == "utter_place_unknown", message
    for message in ["help near me please", "yes", "12345"]:
        answer = answer_help_nearby(index, [], None, message, ordinary)
        assert answer.response == "utter_ask_place", message


def test_a_message_the_nlu_did_not_understand_is_a_place_only_if_it_looks_like_one(index):
    ordinary = ordinary_words_from_examples(["what about my passport and my boss"])
    unknown = answer_help_nearby(index, [], "GM0772", "Xyzzyville", ordinary, understood=False)
    assert unknown.response == "utter_place_unknown"
    other = answer_help_nearby(
        index, [], "GM0772", "what about my passport and my boss", ordinary, understood=False
    )
    assert other.response == "utter_default"
    town = answer_help_nearby(index, [], None, "Ter Apel", ordinary, understood=False)
    assert town.municipality is not None and town.municipality.code == "GM1950"


# --- Places people actually write (issue 16) -------------------------------------------------

CODES = {"GM0518": "'s-Gravenhage", "GM0363": "Amsterdam", "GM0599": "Rotterdam"}
LANGUAGES = {"nl", "en", "ar", "fr", "fa", "ti", "so", "tr", "uk", "ru", "ro", "pl", "bg", "vi",
             "am", "ps", "ckb", "pcm", "de"}  # fmt: skip
PROVINCE_CODES = {
    "NL-DR", "NL-FL", "NL-FR", "NL-GE", "NL-GR", "NL-LI", "NL-NB", "NL-NH", "NL-OV", "NL-UT",
    "NL-ZE", "NL-ZH",
}  # fmt: skip


def _rows(name):
    lines = (PLACES / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader([x for x in lines if not x.startswith("#")], delimiter="\t"))


def _municipality_codes():
    with (PLACES / "municipalities-2025.csv").open(encoding="utf-8") as f:
        return {row["gm_code"] for row in csv.DictReader(f)}


def test_exonym_rows_name_a_known_place_and_say_where_they_come_from():
    rows = _rows("exonyms.tsv")
    assert len(rows) > 200
    municipalities = _municipality_codes()
    for row in rows:
        target = row["gm_code"]
        assert (
            target in municipalities or target in PROVINCE_CODES or target in ("NL", "ABROAD")
        ), row
        assert row["language"] in LANGUAGES, row
        assert row["source"] in {"geonames", "cldr", "iso-codes", "drafted"}, row
        assert row["confidence"] in {"high", "medium", "low"}, row
        assert row["source"] != "drafted" or row["confidence"] == "low", row
    # Every language of the bot has names; every province has a name in Russian or Ukrainian.
    assert {r["language"] for r in rows} >= LANGUAGES - {"de"}
    assert {r["gm_code"] for r in rows if r["language"] in ("ru", "uk")} >= PROVINCE_CODES - {
        "NL-UT",
        "NL-GR",
    }


def test_exonyms_said_to_come_from_geonames_are_in_the_geonames_file():
    names_by_code: dict[str, set[str]] = {}
    with (PLACES / "geonames_nl_places.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            code = "ADM1" if row["feature_code"] == "ADM1" else row["gm_code_2025"]
            names = {row["name"], *row["alternatenames"].split(",")}
            names_by_code.setdefault(code, set()).update(names)
    for row in _rows("exonyms.tsv"):
        if row["source"] == "geonames":
            code = "ADM1" if row["gm_code"].startswith("NL-") else row["gm_code"]
            assert row["name"] in names_by_code[code], row


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("The Hague", "GM0518"),  # en
        ("Den Haag", "GM0518"),  # nl
        ("La Haye", "GM0518"),  # fr
        ("Haga", "GM0518"),  # pl, ro
        ("Lahey", "GM0518"),  # tr
        ("Гаага", "GM0518"),  # ru, uk
        ("لاهاي", "GM0518"),  # ar
        ("لاهه", "GM0518"),  # fa
        ("ሄግ", "GM0518"),  # ti (drafted)
        ("lahay", "GM0518"),  # Arabic speakers in Latin letters
        ("Amsterdaam", "GM0363"),  # so (CLDR)
        ("ኣምስተርዳም", "GM0363"),  # ti (CLDR)
        ("Mokum", "GM0363"),
        ("Groningue", "GM0014"),  # fr
        ("Гронінген", "GM0014"),  # uk
        ("Nimègue", "GM0268"),  # fr
        ("Leyde", "GM0546"),  # fr
        ("Lejda", "GM0546"),  # pl
        ("Bois-le-Duc", "GM0796"),  # fr
        ("Хертогенбос", "GM0796"),  # ru
        ("Гарлем", "GM0392"),  # uk: Dutch h is г, which sounds like no Latin letter of the name
        ("Ейндговен", "GM0772"),  # uk
        ("Тілбург", "GM0855"),  # uk
        ("آپلدورن", "GM0200"),  # fa
        ("Dordt", "GM0505"),
        ("Заандам", "GM0479"),  # Zaandam is in Zaanstad
        ("Рурмонд", "GM0957"),
    ],
)
def test_exonyms_in_every_script_resolve_exactly(index, name, code):
    assert index.lookup(name) == (code,)
    assert index.resolve(name) == (code,)


@pytest.mark.parametrize(
    ("message", "place", "code"),
    [
        ("je suis à La Haye, où aller ?", "La Haye", "GM0518"),
        ("Lahey'de yardım lazım", "Lahey'de", "GM0518"),  # Turkish case after an apostrophe
        ("Den Haag'da kalacak yer var mı", "Den Haag'da", "GM0518"),
        ("я живу в Гааге", "Гааге", "GM0518"),  # ru locative
        ("я из Роттердама", "Роттердама", "GM0599"),  # ru genitive
        ("помогите, я в Амстердаме", "Амстердаме", "GM0363"),
        ("под Амстердамом работаю", "Амстердамом", "GM0363"),  # ru instrumental
        ("я живу у Гаазі", "Гаазі", "GM0518"),  # uk locative, г → з
        ("я приїхав з Лейдена", "Лейдена", "GM0546"),  # uk genitive
        ("у Тілбурзі", "Тілбурзі", "GM0855"),
        ("mieszkam w Hadze", "Hadze", "GM0518"),  # pl locative, g → dz
        ("przyjechałem z Lejdy", "Lejdy", "GM0546"),  # pl genitive
        ("jadę do Amsterdamu", "Amsterdamu", "GM0363"),
        ("pracuję w Utrechcie", "Utrechcie", "GM0344"),  # pl locative, t → ci
        ("pomoc w Bredzie", "Bredzie", "GM0758"),
        ("jestem w Den Haagu", "Den Haagu", "GM0518"),
        ("بدي مساعدة بلاهاي", "بلاهاي", "GM0518"),  # Arabic "in" joined to the name
        ("help near d'Utrecht", "d'Utrecht", "GM0344"),  # French elision
    ],
)
def test_case_endings_and_clitics_are_found_inside_a_message(index, message, place, code):
    (mention,) = index.find_mentions(message)
    assert mention.text == place and mention.codes == (code,)
    assert message[mention.start : mention.end] == place
    assert index.resolve(place) == (code,)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("в Гааге", "GM0518"),
        ("у Гаазі", "GM0518"),
        ("з Лейдена", "GM0546"),
        ("из Роттердама", "GM0599"),
        ("в Амстердаме", "GM0363"),
        ("в Эйндховене", "GM0772"),
        ("в Ден Хааге", "GM0518"),
        ("w Hadze", "GM0518"),
        ("z Lejdy", "GM0546"),
        ("do Amsterdamu", "GM0363"),
        ("w Utrechcie", "GM0344"),
        ("w Tilburgu", "GM0855"),
        ("w Rotterdamie", "GM0599"),
        ("Amsterdam'da", "GM0363"),
        ("amsterdamda", "GM0363"),  # the apostrophe left out
        ("Ter Apel'deyim", "GM1950"),
        ("بامستردام", "GM0363"),
        ("لروتردام", "GM0599"),
    ],
)
def test_case_endings_are_taken_off_only_when_the_name_does_not_match(index, name, code):
    assert index.resolve(name) == (code,)


def test_a_case_ending_is_not_taken_off_a_name_that_matches_as_written(index):
    # "Бреда" ends in -а like a Russian genitive, "Almere" in -e like a Polish locative.
    assert index.resolve("Бреда") == ("GM0758",)
    assert index.resolve("Almere") == ("GM0034",)
    assert index.resolve("Венло") == ("GM0983",)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Ter Apel", "GM1950"),
        ("kamp Ter Apel", "GM1950"),
        ("camp Ter Apel", "GM1950"),
        ("azc Budel", "GM1706"),
        ("Budel-Cranendonck", "GM1706"),
        ("azc Budel-Cranendonck", "GM1706"),
        ("Gilze", "GM0784"),
        ("camp Gilze", "GM0784"),
        ("Zweeloo azc", "GM0109"),
        ("Grave", "GM1982"),
        ("kamp Grave", "GM1982"),
        ("azc Dronten", "GM0303"),
        ("azc Velp", "GM0275"),  # the asylum centre decides which Velp
        ("nachtopvang Zuidwolde", "GM1690"),  # which Zuidwolde
        ("Heumensoord", "GM0268"),  # not a CBS town: only in azc_locations.tsv
        ("Marnewaard", "GM1966"),
        ("Sint Annaparochie", "GM1949"),  # CBS spells it "St.-Annaparochie"
        ("مخيم تير آبل", "GM1950"),
        ("الكامب في تير آبل", "GM1950"),
        ("کمپ تر آپل", "GM1950"),
        ("лагерь Тер Апель", "GM1950"),
        ("в лагере Тер Апель", "GM1950"),
        ("табір Тер Апель", "GM1950"),
        ("obóz Ter Apel", "GM1950"),
        ("Ter Apel kampı", "GM1950"),
        ("ካምፕ ተር ኣፐል", "GM1950"),
        ("asylum centre in Budel", "GM1706"),
    ],
)
def test_asylum_centres_resolve_by_the_name_people_use(index, name, code):
    assert index.resolve(name) == (code,)


def test_every_asylum_centre_row_resolves_to_its_municipality(index):
    rows = _rows("azc_locations.tsv")
    assert len(rows) >= 90
    municipalities = _municipality_codes()
    for row in rows:
        assert row["gm_code"] in municipalities, row
        assert row["confidence"] in {"high", "medium", "low"}, row
        assert row["checked"] in {"", "not yet checked"} or row["checked"].startswith("20"), row
        assert row["source"], row
        assert index.resolve(f"azc {row['name']}") == (row["gm_code"],), row
        assert row["gm_code"] in index.resolve(row["name"]), row


def test_a_camp_word_next_to_a_name_is_part_of_the_mention(index):
    (mention,) = index.find_mentions("ik woon in azc Velp")
    assert mention.text == "azc Velp" and mention.codes == ("GM0275",)
    (mention,) = index.find_mentions("ik woon in kamp Grave")  # "grave" alone is a word
    assert mention.text == "kamp Grave" and mention.codes == ("GM1982",)
    mentions = index.find_mentions("Nijmegen, azc Heumensoord")
    assert [m.text for m in mentions] == ["Nijmegen", "azc Heumensoord"]


@pytest.mark.parametrize(
    "name",
    ["Noord-Holland", "North Holland", "Nordholland", "Северная Голландия", "Північна Голландія",
     "Holandia Północna", "Hollande-Septentrionale", "в Северной Голландии",
     "w Holandii Północnej", "هولندا الشمالية"],
)  # fmt: skip
def test_a_province_asks_which_of_its_largest_towns(index, name):
    codes = index.resolve(name)
    assert index.province(name) == "Noord-Holland" or name.startswith(("в ", "w "))
    assert 2 <= len(codes) <= 6
    assert {"GM0363", "GM0392"} <= set(codes)  # Amsterdam, and Haarlem, the capital
    assert {index.municipalities[c].province for c in codes} == {"Noord-Holland"}
    answer = answer_help_nearby(index, [name], None)
    assert answer.response == "utter_place_ambiguous"
    assert {m.code for m in answer.choices} == set(codes)


def test_every_province_has_choices_with_its_capital():
    index = PlaceIndex.from_dir(PLACES)
    capitals = {"Zuid-Holland": "GM0518", "Friesland": "GM0080", "Drenthe": "GM0106",
                "Zeeland": "GM0687", "Flevoland": "GM0995", "Limburg": "GM0935"}  # fmt: skip
    for province, capital in capitals.items():
        assert capital in index.resolve(province), province
        assert index.province(province) == province


def test_a_province_that_is_also_a_city_is_the_city(index):
    assert index.resolve("Utrecht") == ("GM0344",)
    assert index.resolve("Groningen") == ("GM0014",)
    assert index.province("Utrecht") is None
    assert index.province("provincie Utrecht") == "Utrecht"
    assert "GM0307" in index.resolve("provincie Utrecht")  # Amersfoort
    # Zeeland is also a village in Noord-Brabant: it is among the choices.
    assert {"GM0687", "GM1991"} <= set(index.resolve("Zeeland"))


@pytest.mark.parametrize(
    ("name", "code"),
    [("Bergen in Noord-Holland", "GM0373"), ("Bergen, Limburg", "GM0893"),
     ("Velp, Gelderland", "GM0275"), ("Velp (Noord-Brabant)", "GM1982"),
     ("Zuidwolde, Drenthe", "GM1690"), ("Zuidwolde in Groningen", "GM1966")],
)  # fmt: skip
def test_a_province_after_a_shared_town_name_says_which_town(index, name, code):
    assert index.resolve(name) == (code,)


def test_a_town_and_its_province_in_a_message_are_one_mention(index):
    (mention,) = index.find_mentions("ik woon in Bergen in Noord-Holland")
    assert mention.text == "Bergen in Noord-Holland" and mention.codes == ("GM0373",)
    (mention,) = index.find_mentions("bergen in noord holland")  # typed without the hyphen
    assert mention.codes == ("GM0373",)


@pytest.mark.parametrize(
    "name",
    ["Nederland", "Netherlands", "the Netherlands", "Holland", "Hollanda", "Pays-Bas",
     "Olanda", "Holandia", "Нидерланды", "в Нидерландах", "Голландия", "в Голландии",
     "Нідерланди", "هولندا", "هلند", "ኔዘርላንድ", "Nederlaands"],
)  # fmt: skip
def test_the_country_is_never_a_place(index, name):
    assert index.resolve(name) == ()
    assert index.is_country(name)
    assert index.find_mentions(f"ik woon in {name}") == []


@pytest.mark.parametrize(
    ("persian", "arabic_keyboard"),
    [
        ("خرونینگن", "خرونينكن"),  # ی → ي, گ → ك
        ("آپلدورن", "ابلدورن"),  # پ → ب, آ → ا
        ("لیدن", "ليدن"),
        ("ماستریخت", "ماستريخت"),
        ("تیلبورخ", "تيلبورخ"),
        ("آیندهوون", "ايندهوون"),
        ("زووله", "زوولة"),  # ة for ه
        ("آلکمار", "ألكمار"),  # ک → ك
    ],
)
def test_persian_and_arabic_letter_variants_are_the_same_name(index, persian, arabic_keyboard):
    assert index.lookup(persian)
    assert index.lookup(persian) == index.lookup(arabic_keyboard)


def test_persian_and_arabic_digits_are_digits(index):
    assert index.lookup("۲e Exloërmond") == index.lookup("٢e Exloërmond") == ("GM1681",)


def test_the_place_letter_merges_do_not_change_fold():
    # The language detector tells Persian from Arabic by these letters: fold keeps them apart.
    assert fold("پ") != fold("ب") and fold("گ") != fold("ك") and fold("چ") != fold("ج")
    assert place_key("پ") == place_key("ب") and place_key("گ") == place_key("ك")


@pytest.mark.parametrize(
    "words",
    ["в городе", "помощь", "допомога", "работа", "مساعدة", "في", "قريب", "کمک", "w domu",
     "pomoc", "w pracy", "grave danger", "een azc", "azc",
     "лагерь", "مخيم", "kamp", "provincie"],
)  # fmt: skip
def test_ordinary_words_never_resolve_to_a_place(index, words):
    assert index.resolve(words) == ()


@pytest.mark.parametrize(
    "message",
    [
        "мне нужна помощь в городе",
        "потрібна допомога в місті",
        "potrzebuję pomocy w domu",
        "pomoc w pracy",
        "أحتاج مساعدة في البيت",
        "به کمک نیاز دارم",
        "I am in grave danger",
        "my boss lies to me",
        "is een azc een gevangenis",
        "ik woon in een azc",
        "co warto zwiedzić w mieście",
        "j'ai besoin d'aide",
        "yardım lazım, hapse girdim",
        "je suis avec elle",
    ],
)
def test_ordinary_sentences_have_no_place(index, message):
    assert index.find_mentions(message) == []
    assert index.guess_place(message) is None


def test_a_place_that_is_also_a_word_counts_at_the_end_or_next_to_a_camp(index):
    assert index.guess_place("I live in Grave").codes == ("GM1982",)
    assert index.guess_place("I am in grave danger") is None
    assert index.find_mentions("ኣብ Grave ዘሎ ካምፕ")[0].codes == ("GM1982",)


def test_no_exonym_or_camp_name_is_an_ordinary_word_of_the_nlu_examples(index):
    from bot.core import core

    ordinary = core().ordinary_words
    for name in ("exonyms.tsv", "azc_locations.tsv"):
        for row in _rows(name):
            key = place_key(row["name"])
            if row.get("gm_code", "").startswith("NL") or row.get("gm_code") == "ABROAD":
                continue  # the country and cities abroad are never places
            if " " not in key and key not in index.common_words:
                assert fold(row["name"]) not in ordinary, row["name"]


def test_vietnamese_la_hay_is_the_hague_only_after_a_word_for_in_or_to(index):
    # "là hay" ("is good") folds to the same letters as La Hay (Den Haag).
    assert index.find_mentions("khong biet la hay khong") == []
    assert index.find_mentions("cái đó là hay lắm") == []
    assert [m.codes for m in index.find_mentions("em ở La Hay")] == [("GM0518",)]
    assert [m.codes for m in index.find_mentions("toi song o la hay")] == [("GM0518",)]


def test_bulgarian_town_names_in_cyrillic(index):
    assert [m.codes for m in index.find_mentions("живея в Айндховен")] == [("GM0772",)]
    assert [m.codes for m in index.find_mentions("работя във Вестланд")] == [("GM1783",)]
    assert [m.codes for m in index.find_mentions("в Хага съм")] == [("GM0518",)]


def test_pashto_and_sorani_letters_are_their_plain_neighbours(index):
    # ګ ټ ډ (Pashto) and ڕ ۆ ێ ە with a silent initial ئ (Sorani) against Persian/Arabic names.
    assert index.resolve("ګرونینګن") == ("GM0014",)
    assert index.resolve("روټرډام") == ("GM0599",)
    assert index.resolve("ئایندهۆڤن") == ("GM0772",)


def test_sorani_endings_and_camp_words(index):
    assert [m.codes for m in index.find_mentions("لە ئەمستەردامەوە هاتووم")] == [("GM0363",)]
    assert [m.codes for m in index.find_mentions("من لە زوولەم")] == [("GM0193",)]
    assert [m.codes for m in index.find_mentions("کەمپی بودێل")] == [("GM1706",)]


def test_amharic_and_tigrinya_prefixes_for_in_and_from(index):
    assert [m.codes for m in index.find_mentions("በአምስተርዳም ነው ያለሁት")] == [("GM0363",)]
    assert [m.codes for m in index.find_mentions("ከሮተርዳም መጣሁ")] == [("GM0599",)]
    assert index.find_mentions("ብዙ ሰው የለም") == []
