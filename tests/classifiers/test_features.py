"""Hashed n-gram features: counts, batch independence, stability across processes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from watchkeeper.classifiers.features import (
    CHAR_SALT,
    FeatureSpec,
    _entries,
    bigram_column,
    char_ngram_hashes,
    feature_pairs,
    featurize,
    project,
    tokens,
    word_column,
    word_hashes,
)
from watchkeeper.classifiers.prepare import prepare


def test_every_character_ngram_of_the_padded_text_is_counted_once() -> None:
    rows, columns = char_ngram_hashes(["kill", "ab"], 2, 5, CHAR_SALT, 20)
    # " kill " has 5+4+3+2 n-grams of length 2..5; " ab " has 3+2+1
    assert list(np.bincount(rows)) == [14, 6]
    assert columns.min() >= 0 and columns.max() < 1 << 20


def test_a_post_gets_the_same_row_alone_or_in_a_batch() -> None:
    spec = FeatureSpec()
    posts = [prepare(text) for text in ("I will kill you", "سأقتلك غدا", "", "hello there")]
    batch = featurize(posts, spec).toarray()
    for index, post in enumerate(posts):
        alone = featurize([post], spec).toarray()[0]
        assert np.allclose(batch[index], alone)


def test_rows_are_log_counts_of_unit_length() -> None:
    posts = [prepare("a threat, a threat"), prepare("")]
    matrix = featurize(posts, FeatureSpec())
    rows, columns = feature_pairs(posts, FeatureSpec())
    counts = np.bincount(columns[rows == 0])
    counts = counts[counts > 0]
    expected = np.sort(1 + np.log(counts)) / np.sqrt(((1 + np.log(counts)) ** 2).sum())
    assert np.allclose(np.sort(matrix[0].data), expected, atol=1e-6)
    assert matrix[1].nnz == 0


def test_scoring_without_a_matrix_equals_the_training_matrix_product() -> None:
    spec = FeatureSpec(bits=16, languages=("en", "ar"))
    posts = [prepare(text) for text in ("I will kill you", "سأقتلك غدا", "", "ra7 a2tlak")]
    weights = np.random.default_rng(3).normal(size=(spec.columns, 2)).astype(np.float32)
    expected = np.asarray(featurize(posts, spec) @ weights, np.float64)
    assert np.allclose(project(posts, spec, weights), expected, atol=1e-4)


def test_words_and_word_pairs_are_hashed() -> None:
    rows, columns = word_hashes(["lone wolf attack", ""], 20)
    assert tokens("lone wolf attack") == ["lone", "wolf", "attack"]
    assert list(rows) == [0] * 5  # three words, two pairs; nothing for the empty text
    assert len(set(columns.tolist())) == 5


def test_one_word_and_one_pair_hash_as_the_word_channel_hashes_them() -> None:
    words = [word.encode() for word in tokens("lone wolf")]
    _, columns = word_hashes(["lone wolf"], 20)
    expected = [word_column(words[0], 20), word_column(words[1], 20)]
    assert columns.tolist() == [*expected, bigram_column(words[0], words[1], 20)]


@pytest.mark.parametrize("bits", [6, 30])  # keys that fit in 32 bits, and keys that do not
def test_entries_count_each_row_and_column_once_as_unique_would(bits: int) -> None:
    generator = np.random.default_rng(5)
    rows = np.sort(generator.integers(0, 40, 5_000))
    columns = generator.integers(0, 64, 5_000)  # few columns: many repeats in a row
    order = generator.permutation(5_000)
    entry_rows, entry_columns, values = _entries(rows[order], columns[order], 41, bits)
    keys, counts = np.unique((rows << bits) | columns, return_counts=True)
    assert entry_rows.tolist() == (keys >> bits).tolist()
    assert entry_columns.tolist() == (keys & ((1 << bits) - 1)).tolist()
    assert entry_rows.dtype == entry_columns.dtype == np.int64
    assert np.allclose(np.bincount(entry_rows, values * values, 41)[:40], 1.0)
    first = entry_rows == entry_rows[0]
    raw = 1 + np.log(counts[first])
    assert np.allclose(values[first], raw / np.sqrt((raw * raw).sum()))
    assert [len(part) for part in _entries(rows[:0], columns[:0], 3, bits)] == [0, 0, 0]


def test_hashes_do_not_depend_on_the_process_hash_seed() -> None:
    code = (
        "from watchkeeper.classifiers.features import featurize, FeatureSpec;"
        "from watchkeeper.classifiers.prepare import prepare;"
        "print(sorted(featurize([prepare('lone wolf سأقتلك')], FeatureSpec()).indices.tolist()))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
