"""Numeric times and dates, mentions, Arabic "you" endings, and the phrase syntax's regex."""

from __future__ import annotations

import re

import pytest

from watchkeeper.classifiers import cues_patterns as pat
from watchkeeper.text.normalize import fold


def times(text: str) -> list[str]:
    return [m.group() for m in pat.numeric_time().finditer(fold(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at 10pm", ["at 10pm"]),
        ("um 18 Uhr", ["um 18 uhr"]),
        ("on 12/05 we strike", ["on 12/05"]),
        ("am 12.05.2024", ["12.05.2024"]),
        ("bis zum 3.10.", ["3.10."]),
        ("on March 5th", ["on march 5th"]),
        ("le 14 juillet", ["14 juillet"]),
        ("الساعة ٩", ["الساعه ٩"]),
    ],
)
def test_clock_times_and_dates(text: str, expected: list[str]) -> None:
    assert times(text) == expected


@pytest.mark.parametrize("text", ["version 2.5", "a 3/4 majority", "1,000 people", "at 42"])
def test_numbers_that_are_not_times(text: str) -> None:
    assert times(text) == []


def test_mentions_but_not_emails() -> None:
    found = [m.group() for m in pat.MENTION.finditer("@jack and mail me@example.org")]
    assert found == ["@jack"]


@pytest.mark.parametrize(
    ("text", "many"),
    [("ساقتلك", False), ("سنذبحكم", True), ("ندفنوك", False), ("يحرقونج", False)],
)
def test_arabic_threat_verb_with_a_you_ending(text: str, many: bool) -> None:
    match = pat.arabic_addressed().search(fold(text))
    assert match is not None
    assert (match.group("many") is not None) is many


def test_arabic_verb_without_a_you_ending_is_not_direct_address() -> None:
    assert pat.arabic_addressed().search(fold("قتلهم")) is None


def test_phrase_regex_joins_words_with_single_spaces_and_optional_slots() -> None:
    pattern = re.compile(pat.phrase_regex("in/at ~? house"))
    assert pattern.fullmatch("at house")
    assert pattern.fullmatch("in my house")
    assert not pattern.fullmatch("in my big house")
