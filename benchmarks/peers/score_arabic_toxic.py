"""Scores texts with arabic-toxic, inside its own venv (see ``peer_protocol``).

arabic-toxic is a multi-label Arabic classifier (Appearance, Cussing, Hatred, NOT,
Racial, Sexual, Violence). Its ``Violence`` label is the one that means threats and
calls to violence, so its probability is the threat score we compare. The public
``predict_proba`` returns percentages rounded to three decimals; we divide by 100 to
get a probability in [0, 1] (the rounding is far finer than any threshold).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from peer_protocol import Scorer, serve

LABEL = "Violence"


def load() -> Scorer:
    """Import the package, load its model bundle and return a batch scorer."""
    arabic_toxic = importlib.import_module("arabic_toxic.classifier")
    if LABEL not in arabic_toxic.labels():  # also loads the joblib bundle
        raise SystemExit(f"arabic-toxic has no {LABEL!r} label: {arabic_toxic.labels()}")

    def score(texts: Sequence[str]) -> list[float]:
        rows = arabic_toxic.predict_proba(list(texts))
        return [float(row[LABEL]) / 100.0 for row in rows]

    return score


if __name__ == "__main__":
    serve(load)
