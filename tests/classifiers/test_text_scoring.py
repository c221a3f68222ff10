"""Scoring texts through one path: prepare, cue features when the model reads them."""

from __future__ import annotations

import numpy as np
import pytest

from watchkeeper.classifiers.cues import CUE_FEATURES, cue_features, extract_cues
from watchkeeper.classifiers.features import FeatureSpec
from watchkeeper.classifiers.linear import LabelHead, LinearTextModel
from watchkeeper.classifiers.prepare import prepare
from watchkeeper.classifiers.scoring import cue_matrix, has_words, score_texts

SPEC = FeatureSpec(bits=16)


def _model(cue_weights: tuple[float, ...]) -> LinearTextModel:
    heads = [LabelHead("threat", 0.0, 1.0, -2.0, 0.5, 0.9, cue_weights)]
    return LinearTextModel(SPEC, heads, np.zeros((SPEC.columns, 1), np.float32))


def test_cue_features_mark_each_kind_and_the_target() -> None:
    row = cue_features(extract_cues("@sam I will stab you tomorrow"))
    named = dict(zip(CUE_FEATURES, row, strict=True))
    assert named["means"] == 1.0 and named["time"] == 1.0
    assert named["target:individual"] == 1.0 and named["target:group"] == 0.0
    assert cue_matrix([]).shape[0] == 0


def test_a_model_without_cue_weights_skips_the_cue_extractor() -> None:
    scored = score_texts(_model(()), ["I will stab you tomorrow"])
    assert scored.cues is None
    assert np.allclose(scored.probabilities, 1 / (1 + np.exp(2.0)))


def test_cue_weights_raise_the_probability_of_posts_with_cues() -> None:
    weights = tuple(1.0 for _ in CUE_FEATURES)
    scored = score_texts(_model(weights), ["I will stab you tomorrow", "nice day"])
    assert scored.cues is not None and scored.cues[0].kinds
    assert scored.probabilities[0, 0] > scored.probabilities[1, 0]
    assert np.isclose(scored.probabilities[1, 0], 1 / (1 + np.exp(2.0)))


def test_a_cue_model_refuses_to_score_without_cues() -> None:
    model = _model(tuple(1.0 for _ in CUE_FEATURES))
    with pytest.raises(ValueError, match="cue features"):
        model.probabilities([score_texts(model, ["x"]).posts[0]])


def test_posts_with_nothing_but_links_and_mentions_score_zero() -> None:
    eager = LinearTextModel(
        SPEC, [LabelHead("extremism", 5.0, 1.0, 0.0, 0.5)], np.zeros((SPEC.columns, 1), np.float32)
    )
    texts = ["https://t.co/x", "@bob @alice", "@bob https://t.co/x !", "", "@bob thanks", "🔪"]
    scores = score_texts(eager, texts).probabilities[:, 0]
    assert list(scores[:4]) == [0.0, 0.0, 0.0, 0.0]
    assert scores[4] > 0.99 and scores[5] > 0.99
    assert not has_words(prepare("https://t.co/x @bob ..."))
    assert has_words(prepare("see https://t.co/x now"))
