"""How much of a bank entry a post covers, from the shingles the two share.

Counting shared shingles punishes small edits too hard: one changed word breaks
three word-trigrams, so a 10-word statement with one word changed keeps 5 of its 8
shingles (0.62) although 9 of its 10 words are there. The index therefore scores by
*words covered*: each shared shingle covers its three words of the entry, and the
score is the share of the entry's words covered at least once. These are the
numpy steps for that, for every (post, entry) pair of a batch at once, plus the two
small questions around them: what an entry's words are when a phrase repeats
(``distinct_shingles``), and which part of the post to show (``densest_run``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

__all__ = ["Coverage", "coverage", "densest_run", "distinct_shingles"]

I32 = NDArray[np.int32]
I64 = NDArray[np.int64]


def distinct_shingles(hashes: NDArray[np.uint64], size: int) -> tuple[NDArray[np.uint64], I32, int]:
    """An entry's shingles at their first occurrence only, their positions, and how many
    words those cover: a phrase repeated three times counts once."""
    if not len(hashes):
        return hashes, np.empty(0, np.int32), 0
    positions = np.sort(np.unique(hashes, return_index=True)[1]).astype(np.int32)
    covered = int(np.minimum(np.diff(positions), size).sum()) + size
    return hashes[positions], positions, covered


class Coverage(NamedTuple):
    """Per group (one post and one entry): its rows ``[starts, ends]`` and words covered."""

    order: I64
    """Sorts the input rows by group, then entry position."""
    starts: I64
    ends: I64
    """Last row of each group (inclusive), in sorted order."""
    covered: I64


def coverage(groups: I64, positions: I32, size: int) -> Coverage:
    """Words covered per group, given one row per shared shingle: its group and its
    position in the entry (each position at most once per group)."""
    order = np.lexsort((positions, groups))
    groups, positions = groups[order], positions[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    ends = np.r_[starts[1:], len(groups)] - 1
    steps = np.minimum(np.diff(positions, append=0), size).astype(np.int64)
    steps[ends] = size  # the last shingle of each group covers all its words
    return Coverage(order, starts, ends, np.add.reduceat(steps, starts))


def densest_run(positions: I32, gap: int) -> tuple[int, int]:
    """First and last of the positions in the run with the most of them, where a run
    ends at a jump of more than ``gap``: the quoted statement, not a stray common
    phrase elsewhere in the post."""
    ordered = np.unique(positions)
    runs = np.split(ordered, np.flatnonzero(np.diff(ordered) > gap) + 1)
    best = max(runs, key=len)
    return int(best[0]), int(best[-1])
