"""The file protocol every peer script speaks, so ``peer_models`` can drive any of them.

Peer classifiers live in their own virtual environments (their pinned scikit-learn,
numpy and onnxruntime clash with ours), so they are scored out of process. This module
runs INSIDE a peer's venv and therefore uses the standard library only. A peer script
supplies one ``load`` function; ``serve`` does the rest:

    python score_PEER.py TEXTS.json RESULT.json [BATCH_SIZE]

``TEXTS.json`` holds a JSON list of strings. ``RESULT.json`` receives
``{"scores": [float, ...], "seconds": s, "load_seconds": s}``: one score per text in
order, the pure scoring time (model already loaded and warmed up on one text), and the
time to import the package and load its model. Results go to a file, not stdout,
because some libraries print to stdout while they load.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence

Scorer = Callable[[Sequence[str]], list[float]]


def serve(load: Callable[[], Scorer]) -> None:
    """Read the texts, load the model, score in batches and write the result file."""
    if len(sys.argv) not in (3, 4):
        sys.exit(f"usage: {sys.argv[0]} TEXTS.json RESULT.json [BATCH_SIZE]")
    batch_size = int(sys.argv[3]) if len(sys.argv) == 4 else 1000
    with open(sys.argv[1], encoding="utf-8") as handle:
        texts = json.load(handle)
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        sys.exit("TEXTS.json must hold a JSON list of strings")

    started = time.perf_counter()
    scorer = load()
    scorer(texts[:1] or ["warm-up"])  # lazy initialisation counts as loading
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    scores: list[float] = []
    for start in range(0, len(texts), batch_size):
        scores.extend(scorer(texts[start : start + batch_size]))
    seconds = time.perf_counter() - started

    result = {"scores": scores, "seconds": seconds, "load_seconds": load_seconds}
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(result, handle)
