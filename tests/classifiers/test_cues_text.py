# ruff: noqa: RUF001
"""The folded view of a post: same text as ``fold``, and spans that map back exactly."""

from __future__ import annotations

import pytest

from watchkeeper.classifiers.cues_text import fold_post
from watchkeeper.text.normalize import fold

TRICKY = [
    "Every Twitter employee in San Francisco",
    "سَأَذْبَحُكَ غـــداً  بالسّكّين",
    "Wir kommen zur Hauptstraße 5 – morgen früh",
    "I will st\u0430b you t0m0rr0w",
    "ＦＵＬＬＷＩＤＴＨ text\u200b with a zero-width space",
    "al-Hayat_Media.Center \u0301 lone accent",
    "tabs\tand\nnewlines   everywhere ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_folded_text_is_what_fold_gives(text: str) -> None:
    assert fold_post(text).plain == fold(text)


@pytest.mark.parametrize("text", TRICKY)
def test_every_folded_word_maps_back_to_a_span_that_folds_to_it(text: str) -> None:
    post = fold_post(text)
    for word in post.plain.split():
        start = post.plain.index(word)
        original_start, original_end = post.span(start, start + len(word))
        assert fold(text[original_start:original_end]) == word


def test_leetspeak_is_undone_in_text_but_not_in_plain() -> None:
    post = fold_post("see you t0m0rr0w")
    assert post.text == "see you tomorrow"
    assert post.plain == "see you t0m0rr0w"
    unchanged = fold_post("see you tomorrow")
    assert unchanged.text is unchanged.plain  # callers skip a second pass when nothing changed


def test_links_are_left_out() -> None:
    post = fold_post("watch https://www.youtube.com/watch?v=x now")
    assert post.text == "watch now"
    start = post.text.index("now")
    link_end = len("watch https://www.youtube.com/watch?v=x ")
    assert post.span(start, start + 3) == (link_end, link_end + 3)


def test_starts_upper_reads_the_original_case() -> None:
    post = fold_post("kill Jack now, ｊack")
    assert post.starts_upper(post.text.index("jack"))
    assert not post.starts_upper(post.text.index("now"))
    assert not post.starts_upper(post.text.rindex("jack"))


def test_arabic_span_covers_marks_and_tatweel() -> None:
    text = "غـــداً"
    post = fold_post("x " + text)
    start = post.text.index("غدا")
    assert post.span(start, start + 3) == (2, 2 + len(text))
