"""The shipped model file: loads, matches the feature list, refuses tampered files."""

from __future__ import annotations

import json
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
