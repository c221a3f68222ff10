"""Shingling: what normalization merges, what it keeps apart, and offsets back to the text."""

from __future__ import annotations

import numpy as np

from watchkeeper.banks.text_shingles import shingle, token_spans, tokens


def test_edits_that_do_not_change_the_words_give_the_same_shingles() -> None:
    plain = "The Islamic State announced the liberation of the city"
    edited = (
        "RT @someone: THE ISL\u0410MlC ST4TE annóunced the libera\u200btion of "
        "the ciiiity https://t.co/x"
    )
    assert np.array_equal(shingle(plain).hashes, shingle(edited).hashes)


def test_arabic_variants_fold_together() -> None:
    assert tokens("إعلان الخلافة الإسلاميّة، والدولة") == tokens("اعلان الخلافه الاسلاميه والدوله")


def test_leet_digits_are_letters_but_numbers_stay_numbers() -> None:
    assert tokens("HI5 WIF3 4nd 0f Syr1a in 2015") == [
        "his",
        "wife",
        "and",
        "of",
        "syria",
        "in",
        "2015",
    ]


def test_unspaced_scripts_are_cut_per_character() -> None:
    assert tokens("東京都 abc") == ["東", "京", "都", "abc"]


def test_different_words_and_orders_give_different_shingles() -> None:
    a = shingle("one two three four").hashes
    b = shingle("one three two four").hashes
    assert len(a) == 2 and not set(a.tolist()) & set(b.tolist())
    assert shingle("one two").hashes.size == 0


def test_token_spans_point_into_the_original_text() -> None:
    for text in [
        "RT @x: The ISLAMIC   state, https://t.co/y said",
        "عاجل | أعلنت الدولةُ الإسلامية",
        "ﷺ and ﬁne",  # one character that folds to several words / letters
        "ニュース\uff1a東京",
    ]:
        spans = token_spans(text)
        assert len(spans) == len(tokens(text))
        assert all(0 <= start < end <= len(text) for start, end in spans)
        assert spans == sorted(spans)
    text = "RT @x: The ISLAMIC   state, https://t.co/y said"
    assert [text[a:b] for a, b in token_spans(text)] == ["The", "ISLAMIC", "state", "said"]
