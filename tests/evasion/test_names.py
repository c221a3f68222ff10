"""Username keys: every evasion pattern from issue 5 reduces to the same key."""

# Arabic and Cyrillic test names on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from watchkeeper.evasion.names import (
    name_keys,
    numbers_close,
    pack_keys,
    transliterate,
    unpack_keys,
)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("name040", "name041", "stem"),  # numbered successor
        ("Reporter1", "reporter2", "stem"),  # numbered successor, case
        ("INSIDER", "lNSlDER", "stem"),  # l written for I
        ("GunsandCoffee", "GunsandC0ffee", "stem"),  # O written 0
        ("thefIamesofhaqq", "theflamesofhaqq", "stem"),  # I for l, real example
        ("wayf44rer", "wayff44rer", "collapsed"),  # doubled letter, leetspeak inside
        ("BintSand", "BintSaaand", "collapsed"),  # repeated letters
        ("Abdul05", "Abdul__05", "plain"),  # separators
        ("name", "name_05", "stem"),  # separator and digits appended
        ("c0n0fj1had", "conofjihad", "stem"),  # leetspeak
        ("mustafa", "mustafа", "stem"),  # Cyrillic a (U+0430)
        ("abu_muhammad", "ابو_محمد", "consonants"),  # Arabic script display name
        ("abdlrhmn", "عبد الرحمن", "consonants"),
    ],
)
def test_evasion_patterns_share_a_key(old: str, new: str, key: str) -> None:
    assert getattr(name_keys(old), key) == getattr(name_keys(new), key)


def test_keys_of_a_numbered_name() -> None:
    keys = name_keys("AbuHaleema_028")
    assert (keys.lead, keys.stem, keys.trail) == ("", "abuhaleema", "028")
    assert keys.number == 28
    assert keys.skeleton == "abuhaleema028"


def test_new_suffix_keeps_the_prefix_only() -> None:
    q, hd = name_keys("NameQ"), name_keys("NameHD")
    assert q.collapsed != hd.collapsed
    assert q.collapsed[:4] == hd.collapsed[:4]


def test_numbered_successor_needs_the_same_end_and_a_small_step() -> None:
    assert numbers_close(name_keys("abutariq040"), name_keys("abutariq041"))
    assert numbers_close(name_keys("2ibn_nor"), name_keys("3ibn_nor"))
    assert not numbers_close(name_keys("abutariq040"), name_keys("abutariq090"))
    assert not numbers_close(name_keys("abutariq"), name_keys("abutariq1"))


def test_all_digit_names_keep_their_digits_as_stem() -> None:
    keys = name_keys("04_8_1437")
    assert keys.stem == "0481437" and keys.all_digits
    assert keys.number is None


def test_unrelated_names_differ() -> None:
    assert name_keys("mike").collapsed != name_keys("mika").collapsed
    assert name_keys("insider").stem != name_keys("outsider").stem


def test_transliteration_writes_other_scripts_in_latin() -> None:
    assert transliterate("ابو محمد") == "bw mhmd"
    assert transliterate("Мухаммад") == "mukhammad"
    assert transliterate("١٠Flames") == "10flames"


def test_packed_keys_unpack_to_the_same_keys() -> None:
    for name in ("AdamHasakah17", "lNSlDER", "ابو محمد", "007", "", "w4yff44rer__05"):
        keys = name_keys(name)
        assert unpack_keys(name, pack_keys(keys)) == keys
