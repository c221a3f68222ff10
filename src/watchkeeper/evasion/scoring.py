"""The trained model that turns evidence into a calibrated probability, read from JSON.

The weights ship inside the package as ``model.json`` (written by
``training/train_evasion.py``, described in ``MODEL_CARD.md``): plain numbers, so the
file can be read, diffed and reviewed, and loading it can never run code. The model
is gradient-boosted trees (``trees.BoostedTrees``; a version 2 file holds a logistic
regression on standardized features instead) followed by Platt scaling fitted on a
validation split, so ``probability`` means "share of accounts scored like this that
are the suspended account". A flag threshold is shipped per tier of what the
new account carries (``field_tier``: username only; plus a display name; plus
anything more), because unrelated accounts score differently when more fields can
agree by chance, and per size of the suspended index, because the best of a million
chance resemblances is closer than the best of twenty thousand: each tier has the
validation split's 1%-false-flag points measured at a few index sizes, and the
threshold for an index of any size is read between them on a log scale (the
nearest one outside them).
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from watchkeeper.evasion.features import FEATURE_NAMES
from watchkeeper.evasion.trees import BoostedTrees

__all__ = ["FIELD_TIERS", "MODEL_FORMAT", "EvasionModel", "default_model", "field_tier"]

MODEL_FORMAT = "watchkeeper-evasion-model"
FIELD_TIERS = ("username", "display_name", "more")


def field_tier(fields_present: frozenset[str]) -> str:
    """Which threshold applies to a new account with these optional fields."""
    if fields_present - {"display_name"}:
        return "more"
    return "display_name" if fields_present else "username"


@dataclass(frozen=True)
class EvasionModel:
    """Standardized logistic regression + Platt calibration + the shipped threshold."""

    features: tuple[str, ...]
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    intercept: float
    platt_a: float
    platt_b: float
    threshold_points: dict[str, tuple[tuple[int, float], ...]]
    """Per ``FIELD_TIERS`` entry: (index size, flag threshold) points, by size."""
    trees: BoostedTrees | None = None
    """When set, the score (log-odds before calibration) comes from these trees, not
    from the linear weights, and so do the contributions."""

    @property
    def thresholds(self) -> dict[str, float]:
        """Each tier's threshold at the smallest index size measured."""
        return {tier: points[0][1] for tier, points in self.threshold_points.items()}

    @property
    def threshold(self) -> float:
        """The strictest of the tier thresholds (smallest index size)."""
        return max(self.thresholds.values())

    def threshold_for(self, fields_present: frozenset[str], index_size: int | None = None) -> float:
        """The shipped threshold for a new account carrying ``fields_present``.

        ``index_size`` is how many accounts are suspended (None: the smallest measured).
        """
        points = self.threshold_points[field_tier(fields_present)]
        if index_size is None or index_size <= points[0][0]:
            return points[0][1]
        for (low_size, low), (high_size, high) in itertools.pairwise(points):
            if index_size <= high_size:
                share = math.log(index_size / low_size) / math.log(high_size / low_size)
                return low + share * (high - low)
        return points[-1][1]

    @classmethod
    def from_json(cls, data: dict[str, object]) -> EvasionModel:
        if data.get("format") != MODEL_FORMAT or data.get("version") not in (2, 3):
            raise ValueError(f"not a {MODEL_FORMAT} v2 or v3 file")
        if (data.get("version") == 3) != ("trees" in data):
            raise ValueError("model trees: a v3 file has them, a v2 file does not")
        names = tuple(str(name) for name in data["features"])  # type: ignore[attr-defined]
        if names != FEATURE_NAMES:
            raise ValueError("model features do not match this version's features")

        def vector(key: str) -> npt.NDArray[np.float64]:
            values = np.asarray(data[key], dtype=np.float64)
            if values.shape != (len(names),) or not np.all(np.isfinite(values)):
                raise ValueError(f"model {key}: expected {len(names)} finite numbers")
            return values

        calibration = data["calibration"]
        if not isinstance(calibration, dict):
            raise ValueError("model calibration: expected an object")
        thresholds = data["thresholds"]
        if not isinstance(thresholds, dict) or set(thresholds) != set(FIELD_TIERS):
            raise ValueError(f"model thresholds: expected one per tier {FIELD_TIERS}")
        return cls(
            features=names,
            mean=vector("mean"),
            scale=vector("scale"),
            coef=vector("coef"),
            intercept=float(data["intercept"]),  # type: ignore[arg-type]
            platt_a=float(calibration["a"]),
            platt_b=float(calibration["b"]),
            threshold_points={tier: _points(thresholds[tier]) for tier in FIELD_TIERS},
            trees=BoostedTrees.from_json(data["trees"], len(names)) if "trees" in data else None,
        )

    @classmethod
    def load(cls, path: Path) -> EvasionModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def logits(self, rows: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]:
        matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.features))
        if self.trees is not None:
            raw = self.trees.raw(matrix)
        else:
            raw = ((matrix - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(self.platt_a * raw + self.platt_b, dtype=np.float64)

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """Calibrated probability, per feature row, that the pair is one person."""
        if not rows:
            return []
        logits = np.clip(self.logits(rows), -40.0, 40.0)
        return [float(value) for value in 1.0 / (1.0 + np.exp(-logits))]

    def contributions(self, rows: Sequence[Sequence[float]]) -> list[dict[str, float]]:
        """Per feature row, each feature's share of the logit (for reasons): relative to
        the trees' root values, or for linear weights to an average pair. Features with
        no share (most of them: a row's paths through shallow trees test few) are left
        out, so read a share with ``.get(name, 0.0)``."""
        matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.features))
        if self.trees is not None:
            values = self.trees.contributions(matrix)
        else:
            values = (matrix - self.mean) / self.scale * self.coef
        return [
            {
                name: value * self.platt_a
                for name, value in zip(self.features, row.tolist(), strict=True)
                if value
            }
            for row in values
        ]


def _points(value: object) -> tuple[tuple[int, float], ...]:
    """[[size, threshold], ...] with sizes >= 1 increasing and thresholds in (0, 1)."""
    if not isinstance(value, list) or not value:
        raise ValueError("model thresholds: expected a list of [index size, threshold]")
    points = tuple((int(size), float(threshold)) for size, threshold in value)
    sizes = [size for size, _ in points]
    if sizes[0] < 1 or sizes != sorted(set(sizes)):
        raise ValueError("model thresholds: index sizes must be positive and increasing")
    if not all(0.0 < threshold < 1.0 for _, threshold in points):
        raise ValueError("model thresholds: each threshold must be in (0, 1)")
    return points


@functools.cache
def default_model() -> EvasionModel:
    """The shipped model (loaded on first use)."""
    text = resources.files("watchkeeper.evasion").joinpath("model.json").read_text("utf-8")
    return EvasionModel.from_json(json.loads(text))


def to_json(
    *,
    mean: Sequence[float],
    scale: Sequence[float],
    coef: Sequence[float],
    intercept: float,
    platt: tuple[float, float],
    thresholds: dict[str, list[tuple[int, float]]],
    meta: dict[str, object],
    trees: BoostedTrees | None = None,
) -> str:
    """The ``model.json`` text for trained parameters (used by the training script)."""
    cuts = [value for points in thresholds.values() for _, value in points]
    numbers = [*mean, *scale, *coef, intercept, *platt, *cuts]
    if not all(math.isfinite(float(x)) for x in numbers):
        raise ValueError("non-finite model parameter")
    data = {
        "format": MODEL_FORMAT,
        "version": 2 if trees is None else 3,
        "features": list(FEATURE_NAMES),
        "mean": [round(float(x), 8) for x in mean],
        "scale": [round(float(x), 8) for x in scale],
        "coef": [round(float(x), 8) for x in coef],
        "intercept": round(float(intercept), 8),
        "calibration": {"a": round(platt[0], 8), "b": round(platt[1], 8)},
        "thresholds": {
            tier: [[int(size), round(value, 6)] for size, value in thresholds[tier]]
            for tier in FIELD_TIERS
        },
        "meta": meta,
    }
    if trees is not None:
        data["trees"] = trees.to_json()
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
