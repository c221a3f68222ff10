"""How one candidate stands among the others found for the same new account.

A pair of names alone cannot say whether their likeness is telling: ``abu_ahmad7``
against a suspended ``abu_ahmad9`` is strong evidence in an index of a thousand
names and weak in one of a million, where a dozen other ``abu_ahmad…`` sit beside
it. What changes with the size of the index is how many suspended names come
close by chance, and that is visible in the candidate list itself. So after the
pairwise features are computed for every candidate, three are filled in from the
whole list: how much closer this candidate is than the next best one (a successor
is usually alone at the top), how many candidates come close at all, and the size
of the index (log scale), so the model trained on indexes of several sizes can
take back what chance gives at each size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["CONTEXT_FEATURES", "NEAR_RATIO", "add_context"]

CONTEXT_FEATURES: tuple[str, ...] = ("name_gap_skeleton", "name_near", "index_size")
NEAR_RATIO = 0.8
"""A candidate whose skeleton ratio to the query reaches this counts as near."""
_NEAR_SCALE = math.log1p(64)
_SIZE_SCALE = 7.0  # log10 of ten million


def add_context(
    rows: Sequence[list[float]], similarity_column: int, first_column: int, index_size: int
) -> None:
    """Fill the ``CONTEXT_FEATURES`` columns (starting at ``first_column``) of every row.

    ``similarity_column`` is the pairwise name similarity the list is judged by.
    """
    similarities = [row[similarity_column] for row in rows]
    ordered = sorted(similarities, reverse=True)
    best, runner_up = ordered[0] if ordered else 0.0, ordered[1] if len(ordered) > 1 else 0.0
    near = sum(value >= NEAR_RATIO for value in similarities)
    near_value = min(1.0, math.log1p(near) / _NEAR_SCALE)
    size_value = math.log10(max(index_size, 1)) / _SIZE_SCALE
    for row, similarity in zip(rows, similarities, strict=True):
        other_best = runner_up if similarity >= best else best
        row[first_column] = similarity - other_best
        row[first_column + 1] = near_value
        row[first_column + 2] = size_value
