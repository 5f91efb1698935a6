from bot.language.codes import SUPPORTED_LANGUAGES, direction, name_in, native_name
from bot.settings import PROJECT_ROOT


def test_every_supported_language_has_nlu_data_and_a_catalog():
    for code in SUPPORTED_LANGUAGES:
        assert list((PROJECT_ROOT / "data" / "nlu" / code).glob("*.yml")), code
        assert (PROJECT_ROOT / "locales" / code / "LC_MESSAGES" / "messages.po").is_file(), code
        assert (PROJECT_ROOT / "tests" / "nlu" / "dev" / f"{code}.yml").is_file(), code


def test_language_names_are_in_their_own_script():
    assert native_name("ar") == "العربية"
    assert native_name("nl") == "Nederlands"
    assert native_name("en") == "English"
    assert name_in("ar", "nl") == "Arabisch"


def test_eighteen_languages_are_supported():
    assert set(SUPPORTED_LANGUAGES) == {
        "nl", "en", "ar", "fr", "fa", "ti", "so", "tr", "uk", "ru", "ro", "pl", "bg", "vi", "am",
        "ps", "ckb", "pcm",
    }  # fmt: skip


def test_arabic_is_right_to_left_and_dutch_is_not():
    assert direction("ar") == "rtl"
    assert direction("fa") == "rtl"
    assert direction("ps") == "rtl"
    assert direction("ckb") == "rtl"
    assert direction("nl") == "ltr"
    assert direction("am") == "ltr"
