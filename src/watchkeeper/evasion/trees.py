"""Gradient-boosted decision trees read from JSON: scores and per-feature explanations.

The evasion scorer's evidence interacts: a shared rare stem means much when nothing
else in the index comes near and little in a crowd of namesakes, and a number bumped
by one means more on a long name than on ``mike``. A linear model over the features
cannot express that; boosted trees (trained by scikit-learn's
``HistGradientBoostingClassifier``, ``training/train_evasion.py``) can. The trees ship
as plain JSON (node arrays, no pickle, nothing that runs code when read), and are
evaluated here with numpy, all trees and all candidates of a query at once, one tree
level per step. ``contributions`` splits a row's score among the features along the
paths it took (each split's change of the node value is credited to the split's
feature), which is what the reasons use to say which evidence counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = ["BoostedTrees"]

F64 = npt.NDArray[np.float64]
I32 = npt.NDArray[np.int32]


@dataclass(frozen=True)
class BoostedTrees:
    """Trees as padded node arrays, shape (trees, nodes); a leaf's children are itself."""

    baseline: float
    feature: I32
    threshold: F64
    left: I32
    right: I32
    value: F64
    leaf: npt.NDArray[np.bool_]
    depth: int
    """Longest root-to-leaf path: the number of steps ``raw`` takes."""
    sizes: tuple[int, ...]
    """Each tree's node count (the arrays are padded to the largest)."""
    _flat_feature: npt.NDArray[np.int64] = field(init=False, repr=False, compare=False)
    _flat_threshold: F64 = field(init=False, repr=False, compare=False)
    _flat_left: npt.NDArray[np.int64] = field(init=False, repr=False, compare=False)
    _flat_right: npt.NDArray[np.int64] = field(init=False, repr=False, compare=False)
    _flat_value: F64 = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # flat copies, children as flat indices: one gather per array per level
        offsets = (np.arange(self.feature.shape[0], dtype=np.int64) * self.feature.shape[1])[
            :, None
        ]
        flat = {
            "_flat_feature": self.feature.astype(np.int64).ravel(),
            "_flat_threshold": self.threshold.ravel(),
            "_flat_left": (self.left + offsets).ravel(),
            "_flat_right": (self.right + offsets).ravel(),
            "_flat_value": self.value.ravel(),
        }
        for name, array in flat.items():
            object.__setattr__(self, name, array)

    @classmethod
    def from_json(cls, data: object, features: int) -> BoostedTrees:
        """Read ``{"baseline", "trees": [{"feature", "threshold", "left", "right",
        "value"}, ...]}`` (a node is a leaf when its ``left`` is -1)."""
        if not isinstance(data, dict) or not isinstance(data.get("trees"), list):
            raise ValueError("model trees: expected an object with a 'trees' list")
        trees = data["trees"]
        if not trees:
            raise ValueError("model trees: no trees")
        width = max(len(tree.get("value") or []) if isinstance(tree, dict) else 0 for tree in trees)
        shape = (len(trees), max(width, 1))
        feature = np.zeros(shape, np.int32)
        threshold = np.zeros(shape, np.float64)
        left = np.zeros(shape, np.int32)
        right = np.zeros(shape, np.int32)
        value = np.zeros(shape, np.float64)
        leaf = np.ones(shape, np.bool_)
        sizes = []
        for number, tree in enumerate(trees):
            if not isinstance(tree, dict):
                raise ValueError(f"model tree {number}: expected an object")
            columns = [tree.get(key) for key in ("feature", "threshold", "left", "right", "value")]
            size = len(columns[4] or [])
            if not size or any(not isinstance(c, list) or len(c) != size for c in columns):
                raise ValueError(f"model tree {number}: node arrays missing or of unequal length")
            nodes = np.arange(size)
            kids_left = np.asarray(columns[2], np.int64)
            kids_right = np.asarray(columns[3], np.int64)
            is_leaf = kids_left < 0
            inner = ~is_leaf
            feats = np.asarray(columns[0], np.int64)
            if np.any((kids_left[inner] <= nodes[inner]) | (kids_left[inner] >= size)) or np.any(
                (kids_right[inner] <= nodes[inner]) | (kids_right[inner] >= size)
            ):
                raise ValueError(f"model tree {number}: a child must come after its parent")
            if np.any((feats[inner] < 0) | (feats[inner] >= features)):
                raise ValueError(f"model tree {number}: feature index out of range")
            values = np.asarray(columns[4], np.float64)
            limits = np.asarray(columns[1], np.float64)
            if not (np.all(np.isfinite(values)) and np.all(np.isfinite(limits[inner]))):
                raise ValueError(f"model tree {number}: non-finite value or threshold")
            feature[number, :size] = np.where(inner, feats, 0)
            threshold[number, :size] = np.where(inner, limits, 0.0)
            left[number, :size] = np.where(inner, kids_left, nodes)
            right[number, :size] = np.where(inner, kids_right, nodes)
            value[number, :size] = values
            leaf[number, :size] = is_leaf
            sizes.append(size)
        baseline = float(data.get("baseline", 0.0))
        if not np.isfinite(baseline):
            raise ValueError("model trees: non-finite baseline")
        depth = _depth(left, right, leaf)
        return cls(baseline, feature, threshold, left, right, value, leaf, depth, tuple(sizes))

    def _walk(self, matrix: F64, explain: bool) -> tuple[I32, F64]:
        """Every row down every tree at once, one level per step: (the flat index of the
        leaf each row reaches in each tree, shape (rows, trees); with ``explain``, the
        per-feature sums of the value changes along the paths, shape (rows, features))."""
        rows, features = matrix.shape
        width = self.feature.shape[1]
        node = np.broadcast_to(
            np.arange(self.feature.shape[0], dtype=np.int64) * width, (rows, self.feature.shape[0])
        )
        starts = (np.arange(rows, dtype=np.int64) * features)[:, None]
        flat_matrix = np.ascontiguousarray(matrix).ravel()
        feature, threshold = self._flat_feature, self._flat_threshold
        shares = np.zeros(rows * features if explain else 0, np.float64)
        for _ in range(self.depth):
            column = feature[node]
            goes_left = flat_matrix[starts + column] <= threshold[node]
            child = np.where(goes_left, self._flat_left[node], self._flat_right[node])
            if explain:
                change = self._flat_value[child] - self._flat_value[node]
                shares += np.bincount(
                    (starts + column).ravel(), weights=change.ravel(), minlength=len(shares)
                )
            node = child
        return node, shares.reshape(rows, features) if explain else shares

    def raw(self, matrix: F64) -> F64:
        """Log-odds per row (baseline plus every tree's leaf value)."""
        leaves, _ = self._walk(matrix, explain=False)
        return np.asarray(self.baseline + self._flat_value[leaves].sum(axis=1), np.float64)

    def contributions(self, rows: F64) -> F64:
        """Per row, each feature's share of its log-odds above the trees' root values,
        shape (rows, features)."""
        return self._walk(rows, explain=True)[1]

    def to_json(self) -> dict[str, object]:
        """The JSON form ``from_json`` reads (unpadded, leaves with ``left`` -1)."""
        trees = []
        for tree in range(self.feature.shape[0]):
            size = self.sizes[tree]
            leaf = self.leaf[tree, :size]
            trees.append(
                {
                    "feature": np.where(leaf, -1, self.feature[tree, :size]).tolist(),
                    "threshold": [round(float(x), 10) for x in self.threshold[tree, :size]],
                    "left": np.where(leaf, -1, self.left[tree, :size]).tolist(),
                    "right": np.where(leaf, -1, self.right[tree, :size]).tolist(),
                    "value": [round(float(x), 10) for x in self.value[tree, :size]],
                }
            )
        return {"baseline": round(self.baseline, 10), "trees": trees}


def _depth(left: I32, right: I32, leaf: npt.NDArray[np.bool_]) -> int:
    """Steps from the root until every tree's every path has reached a leaf."""
    steps = 0
    frontier = [(tree, 0) for tree in range(left.shape[0])]
    while frontier:
        nxt = []
        for tree, node in frontier:
            if not leaf[tree, node]:
                nxt += [(tree, int(left[tree, node])), (tree, int(right[tree, node]))]
        frontier = nxt
        steps += 1 if nxt else 0
        if steps > 64:
            raise ValueError("model trees deeper than 64 levels")
    return steps
