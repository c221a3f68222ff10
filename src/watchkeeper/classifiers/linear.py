"""The shipped text classifiers: linear weights over hashed n-grams, calibrated per label.

A model is two files next to each other: ``<name>.npz`` with one weight column per
label (float16, read without pickle) and ``<name>.json`` with the feature spec, the
labels, their intercepts, Platt calibration and default thresholds. Scoring a batch is
one sparse-dense product; explaining a flagged post re-hashes its words alone to say
which ones pushed the score up.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from watchkeeper.classifiers.features import (
    FeatureSpec,
    bigram_column,
    feature_pairs,
    project,
    tokens,
    word_column,
)
from watchkeeper.classifiers.prepare import Prepared

FORMAT = "watchkeeper-linear-text/1"


@dataclass(frozen=True)
class LabelHead:
    """One label's intercept, Platt calibration (p = sigmoid(a*margin + b)) and thresholds."""

    name: str
    intercept: float
    platt_a: float
    platt_b: float
    threshold: float
    """Flag from here (best F1 on the calibration rows)."""
    confident: float = 1.0
    """From here, precision on the calibration rows was at least ``CONFIDENT_PRECISION``."""
    cue_weights: tuple[float, ...] = ()
    """Added to the calibrated logit per threat cue present (``cues.CUE_FEATURES`` order)."""
    cue_gate: float = float("-inf")
    """Cues are read only for posts whose margin reaches this (cue-free posts: all zero)."""


@dataclass(frozen=True)
class Contribution:
    """A word or word pair of the prepared text and how much it raised the margin."""

    text: str
    weight: float


class LinearTextModel:
    """Calibrated per-label scores and explanations for prepared posts."""

    def __init__(
        self, spec: FeatureSpec, heads: Sequence[LabelHead], weights: npt.NDArray[np.float32]
    ) -> None:
        if weights.shape != (spec.columns, len(heads)):
            raise ValueError(
                f"weights have shape {weights.shape}, expected {(spec.columns, len(heads))}"
            )
        self.spec = spec
        self.heads = tuple(heads)
        self.weights = weights
        self._slope = np.array([head.platt_a for head in heads], np.float64)
        self._offset = np.array([head.platt_b for head in heads], np.float64)
        self._intercepts = np.array([head.intercept for head in heads], np.float64)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(head.name for head in self.heads)

    def margins(self, posts: Sequence[Prepared]) -> npt.NDArray[np.float64]:
        """Uncalibrated decision values, one row per post, one column per label."""
        if not posts:
            return np.zeros((0, len(self.heads)))
        margins: npt.NDArray[np.float64] = project(posts, self.spec, self.weights)
        return margins + self._intercepts

    @property
    def uses_cues(self) -> bool:
        """Does any label's calibration read threat cues (``cue_features``)?"""
        return any(head.cue_weights for head in self.heads)

    def cue_gate(self, margins: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        """Which posts (rows of ``margins``) need their threat cues read."""
        gate = np.zeros(margins.shape[0], bool)
        for column, head in enumerate(self.heads):
            if head.cue_weights:
                gate |= margins[:, column] >= head.cue_gate
        return gate

    def calibrate(
        self, margins: npt.NDArray[np.float64], cues: npt.NDArray[np.float64] | None = None
    ) -> npt.NDArray[np.float64]:
        """Probabilities from ``margins`` and (rows of ``cues.cue_features``, zero = none)."""
        logits = margins * self._slope + self._offset
        if cues is not None:
            add_cue_logits(logits, [head.cue_weights for head in self.heads], cues)
        return 1.0 / (1.0 + np.exp(-logits))

    def probabilities(
        self, posts: Sequence[Prepared], cues: npt.NDArray[np.float64] | None = None
    ) -> npt.NDArray[np.float64]:
        """Calibrated probabilities, one row per post, one column per label.

        ``cues`` (one row of ``cues.cue_features`` per post) is required when the model
        ``uses_cues``; it shifts the logit of the labels calibrated with cues.
        """
        if self.uses_cues and (cues is None or cues.shape[0] != len(posts)):
            raise ValueError("this model's calibration needs one row of cue features per post")
        return self.calibrate(self.margins(posts), cues)

    def explain(self, post: Prepared, label: str, top: int = 3) -> list[Contribution]:
        """The words and word pairs that raised ``label``'s score most, strongest first."""
        return self.explain_many([post], label, top)[0]

    def explain_many(
        self, posts: Sequence[Prepared], label: str, top: int = 3
    ) -> list[list[Contribution]]:
        """``explain`` for every post, hashing all their words in one batched call.

        Each word and each pair of neighbouring words is scored alone, in its post's
        language block, by the sum of its n-grams' weights. One call for a batch's
        flagged posts costs a fraction of one call per post (NumPy's fixed cost per
        call dominates a post's few dozen pieces), and a word or pair that several of
        the posts share is scored once.
        """
        column = self.labels.index(label)
        bits = self.spec.bits
        per_post: list[tuple[list[str], list[int]]] = []
        pieces: dict[tuple[str, str], int] = {}  # (text, language): a row scored once
        # each new piece's word channel, as word_hashes would give it for its text
        word_rows: list[int] = []
        word_columns: list[int] = []
        unigrams: dict[str, int] = {}
        for post in posts:
            words = tokens(post.text)
            lang = post.lang
            texts: list[str] = []
            at: list[int] = []
            for word in dict.fromkeys(words):
                row = pieces.get((word, lang))
                if row is None:
                    row = pieces[word, lang] = len(pieces)
                    if word not in unigrams:
                        unigrams[word] = word_column(word.encode(), bits)
                    word_rows.append(row)
                    word_columns.append(unigrams[word])
                texts.append(word)
                at.append(row)
            seen: set[str] = set()
            for first, second in itertools.pairwise(words):
                text = f"{first} {second}"
                if text in seen:
                    continue
                seen.add(text)
                row = pieces.get((text, lang))
                if row is None:
                    row = pieces[text, lang] = len(pieces)
                    word_rows += (row, row, row)
                    word_columns += (
                        unigrams[first],
                        unigrams[second],
                        bigram_column(first.encode(), second.encode(), bits),
                    )
                texts.append(text)
                at.append(row)
            per_post.append((texts, at))
        if not pieces:
            return [[] for _ in posts]
        words_channel = (np.asarray(word_rows, np.int64), np.asarray(word_columns, np.int64))
        prepared = [Prepared(text, "", lang) for text, lang in pieces]
        rows, columns = feature_pairs(prepared, self.spec, words_channel)
        weights = np.take(self.weights[:, column], columns).astype(np.float64)
        sums = np.asarray(np.bincount(rows, weights, len(prepared)), np.float64)
        return [_strongest(candidates, sums[at], top) for candidates, at in per_post]

    def save(self, path: Path) -> None:
        """Write ``path.npz`` (weights) and ``path.json`` (everything else)."""
        np.savez_compressed(path.with_suffix(".npz"), weights=self.weights.astype(np.float16))
        meta = {
            "format": FORMAT,
            "spec": asdict(self.spec),
            "heads": [asdict(head) for head in self.heads],
        }
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearTextModel:
        """Read a model saved by ``save`` (no pickle involved)."""
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path.with_suffix('.json')}: not a {FORMAT} model")
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as stored:
            weights = stored["weights"].astype(np.float32)
        heads = [
            LabelHead(**{**head, "cue_weights": tuple(head.get("cue_weights", ()))})
            for head in meta["heads"]
        ]
        return cls(FeatureSpec(**meta["spec"]), heads, weights)


def add_cue_logits(
    logits: npt.NDArray[np.float64],
    cue_weights: Sequence[tuple[float, ...]],
    cues: npt.NDArray[np.float64],
) -> None:
    """Add each column's cue weights (``cues.CUE_FEATURES`` order) times ``cues``, in place.

    A column with no cue weights is left as it is.
    """
    for column, weights in enumerate(cue_weights):
        if weights:
            logits[:, column] += cues @ np.asarray(weights, np.float64)


def _strongest(
    candidates: Sequence[str], scores: npt.NDArray[np.float64], top: int
) -> list[Contribution]:
    """Up to ``top`` positive candidates, strongest first, none inside another chosen one."""
    chosen: list[Contribution] = []
    for index in np.argsort(-scores, kind="stable"):
        text, weight = candidates[index], float(scores[index])
        if weight <= 0 or len(chosen) >= top:
            break
        if any(text in kept.text or kept.text in text for kept in chosen):
            continue
        chosen.append(Contribution(text, round(weight, 4)))
    return chosen
