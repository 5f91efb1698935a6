import pytest

from bot.language.names import find_language_mentions


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("speak arabic please", "ar"),
        ("English pls", "en"),
        ("kun je Nederlands praten", "nl"),
        ("in het engels aub", "en"),
        ("انجليزي لو سمحت", "en"),
        ("بالعربي", "ar"),
        ("ممكن نحكي هولندي", "nl"),
        ("3arabi", "ar"),
        ("Arabisch graag", "ar"),
        ("en français svp", "fr"),
        ("farsi lotfan", "fa"),
        ("فارسی صحبت کن", "fa"),
        ("ብትግርኛ", "ti"),
        ("af soomaali", "so"),
        ("türkçe konuş", "tr"),
        ("українською будь ласка", "uk"),
        ("по-русски пожалуйста", "ru"),
        ("голландский", "nl"),
        ("în română", "ro"),
        ("po polsku", "pl"),
    ],
)
def test_language_names_in_any_of_the_three_languages(text, code):
    assert [m.code for m in find_language_mentions(text)] == [code]


@pytest.mark.parametrize("text", ["I do not understand", "help me", "waar is de politie", "باب"])
def test_no_language_where_none_is_named(text):
    assert find_language_mentions(text) == []


def test_span_points_at_the_name():
    text = "please speak English now"
    (mention,) = find_language_mentions(text)
    assert text[mention.start : mention.end] == "English"
