"""The classifiers' view of a post: what is normalised away and what must survive."""

from __future__ import annotations

import pytest

from watchkeeper.classifiers.prepare import prepare


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("I will k1ll you", "i will kill you"),
        ("I will k i l l you", "i will kill you"),
        ("I will k.i.l.l you", "i will kill you"),
        ("I will kiiiiill you", "i will kiill you"),
        ("I WILL KILL YOU", "i will kill you"),
        ("I will k\u0456ll you", "i will kill you"),  # Cyrillic i
    ],
)
def test_evasion_spellings_read_like_the_plain_text(disguised: str, plain: str) -> None:
    assert prepare(disguised).text == prepare(plain).text


def test_links_and_mentions_become_placeholders() -> None:
    prepared = prepare("@jack see https://example.com/x?y=1 and www.example.org now")
    assert prepared.text == "@user see url and url now"


def test_camel_case_hashtags_are_split_into_words() -> None:
    assert prepare("#AttackingTwitterEmployees").text == "# attacking twitter employees"
    assert prepare("#The_Concept_of_Lone_Wolf_Attacks").text == "# the concept of lone wolf attacks"


def test_short_words_and_numbers_are_left_alone() -> None:
    assert prepare("I am a fan of mp3 and 4k at 10pm").text == "i am a fan of mp3 and 4k at 10pm"


def test_arabic_script_and_arabizi_get_a_shared_skeleton() -> None:
    script = prepare("سأقتلك")
    arabizi = prepare("sa2atlak")
    assert script.skeleton and arabizi.skeleton
    assert script.skeleton.endswith("tlk") and arabizi.skeleton.endswith("tlk")
    assert prepare("see you tomorrow").skeleton == ""


def test_arabizi_digits_are_not_taken_for_leetspeak_in_the_skeleton() -> None:
    assert prepare("ra7").skeleton == "rh"


def test_a_post_in_leetspeak_is_read_that_way_throughout() -> None:
    assert prepare("1 w1ll f1nd y0u 4nd k1ll y0u").text == "i will find you and kill you"
    assert prepare("th3 3nd is n34r").text == "the end is near"


def test_ordinals_and_units_survive_in_a_leet_post() -> None:
    assert prepare("w1ll c0me on the 2nd at 10pm").text == "will come on the 2nd at 10pm"


def test_numbers_in_an_ordinary_post_stay_numbers() -> None:
    assert prepare("I have 15 apples and 3.5 kg at 10:30").text == (
        "i have 15 apples and 3.5 kg at 10:30"
    )


def test_the_language_of_a_leet_post_is_read_after_undoing_it() -> None:
    assert prepare("1 w1ll f1nd y0u 4nd th3n 1t 15 th3 3nd").lang == "en"
    assert prepare("I will find you and then it is the end").lang == "en"


def test_leetspeak_gets_no_arabizi_skeleton_but_arabizi_does() -> None:
    assert prepare("1 w1ll k1ll y0u 4nd th3n 1t 15 th3 3nd").skeleton == ""
    assert prepare("ana ra7 a2tlak bokra").skeleton != ""
