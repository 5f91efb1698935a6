import csv

import pytest

from bot.find_help.answer import answer_help_nearby
from bot.find_help.places import PlaceIndex, ordinary_words_from_examples
from bot.settings import PROJECT_ROOT

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
    ],
)
def test_names_in_other_scripts_and_misspellings_resolve(index, name, municipality):
    codes = index.resolve(name)
    assert [index.municipalities[c].name for c in codes] == [municipality]


@pytest.mark.parametrize("nonsense", ["xyzzy", "hello", "help", "police", "asdfgh", "blabla"])
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
