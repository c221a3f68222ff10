"""Find known propaganda statements inside posts, even edited, quoted or partly copied.

A statement from a terrorist group's media office is re-posted for months: in full,
translated, with words changed, hashtags and links added, quoted inside a longer
post, or only its best part copied. A bank entry therefore matches a post by how much
*of the entry* the post contains (containment), not by how alike the two are overall:
a statement quoted in a long post is still a 100% match, and a post that copies 60%
of it scores about 0.6.

Texts are cut into hashed word trigrams (``text_shingles``). For each entry and post
the index counts the shared shingles with one sorted-array lookup per batch
(``text_postings``), then scores the candidates by the share of the entry's words
that the shared shingles cover (``text_coverage``): one substituted word in a
20-word statement breaks three shingles but leaves 19 of 20 words covered (score
0.95). The matched words' span in the post is mapped back to the original text.

Short entries are refused (``MIN_WORDS``, ``MIN_CHARS``; repeated words count once):
"may Allah accept him" is in thousands of innocent posts. For the same reason a
match must cover ``MIN_MATCH_WORDS`` words of the entry, whatever its share: a
common phrase ("حسبي الله ونعم الوكيل") at the start of a short entry is not the entry.

``benchmarks/textmatch.py`` measures recall per kind of edit, false matches on
unrelated posts, speed and memory, beside datasketch's MinHash LSH, and is where
``DEFAULT_THRESHOLD`` comes from.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from watchkeeper.banks.text_coverage import coverage, densest_run, distinct_shingles
from watchkeeper.banks.text_postings import Hits, Postings
from watchkeeper.banks.text_shingles import KEYS_VERSION, SHINGLE_WORDS, shingle, token_spans

__all__ = [
    "DEFAULT_THRESHOLD",
    "MIN_CHARS",
    "MIN_MATCH_WORDS",
    "MIN_SCORE",
    "MIN_WORDS",
    "TextBankIndex",
    "TextMatch",
]

MIN_WORDS = 8
MIN_CHARS = 40
"""Entries need this many normalized words and characters (links and mentions don't count)."""
MIN_MATCH_WORDS = 6
"""Fewest words of an entry a match must cover, however short the entry."""
MIN_SCORE = 0.5
"""Matches below this share of the entry are never returned."""
DEFAULT_THRESHOLD = 0.6
"""Score at which a returned match counts as a match: the highest threshold at which
``benchmarks/textmatch.py`` finds 99.5% of edited copies on its dev split (0.65
finds 98.5%: 60-65% partial copies drop out), so a 60% copy of a statement matches."""
DELTA_SHARE = 4
"""New postings are merged into the main arrays once they are a 1/4 of them."""
DELTA_MIN = 200_000
FORMAT_VERSION = 2

_T = TypeVar("_T", bound=np.generic)
I32 = NDArray[np.int32]
I64 = NDArray[np.int64]


@dataclass(frozen=True)
class TextMatch:
    """Bank entry ``entry_id`` found at ``[start, end)`` of the query text."""

    entry_id: int
    score: float
    """Share of the entry's words that the post contains, in [0, 1]."""
    start: int
    end: int


def _grown(array: NDArray[_T], size: int) -> NDArray[_T]:
    if size <= len(array):
        return array
    bigger = np.zeros(max(size, 2 * len(array), 1024), dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


class TextBankIndex:
    """Bank entries (statements) indexed by word shingle; see the module docstring."""

    def __init__(
        self, shingle_words: int = SHINGLE_WORDS, min_match_words: int = MIN_MATCH_WORDS
    ) -> None:
        if not 1 <= shingle_words <= min(MIN_WORDS, 8):
            raise ValueError(f"shingle_words must be 1..{min(MIN_WORDS, 8)}")
        self.shingle_words = shingle_words
        self.min_match_words = min_match_words
        self._main = Postings.empty()
        self._delta = Postings.empty()
        self._pending: list[tuple[int, NDArray[np.uint64], I32]] = []
        self._ids = np.zeros(0, np.int64)
        self._words = np.zeros(0, np.int32)  # words covered by the entry's distinct shingles
        self._shingles = np.zeros(0, np.int32)
        self._alive = np.zeros(0, np.bool_)
        self._slots = 0
        self._slot_of: dict[int, int] = {}
        self._live_postings = 0

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._slot_of

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays (after pending entries are merged)."""
        self._flush()
        arrays = (self._ids, self._words, self._shingles, self._alive)
        return self._main.nbytes + self._delta.nbytes + sum(a.nbytes for a in arrays)

    def add(self, entry_id: int, text: str) -> None:
        """Index ``text`` as entry ``entry_id``, replacing any entry with that id.

        Raises ``ValueError`` when the normalized text is shorter than ``MIN_WORDS``
        words (repeats counted once) or ``MIN_CHARS`` characters: such an entry would
        match innocent posts.
        """
        shingled = shingle(text, self.shingle_words)
        hashes, positions, words = distinct_shingles(shingled.hashes, self.shingle_words)
        if words < MIN_WORDS or shingled.chars < MIN_CHARS:
            raise ValueError(
                f"bank entry {entry_id} is too short to match safely: {words} words (repeats "
                f"counted once), {shingled.chars} characters once normalized (links and "
                f"mentions removed); at least {MIN_WORDS} words and {MIN_CHARS} characters "
                "are needed"
            )
        if entry_id in self._slot_of:
            self.remove(entry_id)
        slot = self._slots
        self._slots += 1
        self._ids = _grown(self._ids, self._slots)
        self._words = _grown(self._words, self._slots)
        self._shingles = _grown(self._shingles, self._slots)
        self._alive = _grown(self._alive, self._slots)
        self._ids[slot] = entry_id
        self._words[slot] = words
        self._shingles[slot] = len(hashes)
        self._alive[slot] = True
        self._slot_of[entry_id] = slot
        self._pending.append((slot, hashes, positions))
        self._live_postings += len(hashes)

    def remove(self, entry_id: int) -> None:
        """Forget entry ``entry_id``; ``KeyError`` if it is not in the bank."""
        slot = self._slot_of.pop(entry_id)
        self._alive[slot] = False
        self._live_postings -= int(self._shingles[slot])

    def _flush(self) -> None:
        """Merge pending entries into the small postings, and that into the large one."""
        if self._pending:
            hashes = np.concatenate([h for _, h, _ in self._pending])
            slots = np.repeat(
                np.array([s for s, _, _ in self._pending], np.int32),
                [len(h) for _, h, _ in self._pending],
            )
            positions = np.concatenate([p for _, _, p in self._pending])
            self._pending = []
            fresh = Postings.build(hashes, slots, positions)
            self._delta = self._delta.merged(fresh, self._alive)
            if len(self._delta) > max(DELTA_MIN, len(self._main) // DELTA_SHARE):
                self._main = self._main.merged(self._delta, self._alive)
                self._delta = Postings.empty()
        dead = len(self._main) + len(self._delta) - self._live_postings
        if dead > max(self._live_postings, DELTA_MIN) // 2:
            self._compact()

    def _compact(self) -> None:
        """Drop removed entries' postings and renumber the slots that are left."""
        alive = self._alive[: self._slots]
        renumber = (np.cumsum(alive) - 1).astype(np.int32)
        self._main = self._main.merged(self._delta, self._alive, renumber)
        self._delta = Postings.empty()
        self._ids = self._ids[: self._slots][alive]
        self._words = self._words[: self._slots][alive]
        self._shingles = self._shingles[: self._slots][alive]
        self._alive = np.ones(len(self._ids), np.bool_)
        self._slots = len(self._ids)
        self._slot_of = {int(entry): slot for slot, entry in enumerate(self._ids)}

    def _hits(self, hashes: NDArray[np.uint64]) -> Hits:
        """Postings of ``hashes`` in both arrays, without removed entries'."""
        parts = [p.lookup(hashes) for p in (self._main, self._delta) if len(p)]
        if len(parts) == 1:
            hits = parts[0]
        else:
            hits = Hits(
                np.concatenate([np.empty(0, np.int64), *(h.query for h in parts)]),
                np.concatenate([np.empty(0, np.int32), *(h.slots for h in parts)]),
                np.concatenate([np.empty(0, np.int32), *(h.positions for h in parts)]),
            )
        if len(self._main) + len(self._delta) > self._live_postings:  # some were removed
            keep = self._alive[hits.slots]
            hits = Hits(hits.query[keep], hits.slots[keep], hits.positions[keep])
        return hits

    def query_many(
        self, texts: Sequence[str], min_score: float = MIN_SCORE
    ) -> list[list[TextMatch]]:
        """For each text, the entries it contains at ``min_score`` or more, best first."""
        self._flush()
        size = self.shingle_words
        hashes: list[NDArray[np.uint64]] = []
        firsts: list[I64] = []
        for text in texts:
            unique, first = np.unique(shingle(text, size).hashes, return_index=True)
            hashes.append(unique)
            firsts.append(first)
        owners = np.repeat(np.arange(len(texts)), [len(h) for h in hashes])
        query_hashes = np.concatenate(hashes) if hashes else np.empty(0, np.uint64)
        query_positions = np.concatenate(firsts) if firsts else np.empty(0, np.int64)
        hits = self._hits(query_hashes)
        query, slots, positions = hits.query, hits.slots, hits.positions
        found: list[list[TextMatch]] = [[] for _ in texts]
        if not len(query):
            return found
        groups = owners[query].astype(np.int64) * max(self._slots, 1) + slots
        unique_groups, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
        group_words = self._words[unique_groups % max(self._slots, 1)]
        possible = counts * size >= np.maximum(min_score * group_words, self.min_match_words)
        chosen = possible[inverse]
        if not chosen.any():
            return found
        query, slots, positions = query[chosen], slots[chosen], positions[chosen]
        cover = coverage(groups[chosen], positions, size)
        query, slots = query[cover.order], slots[cover.order]
        words = self._words[slots[cover.starts]]
        scores = np.minimum(cover.covered / words, 1.0)
        spans: dict[int, list[tuple[int, int]]] = {}
        good = (scores >= min_score) & (cover.covered >= self.min_match_words)
        for number in np.flatnonzero(good):
            start, end = cover.starts[number], cover.ends[number] + 1
            post = int(owners[query[start]])
            if post not in spans:
                spans[post] = token_spans(texts[post])
            gap = size + max(8, int(words[number]) // 2)
            head, tail = densest_run(query_positions[query[start:end]].astype(np.int32), gap)
            found[post].append(
                TextMatch(
                    entry_id=int(self._ids[slots[start]]),
                    score=float(scores[number]),
                    start=spans[post][head][0],
                    end=spans[post][tail + size - 1][1],
                )
            )
        for matches in found:
            matches.sort(key=lambda match: (-match.score, match.entry_id))
        return found

    def to_bytes(self) -> bytes:
        """The whole index, for ``from_bytes`` (numpy ``.npz``, no pickles)."""
        self._flush()
        self._compact()
        buffer = io.BytesIO()
        np.savez(
            buffer,
            meta=np.array([FORMAT_VERSION, self.shingle_words, KEYS_VERSION], np.int64),
            keys=self._main.keys,
            offsets=self._main.offsets,
            slots=self._main.slots,
            positions=self._main.positions,
            ids=self._ids,
            words=self._words,
            shingles=self._shingles,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TextBankIndex:
        """An index saved by ``to_bytes``; ``ValueError`` if it was saved in another
        format or with other word keys (rebuild it from the bank's entries then)."""
        with np.load(io.BytesIO(data), allow_pickle=False) as saved:
            meta = [int(v) for v in saved["meta"]]
            expected = [FORMAT_VERSION, meta[1], KEYS_VERSION]
            if len(meta) != len(expected) or meta != expected:
                raise ValueError(
                    f"text bank saved as format/keys {meta[::2]}, this version reads "
                    f"{expected[::2]}: rebuild the index from the bank's entries"
                )
            index = cls(meta[1])
            index._main = Postings(
                saved["keys"], saved["offsets"], saved["slots"], saved["positions"]
            )
            index._ids = saved["ids"]
            index._words = saved["words"]
            index._shingles = saved["shingles"]
        index._slots = len(index._ids)
        index._alive = np.ones(index._slots, np.bool_)
        index._slot_of = {int(entry): slot for slot, entry in enumerate(index._ids)}
        index._live_postings = len(index._main)
        return index
