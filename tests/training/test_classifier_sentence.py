"""Training the sentence tier: embeddings in worker processes, networks, joint calibration."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from classifier_example import Example
from classifier_sentence import embed_all, fit_tier

from watchkeeper.classifiers.features import FeatureSpec
from watchkeeper.classifiers.linear import LabelHead, LinearTextModel
from watchkeeper.classifiers.scoring import score_texts
from watchkeeper.classifiers.sentence import embed

THREATS = [
    "I will kill you {}",
    "we are going to shoot them all {}",
    "I'm coming to stab you {}",
    "you will die {}, I promise",
    "we will bomb your office {}",
]
HARMLESS = [
    "see you at the bakery {}",
    "the train was late again {}",
    "my cat sleeps all day {}",
    "lovely weather for a picnic {}",
    "the meeting moved to {}",
]
WHEN = ["tomorrow", "tonight", "on monday", "next week", "at noon", "soon", "on friday", "today"]


def _rows() -> list[Example]:
    rows = []
    for when in WHEN:
        for pattern in THREATS:
            bomb = int("bomb" in pattern)
            rows.append(Example(pattern.format(when), "en", "t", None, 1, bomb))
        for pattern in HARMLESS:
            rows.append(Example(pattern.format(when), "en", "t", None, 0, 0))
    return rows * 8


def test_embed_all_in_workers_equals_embedding_in_one_process() -> None:
    texts = [row.text for row in _rows()][:90]
    together = embed_all(texts, workers=1)
    apart = embed_all(texts, workers=2)
    assert np.allclose(together, apart, atol=1e-6) and np.allclose(together, embed(texts))
    assert embed_all([]).shape == (0, 512)


def test_the_tier_learns_threats_the_ngram_model_cannot_see() -> None:
    spec = FeatureSpec(bits=16)
    heads = [LabelHead("threat", 0.0, 1.0, 0.0, 0.5), LabelHead("extremism", 0.0, 1.0, 0.0, 0.5)]
    blind = LinearTextModel(spec, heads, np.zeros((spec.columns, 2), np.float32))
    rows = _rows()

    def rows_for(label: str) -> tuple[list[int], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        targets = np.asarray([getattr(row, label) for row in rows], np.int64)
        return list(range(len(rows))), targets, np.ones(len(rows))

    def thresholds(
        label: str, p: npt.NDArray[np.float64], y: npt.NDArray[np.int64]
    ) -> tuple[float, float]:
        return (0.5, 0.9) if label == "threat" else (0.4, 0.8)

    tier = fit_tier(blind, rows, rows, rows_for, thresholds, seed=1)
    assert tier.labels == ("threat", "extremism")
    head = tier.heads[0]
    assert head.sentence_weight > 0 and (head.threshold, head.confident) == (0.5, 0.9)
    assert (tier.heads[1].threshold, tier.heads[1].confident) == (0.4, 0.8)  # per label
    unseen = ["I will kill you on sunday", "the bakery opens on sunday"]
    p = score_texts(blind, unseen, tier).probabilities[:, 0]
    assert p[0] > 0.5 > p[1]
