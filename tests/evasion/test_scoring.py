"""The shipped model file: loads, matches the feature list, refuses tampered files."""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from pathlib import Path

import pytest

from watchkeeper.evasion.features import FEATURE_NAMES
from watchkeeper.evasion.scoring import EvasionModel, default_model


def shipped() -> dict[str, object]:
    text = resources.files("watchkeeper.evasion").joinpath("model.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def test_shipped_model_loads_with_a_threshold() -> None:
    model = default_model()
    assert model.features == FEATURE_NAMES
    assert all(0.0 < value < 1.0 for value in model.thresholds.values())
    assert model.threshold_for(frozenset()) == model.thresholds["username"]
    assert model.threshold_for(frozenset({"display_name"})) == model.thresholds["display_name"]
    assert model.threshold_for(frozenset({"display_name", "email"})) == model.thresholds["more"]
    probabilities = model.probabilities([[0.0] * len(FEATURE_NAMES), [1.0] * len(FEATURE_NAMES)])
    assert all(0.0 <= p <= 1.0 for p in probabilities)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("features", ["x"]),
        ("coef", [1.0]),
        ("format", "pickle"),
        ("mean", ["nan"]),
        ("thresholds", {"username": 0.5}),
    ],
)
def test_tampered_model_is_refused(tmp_path: Path, key: str, value: object) -> None:
    data = {**shipped(), key: value}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    with pytest.raises((ValueError, TypeError)):
        EvasionModel.load(path)


def test_thresholds_follow_the_index_size_on_a_log_scale(tmp_path: Path) -> None:
    data = shipped()
    thresholds = dict(data["thresholds"])  # type: ignore[call-overload]
    thresholds["username"] = [[1_000, 0.4], [1_000_000, 0.9]]
    path = tmp_path / "model.json"
    path.write_text(json.dumps({**data, "thresholds": thresholds}))
    model = EvasionModel.load(path)
    at = functools.partial(model.threshold_for, frozenset())
    assert at() == at(10) == at(1_000) == 0.4 == model.thresholds["username"]
    assert at(1_000_000) == at(10_000_000) == 0.9
    assert math.isclose(at(31_623), 0.65, abs_tol=1e-4)
    assert at(100_000) > at(31_623) > at(5_000)


@pytest.mark.parametrize(
    "points", [[[1_000_000, 0.9], [1_000, 0.4]], [[0, 0.4]], [[1_000, 1.5]], []]
)
def test_threshold_points_out_of_order_or_range_are_refused(
    tmp_path: Path, points: list[list[float]]
) -> None:
    data = shipped()
    thresholds = {**data["thresholds"], "username": points}  # type: ignore[dict-item]
    path = tmp_path / "model.json"
    path.write_text(json.dumps({**data, "thresholds": thresholds}))
    with pytest.raises(ValueError, match="thresholds"):
        EvasionModel.load(path)


def test_a_version_2_file_scores_with_its_linear_weights(tmp_path: Path) -> None:
    data = {key: value for key, value in shipped().items() if key != "trees"}
    size = len(FEATURE_NAMES)
    data.update(
        version=2,
        mean=[0.0] * size,
        scale=[1.0] * size,
        coef=[1.0] + [0.0] * (size - 1),
        intercept=0.0,
        calibration={"a": 1.0, "b": 0.0},
    )
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    model = EvasionModel.load(path)
    assert model.trees is None
    row = [2.0] + [0.0] * (size - 1)
    assert model.probabilities([row])[0] == pytest.approx(1 / (1 + math.exp(-2.0)))
    [shares] = model.contributions([row])
    assert shares[FEATURE_NAMES[0]] == 2.0 and sum(shares.values()) == 2.0
    path.write_text(json.dumps({**data, "version": 3}))  # v3 without trees
    with pytest.raises(ValueError, match="v3 file has them"):
        EvasionModel.load(path)


def test_the_shipped_trees_score_and_explain_every_row_of_a_batch() -> None:
    model = default_model()
    assert model.trees is not None
    rows = [[0.0] * len(FEATURE_NAMES), [1.0] * len(FEATURE_NAMES)]
    logits = model.logits(rows)
    shares = model.contributions(rows)
    roots = model.trees.baseline + float(model.trees.value[:, 0].sum())
    for logit, share in zip(logits, shares, strict=True):
        # the contributions split the trees' log-odds above their root values
        assert sum(share.values()) == pytest.approx(logit - model.platt_a * roots - model.platt_b)
