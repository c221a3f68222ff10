"""Coverage: words of an entry covered by shared shingles, repeats, and the span to show."""

from __future__ import annotations

import numpy as np

from watchkeeper.banks.text_coverage import coverage, densest_run, distinct_shingles


def test_a_changed_word_leaves_the_other_words_covered() -> None:
    # a 10-word entry (8 trigrams at 0..7); word 4 changed breaks trigrams 2, 3 and 4
    positions = np.array([0, 1, 5, 6, 7], np.int32)
    cover = coverage(np.zeros(5, np.int64), positions, 3)
    assert cover.covered.tolist() == [9]


def test_groups_are_scored_apart_whatever_the_row_order() -> None:
    groups = np.array([7, 3, 7, 3, 7], np.int64)
    positions = np.array([4, 0, 0, 10, 2], np.int32)
    cover = coverage(groups, positions, 3)
    assert groups[cover.order].tolist() == [3, 3, 7, 7, 7]
    assert cover.starts.tolist() == [0, 2] and cover.ends.tolist() == [1, 4]
    assert cover.covered.tolist() == [6, 7]  # {0-2, 10-12}; {0-2, 2-4, 4-6}


def test_repeated_phrases_count_once() -> None:
    hashes = np.array([1, 2, 3, 1, 2, 3, 1, 2, 9], np.uint64)
    kept, positions, words = distinct_shingles(hashes, 3)
    assert kept.tolist() == [1, 2, 3, 9] and positions.tolist() == [0, 1, 2, 8]
    assert words == 5 + 3  # words 0-4 and 8-10
    assert distinct_shingles(np.empty(0, np.uint64), 3)[2] == 0


def test_the_densest_run_is_shown_not_a_stray_phrase() -> None:
    positions = np.array([2, 40, 41, 42, 44, 45, 90], np.int32)
    assert densest_run(positions, 6) == (40, 45)
    assert densest_run(np.array([5], np.int32), 6) == (5, 5)
