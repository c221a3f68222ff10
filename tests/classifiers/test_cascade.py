"""The cascade tier's uncertain band: which posts the sentence tier re-reads, and the scores."""

from __future__ import annotations

import numpy as np
import pytest

from watchkeeper.classifiers.cascade import HIGH, LOW_SHARE, UncertainBand, band_for
from watchkeeper.classifiers.scoring import score_texts
from watchkeeper.classifiers.sentence import (
    EMBEDDING_DIMENSIONS,
    Network,
    SentenceHead,
    SentenceTier,
)
from watchkeeper.detectors.classifiers import shipped_model, shipped_tier

TEXTS = [
    "I will kill you tomorrow with a knife",
    "Lovely weather for a picnic in the park today",
    "Your children walk to school alone, don't they",
    "Keep talking and they'll find your body in the river",
    "We will come for you and your family tonight",
    "The bakery opens at eight",
]


def test_rows_in_the_band_are_those_with_any_label_from_its_low_edge_to_below_its_high() -> None:
    band = UncertainBand((0.1, 0.2), high=0.9)
    fast = np.array(
        [
            [0.05, 0.1],  # both under their edges
            [0.1, 0.0],  # the first label exactly at its edge
            [0.95, 0.3],  # the second label in the band
            [0.95, 0.9],  # both at or over the high edge
            [0.0, 0.19],
        ]
    )
    assert band.rows(fast).tolist() == [1, 2]
    assert band.rows(np.zeros((0, 2))).tolist() == []


def test_a_band_with_edges_out_of_order_or_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="0 <= low < high <= 1"):
        UncertainBand((0.5,), high=0.4)
    with pytest.raises(ValueError, match="0 <= low < high <= 1"):
        UncertainBand((-0.1,))
    with pytest.raises(ValueError, match="at least one label"):
        UncertainBand(())
    with pytest.raises(ValueError, match=r"one column of fast probabilities per label \(2\)"):
        UncertainBand((0.1, 0.2)).rows(np.zeros((3, 1)))


def test_the_shipped_band_starts_at_a_share_of_the_lower_threshold_of_each_label() -> None:
    model, tier = shipped_model(), shipped_tier()
    band = band_for(model, tier)
    assert band.high == HIGH
    for label, low in zip(tier.labels, band.low, strict=True):
        fast = model.heads[model.labels.index(label)].threshold
        sentence = tier.heads[tier.labels.index(label)].threshold
        assert low == pytest.approx(LOW_SHARE * min(fast, sentence))
        assert low < min(fast, sentence) and max(fast, sentence) < band.high


def test_a_threshold_above_the_band_is_refused() -> None:
    network = Network(
        np.zeros((EMBEDDING_DIMENSIONS, 2), np.float32),
        np.zeros(2, np.float32),
        np.zeros(2, np.float32),
        0.0,
    )
    tier = SentenceTier([SentenceHead("threat", 1.0, 1.0, 0.0, 0.97)], [network])
    with pytest.raises(ValueError, match=r"threat: thresholds .* must both be under"):
        band_for(shipped_model(), tier)


def test_the_cascade_keeps_fast_scores_outside_the_band_and_sentence_scores_inside() -> None:
    model, tier = shipped_model(), shipped_tier()
    band = band_for(model, tier)
    columns = [model.labels.index(label) for label in tier.labels]
    fast = score_texts(model, TEXTS).probabilities
    sentence = score_texts(model, TEXTS, tier).probabilities
    cascade = score_texts(model, TEXTS, tier, band).probabilities
    inside = set(band.rows(fast[:, columns]).tolist())
    assert inside and len(inside) < len(TEXTS)  # the texts exercise both sides
    for row in range(len(TEXTS)):
        expected = sentence if row in inside else fast
        assert np.allclose(cascade[row], expected[row], atol=1e-6), TEXTS[row]
    outside = [row for row in range(len(TEXTS)) if row not in inside]
    assert np.array_equal(cascade[outside], fast[outside])


def test_a_band_without_the_sentence_tier_is_refused() -> None:
    with pytest.raises(ValueError, match="needs the sentence tier"):
        score_texts(shipped_model(), TEXTS, band=UncertainBand((0.1, 0.1)))


def test_posts_without_words_score_zero_in_every_tier_and_leave_the_others_alone() -> None:
    model, tier = shipped_model(), shipped_tier()
    texts = ["@user https://t.co/x", TEXTS[3], "@user @user"]
    alone = score_texts(model, [TEXTS[3]], tier).probabilities[0]
    for band in (None, band_for(model, tier)):
        scored = score_texts(model, texts, tier, band).probabilities
        assert not scored[0].any() and not scored[2].any()
        assert np.allclose(scored[1], alone, atol=1e-6)
