"""Scores texts with alt-profanity-check, inside its own venv (see ``peer_protocol``).

alt-profanity-check is the library people reach for to filter "bad" English text. Its
one probabilistic output, ``predict_prob``, is the probability that a text is
offensive/profane (column 1 of its linear SVM's calibrated ``predict_proba``); it has
no threat or violence label, so that probability is what we compare as its threat
score. The module loads its vectorizer and model at import time.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from peer_protocol import Scorer, serve


def load() -> Scorer:
    """Import the package (which loads its model) and return a batch scorer."""
    profanity_check = importlib.import_module("profanity_check")

    def score(texts: Sequence[str]) -> list[float]:
        return [float(p) for p in profanity_check.predict_prob(list(texts))]

    return score


if __name__ == "__main__":
    serve(load)
