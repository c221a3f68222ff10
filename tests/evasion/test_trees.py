"""``watchkeeper.evasion.trees``: boosted trees from JSON give scikit-learn's scores."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]
from train_evasion import trees_json

from watchkeeper.evasion.trees import BoostedTrees

# one tree: feature 0 <= 0.5 ? (feature 1 <= 2 ? -1 : 1) : 3, root value 0.2
STUMPS = {
    "baseline": -0.5,
    "trees": [
        {
            "feature": [0, 1, -1, -1, -1],
            "threshold": [0.5, 2.0, 0.0, 0.0, 0.0],
            "left": [1, 3, -1, -1, -1],
            "right": [2, 4, -1, -1, -1],
            "value": [0.2, -0.4, 3.0, -1.0, 1.0],
        }
    ],
}


def test_a_hand_written_tree_scores_and_explains() -> None:
    trees = BoostedTrees.from_json(STUMPS, features=2)
    rows = np.array([[0.0, 1.0], [0.0, 5.0], [0.9, 0.0], [0.5, 2.0]])
    assert trees.raw(rows).tolist() == [-1.5, 0.5, 2.5, -1.5]
    assert trees.depth == 2
    # the path of row 2 goes root (0.2) -> -0.4 (feature 0) -> 1.0 (feature 1)
    assert trees.contributions(np.array([[0.0, 5.0]]))[0].tolist() == pytest.approx([-0.6, 1.4])
    assert BoostedTrees.from_json(trees.to_json(), features=2).raw(rows).tolist() == [
        -1.5,
        0.5,
        2.5,
        -1.5,
    ]


def test_same_log_odds_as_scikit_learn_and_contributions_add_up() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4_000, 6))
    y = ((x[:, 0] * x[:, 1] > 0.2) | (x[:, 2] > 1.5)).astype(int)  # an interaction
    fitted = HistGradientBoostingClassifier(max_iter=60, max_leaf_nodes=15, random_state=0)
    fitted.fit(x, y)
    trees = BoostedTrees.from_json(trees_json(fitted), features=6)
    probe = rng.normal(size=(300, 6))
    assert np.allclose(trees.raw(probe), fitted.decision_function(probe), atol=1e-9)
    roots = trees.baseline + trees.value[:, 0].sum()
    totals = trees.contributions(probe).sum(axis=1)
    assert np.allclose(totals, trees.raw(probe) - roots, atol=1e-9)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"left": [0, 1, -1, -1, -1]}, "child must come after its parent"),
        ({"feature": [0, 7, -1, -1, -1]}, "feature index out of range"),
        ({"value": [0.2, -0.4, 3.0]}, "unequal length"),
        ({"threshold": [float("nan"), 2.0, 0.0, 0.0, 0.0]}, "non-finite"),
    ],
)
def test_damaged_trees_are_refused(change: dict[str, object], problem: str) -> None:
    tree = {**STUMPS["trees"][0], **change}  # type: ignore[index]
    with pytest.raises(ValueError, match=problem):
        BoostedTrees.from_json({"baseline": 0.0, "trees": [tree]}, features=2)
