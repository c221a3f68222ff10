"""Shingle postings of a text bank in three flat numpy arrays, looked up a batch at a time.

A bank of 100k statements holds a few million (shingle, entry, position) postings.
As Python dicts of lists that is hundreds of MB and a dictionary probe per shingle;
as sorted arrays it is ~16 bytes a posting, and one ``searchsorted`` answers every
shingle of a whole batch of posts at once. The price is that the arrays are
immutable: ``TextBankIndex`` keeps a large and a small ``Postings`` and merges new
entries into the small one, so an added entry never re-sorts the whole bank.

``positions`` is the shingle's word position in its entry, so the index can tell
how much of the entry the matched shingles cover, not just how many matched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Hits", "Postings"]

U64 = NDArray[np.uint64]
I64 = NDArray[np.int64]
I32 = NDArray[np.int32]
Bools = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Hits:
    """Every posting a batch of query shingles found: query index, entry slot, position."""

    query: I64
    slots: I32
    positions: I32


@dataclass(frozen=True, slots=True)
class Postings:
    """Postings sorted by shingle hash: ``keys[i]`` owns ``offsets[i]:offsets[i+1]``."""

    keys: U64
    offsets: I64
    slots: I32
    positions: I32

    @classmethod
    def empty(cls) -> Postings:
        return cls(
            np.empty(0, np.uint64),
            np.zeros(1, np.int64),
            np.empty(0, np.int32),
            np.empty(0, np.int32),
        )

    @classmethod
    def build(cls, hashes: U64, slots: I32, positions: I32) -> Postings:
        """Postings from unsorted parallel arrays (one row per shingle occurrence)."""
        if not len(hashes):
            return cls.empty()
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        offsets = np.append(starts, len(ordered)).astype(np.int64)
        return cls(ordered[starts], offsets, slots[order], positions[order])

    def __len__(self) -> int:
        return len(self.slots)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.keys, self.offsets, self.slots, self.positions))

    def rows(self) -> tuple[U64, I32, I32]:
        """The postings as parallel arrays again (hash, slot, position)."""
        counts = np.diff(self.offsets)
        return np.repeat(self.keys, counts), self.slots, self.positions

    def merged(self, other: Postings, alive: Bools, renumber: I32 | None = None) -> Postings:
        """Both sets of postings in one, without entries whose slot is not ``alive``."""
        mine, theirs = self.rows(), other.rows()
        hashes = np.concatenate((mine[0], theirs[0]))
        slots = np.concatenate((mine[1], theirs[1]))
        positions = np.concatenate((mine[2], theirs[2]))
        keep = alive[slots]
        slots = slots[keep] if renumber is None else renumber[slots[keep]]
        return Postings.build(hashes[keep], slots.astype(np.int32), positions[keep])

    def lookup(self, hashes: U64) -> Hits:
        """All postings of ``hashes`` (``Hits.query`` indexes ``hashes``)."""
        if not len(self.keys) or not len(hashes):
            return Hits(np.empty(0, np.int64), np.empty(0, np.int32), np.empty(0, np.int32))
        found = np.searchsorted(self.keys, hashes)
        np.minimum(found, len(self.keys) - 1, out=found)
        query = np.flatnonzero(self.keys[found] == hashes)
        key = found[query]
        starts = self.offsets[key]
        counts = self.offsets[key + 1] - starts
        repeat = np.repeat(np.arange(len(query)), counts)
        first = np.cumsum(counts) - counts
        rows = starts[repeat] + (np.arange(len(repeat)) - first[repeat])
        return Hits(query[repeat], self.slots[rows], self.positions[rows])
