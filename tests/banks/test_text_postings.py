"""Postings: built from unsorted rows, looked up in batches, merged without removed entries."""

from __future__ import annotations

import numpy as np

from watchkeeper.banks.text_postings import Postings


def _postings(rows: list[tuple[int, int, int]]) -> Postings:
    hashes, slots, positions = zip(*rows, strict=True)
    return Postings.build(
        np.array(hashes, np.uint64), np.array(slots, np.int32), np.array(positions, np.int32)
    )


def test_lookup_returns_every_posting_of_each_found_hash() -> None:
    postings = _postings([(30, 0, 0), (10, 0, 1), (30, 1, 4), (20, 2, 0)])
    hits = postings.lookup(np.array([30, 99, 10], np.uint64))
    found = sorted(
        zip(hits.query.tolist(), hits.slots.tolist(), hits.positions.tolist(), strict=True)
    )
    assert found == [(0, 0, 0), (0, 1, 4), (2, 0, 1)]
    assert len(postings) == 4


def test_empty_postings_and_empty_queries() -> None:
    empty = Postings.empty()
    assert len(empty.lookup(np.array([1], np.uint64)).query) == 0
    full = _postings([(5, 0, 0)])
    assert len(full.lookup(np.empty(0, np.uint64)).slots) == 0


def test_merged_drops_dead_slots_and_renumbers() -> None:
    first = _postings([(1, 0, 0), (2, 1, 0)])
    second = _postings([(1, 2, 3)])
    alive = np.array([True, False, True])
    renumber = np.array([0, -1, 1], np.int32)
    merged = first.merged(second, alive, renumber)
    hits = merged.lookup(np.array([1, 2], np.uint64))
    assert sorted(zip(hits.slots.tolist(), hits.positions.tolist(), strict=True)) == [
        (0, 0),
        (1, 3),
    ]
    assert merged.nbytes > 0
