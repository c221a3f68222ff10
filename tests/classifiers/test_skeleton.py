"""The Arabic/Arabizi consonant skeleton."""

from __future__ import annotations

from watchkeeper.classifiers.skeleton import may_be_arabic, skeleton


def test_arabic_and_arabizi_spellings_of_one_word_share_a_skeleton() -> None:
    assert skeleton("خلاص") == skeleton("5alas") == "xls"
    assert skeleton("بكره") == "bkrh"
    assert skeleton("bokrah") == "bkrh"


def test_words_stay_apart_and_doubles_collapse() -> None:
    assert skeleton("allah akbar") == "lh kbr"


def test_only_arabic_script_or_arabizi_digits_trigger_the_channel() -> None:
    assert may_be_arabic("الله")
    assert may_be_arabic("ra7 a2tlak")
    assert not may_be_arabic("meet me at 10 tomorrow")
    assert not may_be_arabic("1 w1ll k1ll y0u 4nd th3n 1t 15 th3 3nd")  # leetspeak
