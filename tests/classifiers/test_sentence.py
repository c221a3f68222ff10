"""The sentence tier: the packaged encoder, the per-label networks, joint calibration, files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from watchkeeper.classifiers.features import FeatureSpec
from watchkeeper.classifiers.linear import LabelHead, LinearTextModel
from watchkeeper.classifiers.prepare import prepare
from watchkeeper.classifiers.scoring import score_texts
from watchkeeper.classifiers.sentence import (
    EMBEDDING_DIMENSIONS,
    MAX_CHARACTERS,
    Network,
    SentenceHead,
    SentenceTier,
    embed,
)


def _network(seed: int) -> Network:
    rng = np.random.default_rng(seed)
    return Network(
        rng.normal(size=(EMBEDDING_DIMENSIONS, 8)).astype(np.float32),
        rng.normal(size=8).astype(np.float32),
        rng.normal(size=8).astype(np.float32),
        0.25,
    )


def _tier() -> SentenceTier:
    heads = [
        SentenceHead("threat", 1.5, 0.5, -1.0, 0.3, 0.8),
        SentenceHead("extremism", 1.0, 2.0, 0.5, 0.4),
    ]
    return SentenceTier(heads, [_network(1), _network(2)])


def test_embeddings_are_unit_rows_that_put_paraphrases_together() -> None:
    rows = embed(
        [
            "I will kill you tomorrow",
            "Tomorrow I am going to murder you",
            "Morgen bringe ich dich um",
            "The bakery opens at eight",
        ]
    )
    assert rows.shape == (4, EMBEDDING_DIMENSIONS) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-3)
    similar = rows @ rows.T
    assert similar[0, 1] > similar[0, 3] + 0.2
    assert similar[0, 2] > similar[0, 3] + 0.2  # across languages
    assert embed([]).shape == (0, EMBEDDING_DIMENSIONS)


def test_long_texts_are_cut_before_encoding() -> None:
    head = "I will find you. " * (MAX_CHARACTERS // 17 + 1)
    long_rows = embed([head + "x" * 50_000, head[:MAX_CHARACTERS]])
    assert np.allclose(long_rows[0], long_rows[1])


def test_a_network_is_one_relu_layer_to_a_logit() -> None:
    network = _network(3)
    x = np.random.default_rng(4).normal(size=(5, EMBEDDING_DIMENSIONS)).astype(np.float32)
    hidden = np.maximum(x @ network.hidden_weights + network.hidden_bias, 0)
    expected = hidden @ network.output_weights + network.output_bias
    assert np.allclose(network.margins(x), expected, atol=1e-4)


def test_calibration_weighs_both_margins_per_label() -> None:
    tier = _tier()
    ngram = np.array([[1.0, -1.0], [0.0, 2.0]])
    sentence = np.array([[2.0, 0.0], [-1.0, 1.0]])
    p = tier.calibrate(ngram, sentence)
    logits = np.array([[1.5 + 1.0 - 1.0, -1.0 + 0.0 + 0.5], [0.0 - 0.5 - 1.0, 2.0 + 2.0 + 0.5]])
    assert np.allclose(p, 1 / (1 + np.exp(-logits)))


def test_a_saved_tier_loads_with_the_same_scores(tmp_path: Path) -> None:
    tier = _tier()
    tier.save(tmp_path / "tier")
    loaded = SentenceTier.load(tmp_path / "tier")
    assert loaded.heads == tier.heads
    x = embed(["we will attack the embassy", "lunch at noon"])
    # weights are stored as float16
    assert np.allclose(loaded.sentence_margins(x), tier.sentence_margins(x), atol=0.05)
    assert loaded.sentence_margins(x).shape == (2, 2)


def test_a_file_of_another_format_is_refused(tmp_path: Path) -> None:
    _tier().save(tmp_path / "tier")
    meta = json.loads((tmp_path / "tier.json").read_text())
    (tmp_path / "tier.json").write_text(json.dumps({**meta, "format": "something/9"}))
    with pytest.raises(ValueError, match="not a watchkeeper-sentence-tier/1 model"):
        SentenceTier.load(tmp_path / "tier")


def test_heads_and_networks_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 heads but 1 networks"):
        SentenceTier(_tier().heads, [_network(1)])


def test_the_tier_reads_the_prepared_text_so_disguised_spellings_score_alike() -> None:
    spec = FeatureSpec(bits=16)
    model = LinearTextModel(
        spec, [LabelHead("threat", 0.0, 1.0, 0.0, 0.5)], np.zeros((spec.columns, 1), np.float32)
    )
    tier = SentenceTier([SentenceHead("threat", 1.0, 1.0, 0.0, 0.5)], [_network(7)])
    plain, leet = score_texts(
        model, ["I will kill you tomorrow", "1 w1ll k1ll y0u t0m0rr0w"], tier
    ).probabilities[:, 0]
    assert plain == pytest.approx(leet)


def test_scoring_with_the_tier_replaces_only_its_labels_columns() -> None:
    spec = FeatureSpec(bits=16)
    heads = [
        LabelHead("threat", 0.0, 1.0, -2.0, 0.5),
        LabelHead("other", 0.0, 1.0, -3.0, 0.5),
    ]
    model = LinearTextModel(spec, heads, np.zeros((spec.columns, 2), np.float32))
    tier = SentenceTier([SentenceHead("threat", 1.0, 1.0, 0.0, 0.5)], [_network(5)])
    texts = ["I will stab you", "nice day"]
    fast = score_texts(model, texts).probabilities
    joint = score_texts(model, texts, tier).probabilities
    assert np.allclose(joint[:, 1], fast[:, 1])
    prepared = [prepare(text).text for text in texts]
    expected = tier.calibrate(np.zeros((2, 1)), tier.sentence_margins(embed(prepared)))
    assert np.allclose(joint[:, :1], expected)
    assert not np.allclose(joint[:, 0], fast[:, 0])


def test_cue_weights_join_the_calibration_and_are_required_when_present(tmp_path: Path) -> None:
    head = SentenceHead("threat", 1.0, 1.0, 0.0, 0.5, 0.9, (2.0, -1.0))
    tier = SentenceTier([head], [_network(6)])
    zeros = np.zeros((2, 1))
    cues = np.array([[1.0, 0.0], [1.0, 1.0]])
    p = tier.calibrate(zeros, zeros, cues)
    assert np.allclose(p[:, 0], 1 / (1 + np.exp(-np.array([2.0, 1.0]))))
    with pytest.raises(ValueError, match="one row of cue features per post"):
        tier.calibrate(zeros, zeros)
    tier.save(tmp_path / "tier")
    assert SentenceTier.load(tmp_path / "tier").heads == (head,)
