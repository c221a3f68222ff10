"""List-wise context: a candidate alone at the top stands out, a crowd of near names does not."""

from __future__ import annotations

import math

from watchkeeper.evasion.context import CONTEXT_FEATURES, add_context


def rows_with(similarities: list[float]) -> list[list[float]]:
    return [[value, *[0.0] * len(CONTEXT_FEATURES)] for value in similarities]


def test_the_gap_is_how_much_closer_a_candidate_is_than_the_best_other_one() -> None:
    rows = rows_with([0.95, 0.70, 0.60])
    add_context(rows, similarity_column=0, first_column=1, index_size=1_000)
    assert math.isclose(rows[0][1], 0.25)
    assert math.isclose(rows[1][1], -0.25)
    assert math.isclose(rows[2][1], -0.35)


def test_a_crowd_of_near_names_raises_the_near_count_and_closes_the_gap() -> None:
    alone = rows_with([0.95, 0.5])
    crowded = rows_with([0.95, 0.94, 0.9, 0.85, 0.82])
    add_context(alone, 0, 1, 1_000)
    add_context(crowded, 0, 1, 1_000)
    assert crowded[0][2] > alone[0][2] > 0.0
    assert crowded[0][1] < alone[0][1]


def test_the_index_size_is_on_a_log_scale_and_a_single_candidate_has_no_rival() -> None:
    small, large = rows_with([0.9]), rows_with([0.9])
    add_context(small, 0, 1, 10_000)
    add_context(large, 0, 1, 1_000_000)
    assert math.isclose(large[0][3] - small[0][3], 2 / 7)
    assert math.isclose(small[0][1], 0.9)
    add_context([], 0, 1, 10)  # an empty list is left alone
