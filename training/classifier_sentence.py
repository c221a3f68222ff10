"""Train the sentence tier (``watchkeeper.classifiers.sentence``) beside the n-gram model.

Every training and calibration row is prepared (``classifiers.prepare``, as at run
time) and embedded once (``embed_all``: the packaged
encoder in one process per core). Per label, scikit-learn's ``MLPClassifier`` (one
hidden layer of ``HIDDEN`` ReLU units, early stopping on a tenth of its rows) learns
from the same rows and weights as the n-gram model; then, on the calibration rows, a
logistic fit of the label on the two margins (n-gram, sentence) and, for labels whose
fast calibration reads them, the threat cues (read past the same gate) gives the
tier's weights; its thresholds are picked there as the fast tier's are.

Chosen on the calibration rows (fitted on one half, measured on the other, and the
other way round), threat ROC-AUC: n-gram margin and cues (the fast tier) 0.916 (en
0.894, ar 0.803, de 0.820, fr 0.817, ur 0.743); with the sentence margin added 0.932
(0.920, 0.832, 0.874, 0.861, 0.730); both margins without the cues 0.937 (0.922,
0.849, 0.893, 0.893, 0.737), but that scored direct threats at one person far lower
(see ``sentence.py``). Reading the embedding only past the cue gate (23% of posts)
kept under half of the gain.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from classifier_example import Example
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.neural_network import MLPClassifier  # type: ignore[import-untyped]

from watchkeeper.classifiers.linear import LinearTextModel
from watchkeeper.classifiers.prepare import prepare
from watchkeeper.classifiers.scoring import cue_matrix, gated_cues
from watchkeeper.classifiers.sentence import (
    EMBEDDING_DIMENSIONS,
    Network,
    SentenceHead,
    SentenceTier,
    embed,
)

HIDDEN = 256
ALPHA = 1e-3
"""L2 penalty of the network."""
CHUNK = 2_000
"""Texts per task when embedding in worker processes."""

RowsFor = Callable[[str], tuple[list[int], npt.NDArray[np.int64], npt.NDArray[np.float64]]]
"""A label's training rows (indices into the fit rows), targets and weights."""
Thresholds = Callable[[str, npt.NDArray[np.float64], npt.NDArray[np.int64]], tuple[float, float]]
"""(flag threshold, confident threshold) of a label from its calibration probabilities
and labels."""


def embed_all(texts: Sequence[str], workers: int = 2) -> npt.NDArray[np.float32]:
    """Embeddings of ``texts`` in order, ``workers`` processes with one thread each."""
    chunks = [list(texts[start : start + CHUNK]) for start in range(0, len(texts), CHUNK)]
    if workers <= 1 or len(chunks) <= 1:
        parts = [embed(chunk) for chunk in chunks]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(embed, chunks)
    if not parts:
        return np.zeros((0, EMBEDDING_DIMENSIONS), np.float32)
    return np.concatenate(parts)


def fit_network(
    embeddings: npt.NDArray[np.float32],
    y: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    seed: int,
) -> Network:
    """The label's network, its weights rounded to float16 as the shipped file holds them."""
    fitted = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,),
        alpha=ALPHA,
        batch_size=256,
        max_iter=30,
        early_stopping=True,
        n_iter_no_change=3,
        random_state=seed,
    ).fit(embeddings, y, sample_weight=weights)
    return Network(
        _half(fitted.coefs_[0]),
        _half(fitted.intercepts_[0]),
        _half(fitted.coefs_[1][:, 0]),
        float(fitted.intercepts_[1][0]),
    )


def _half(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    return np.asarray(values, np.float16).astype(np.float32)


def fit_tier(
    model: LinearTextModel,
    fit_rows: Sequence[Example],
    calibration: Sequence[Example],
    rows_for: RowsFor,
    thresholds: Thresholds,
    seed: int,
) -> SentenceTier:
    """Networks on ``fit_rows``, joint calibration and thresholds on ``calibration``."""
    fit_embeddings = embed_all([prepare(example.text).text for example in fit_rows])
    prepared = [prepare(example.text) for example in calibration]
    calibration_embeddings = embed_all([post.text for post in prepared])
    calibration_margins = model.margins(prepared)
    found = gated_cues(model, [row.text for row in calibration], calibration_margins)
    cues = cue_matrix(found or [])
    heads: list[SentenceHead] = []
    networks: list[Network] = []
    for column, label in enumerate(model.labels):
        chosen, y, w = rows_for(label)
        network = fit_network(fit_embeddings[chosen], y, w, seed)
        labelled = [i for i, row in enumerate(calibration) if getattr(row, label) is not None]
        y_cal = np.asarray([getattr(calibration[i], label) for i in labelled], np.int64)
        with_cues = bool(model.heads[column].cue_weights)
        both = np.column_stack(
            [
                calibration_margins[labelled, column],
                network.margins(calibration_embeddings[labelled]),
                *([cues[labelled]] if with_cues else []),
            ]
        )
        joint = LogisticRegression(C=10.0, max_iter=1000).fit(both, y_cal)
        ngram_weight, sentence_weight, *cue_weights = (float(value) for value in joint.coef_[0])
        offset = float(joint.intercept_[0])
        probabilities = joint.predict_proba(both)[:, 1]
        threshold, confident = thresholds(label, probabilities, y_cal)
        heads.append(
            SentenceHead(
                label,
                round(ngram_weight, 6),
                round(sentence_weight, 6),
                round(offset, 6),
                threshold,
                confident,
                tuple(round(weight, 4) for weight in cue_weights),
            )
        )
        networks.append(network)
    return SentenceTier(heads, networks)
