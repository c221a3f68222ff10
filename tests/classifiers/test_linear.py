"""The linear text model: calibrated scores, explanations, and its two files."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from watchkeeper.classifiers.features import FeatureSpec, feature_pairs, featurize, tokens
from watchkeeper.classifiers.linear import Contribution, LabelHead, LinearTextModel
from watchkeeper.classifiers.prepare import Prepared, prepare

SPEC = FeatureSpec(bits=18)


def _model() -> LinearTextModel:
    """A model whose only positive evidence is the word 'kill' (for label 'threat')."""
    weights = np.zeros((SPEC.columns, 2), np.float32)
    kill = featurize([prepare("kill")], SPEC)
    weights[kill.indices, 0] = 4.0
    heads = [LabelHead("threat", -1.0, 1.0, 0.0, 0.5), LabelHead("other", 0.0, 2.0, -1.0, 0.5)]
    return LinearTextModel(SPEC, heads, weights)


def test_probabilities_follow_the_weights_and_the_platt_calibration() -> None:
    model = _model()
    posts = [prepare("kill"), prepare("hello")]
    margins = model.margins(posts)
    probabilities = model.probabilities(posts)
    assert probabilities[0, 0] > 0.5 > probabilities[1, 0]
    expected = 1 / (1 + np.exp(-(2.0 * margins[:, 1] - 1.0)))
    assert np.allclose(probabilities[:, 1], expected)


def test_explanations_name_the_words_that_raised_the_score() -> None:
    explained = _model().explain(prepare("I will kill the dog"), "threat")
    assert explained and "kill" in explained[0].text
    assert _model().explain(prepare("nice day"), "threat") == []


def _explained_one_piece_at_a_time(
    model: LinearTextModel, post: Prepared, label: str
) -> list[Contribution]:
    """What an explanation means: each word and pair hashed alone, the best three kept."""
    words = tokens(post.text)
    candidates = list(dict.fromkeys([*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]))
    column = model.labels.index(label)
    scores = []
    for text in candidates:
        _, columns = feature_pairs([Prepared(text, "", post.lang)], model.spec)
        scores.append(float(model.weights[columns, column].astype(np.float64).sum()))
    chosen: list[Contribution] = []
    for index in sorted(range(len(candidates)), key=lambda i: -scores[i]):
        if scores[index] <= 0 or len(chosen) == 3:
            break
        if not any(candidates[index] in c.text or c.text in candidates[index] for c in chosen):
            chosen.append(Contribution(candidates[index], round(scores[index], 4)))
    return chosen


def test_a_batch_of_posts_is_explained_as_each_would_be_alone() -> None:
    spec = FeatureSpec(bits=16, languages=("en", "ar"))
    weights = np.random.default_rng(7).normal(size=(spec.columns, 1)).astype(np.float32)
    model = LinearTextModel(spec, [LabelHead("threat", 0.0, 1.0, 0.0, 0.5)], weights)
    texts = [
        "I will kill you, kill you all",
        "#LoneWolf attack the office, the office",
        "سأقتلك غدا سأقتلك",
        "",
        "kill you",  # every piece also in the first post
        "ra7 a2tlak @someone",
    ]
    posts = [prepare(text) for text in texts]
    batch = model.explain_many(posts, "threat")
    assert batch == [model.explain(post, "threat") for post in posts]
    for post, explained in zip(posts, batch, strict=True):
        expected = _explained_one_piece_at_a_time(model, post, "threat")
        assert [c.text for c in explained] == [c.text for c in expected]
        assert [c.weight for c in explained] == pytest.approx(
            [c.weight for c in expected], abs=2e-4
        )
    assert batch[0] and batch[3] == []


def test_saved_model_loads_with_the_same_scores(tmp_path: Path) -> None:
    model = _model()
    model.save(tmp_path / "m")
    loaded = LinearTextModel.load(tmp_path / "m")
    posts = [prepare("kill them"), prepare("nice day")]
    assert loaded.labels == ("threat", "other")
    assert np.allclose(loaded.probabilities(posts), model.probabilities(posts), atol=1e-3)


def test_weights_of_the_wrong_shape_are_refused() -> None:
    with pytest.raises(ValueError, match="expected"):
        LinearTextModel(SPEC, [LabelHead("threat", 0, 1, 0, 0.5)], np.zeros((10, 1), np.float32))


def test_a_file_of_another_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a watchkeeper-linear-text"):
        LinearTextModel.load(tmp_path / "m")
