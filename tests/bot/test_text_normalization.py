"""The folded form every matcher compares (bot/text_normalization.py)."""

from bot.text_normalization import fold


def test_letters_phones_type_without_their_mark_fold_to_the_plain_letter():
    assert fold("Đi đến đó bằng cách nào") == fold("di den do bang cach nao")
    assert fold("zadzwoniłem na policję") == fold("zadzwonilem na policje")
    assert fold("HAYIR, gitmedim") == fold("hayir, gitmedim")


def test_marks_that_tell_languages_apart_stay():
    assert fold("її") != fold("ии")  # Ukrainian ї
    assert fold("پول") != fold("بول")  # Persian پ
