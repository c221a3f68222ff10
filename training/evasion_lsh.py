"""MinHash LSH retrieval (datasketch), the alternative our trigram index is measured against.

Issue 5 names MinHash LSH as the usual way to find near-duplicate strings at scale.
This wraps ``datasketch.MinHashLSH`` over the same character trigrams of the same
collapsed stems our index files (``keys.trigrams``), so the comparison in
``benchmarks/evasion.py`` is between the two retrieval structures, not between two
normalizations; candidates from either are scored by the same shipped model.
``LshIndex`` is a ``SuspendedIndex`` whose ``candidates`` come from the LSH alone
(profiles and exact counts still come from the parent class, which the scorer needs);
when LSH returns more than 60 names, the 60 with the highest estimated Jaccard are kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.keys import trigrams
from watchkeeper.evasion.names import name_keys
from watchkeeper.evasion.profile import AccountProfile

__all__ = ["LshIndex", "shingles"]

NUM_PERM = 64
THRESHOLD = 0.4
"""Jaccard similarity of trigram sets at which LSH aims to return a name."""
_CAP = 60


def shingles(username: str) -> list[bytes]:
    """The trigrams of a username's collapsed stem, as bytes for MinHash."""
    return [gram.to_bytes(3, "big") for gram in trigrams(name_keys(username).collapsed)]


class LshIndex(SuspendedIndex):
    """Suspended accounts whose candidates come from MinHash LSH over stem trigrams."""

    def __init__(self) -> None:
        super().__init__()
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._sketches: list[MinHash] = []

    def build(self, profiles: Sequence[AccountProfile]) -> None:
        """File ``profiles`` (for scoring) and insert their sketches into the LSH."""
        self.add_many(profiles)
        sets = [shingles(profile.username) or [b"\x00"] for profile in profiles]
        sketches = MinHash.bulk(sets, num_perm=NUM_PERM)
        with self.lsh.insertion_session() as session:
            for row, sketch in enumerate(sketches):
                session.insert(row, sketch)
        self._sketches = sketches

    def candidates(self, profile: AccountProfile) -> list[int]:
        grams = shingles(profile.username)
        if not grams:
            return []
        sketch = MinHash(num_perm=NUM_PERM)
        sketch.update_batch(grams)
        found: list[int] = self.lsh.query(sketch)
        if len(found) > _CAP:  # keep the closest by estimated Jaccard, as a ranker would
            found.sort(key=lambda row: -float(sketch.jaccard(self._sketches[row])))
        return found[:_CAP]
