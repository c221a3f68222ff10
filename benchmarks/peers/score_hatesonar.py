"""Scores texts with hatesonar, inside its own venv (see ``peer_protocol``).

hatesonar (0.1.x) ships a TF-IDF + logistic-regression model, trained on the Davidson
et al. (2017) tweets and exported to ONNX, with three classes: ``hate_speech``,
``offensive_language`` and ``neither``. None of them is "threat"; ``hate_speech``
(attacks on a group, which in that data includes calls for violence against it) is the
closest, while ``offensive_language`` is mostly profanity, so its ``hate_speech``
probability is the threat score we compare.

We call the public ``Sonar.ping`` one text at a time: handing its ONNX session a whole
batch gives the same probabilities but was slower on our 2-core machine (about 1,100 to
1,600 texts/s against 1,900 to 3,100), so one at a time is the peer's best case.

One departure, which changes no score: the graph's StringNormalizer (lower-casing)
asks the C library for the ``en_US.UTF-8`` locale, and onnxruntime refuses to load the
model on machines that have not generated it (Debian and most containers). If
``Sonar()`` fails for that reason we hand ``Sonar`` a temporary copy of the graph whose
node asks for ``C.UTF-8`` instead, which glibc always has and which lower-cases the
same letters.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from peer_protocol import Scorer, serve

HATE_SPEECH = "hate_speech"
FALLBACK_LOCALE = "C.UTF-8"


def _relocalized_model(model_file: Path, locale: str, directory: Path) -> Path:
    """Write a copy of the ONNX graph whose StringNormalizer nodes use ``locale``."""
    onnx = importlib.import_module("onnx")
    model = onnx.load(str(model_file))
    for node in model.graph.node:
        if node.op_type == "StringNormalizer":
            kept = [a for a in node.attribute if a.name != "locale"]
            del node.attribute[:]
            node.attribute.extend([*kept, onnx.helper.make_attribute("locale", locale)])
    patched = directory / "model.onnx"
    onnx.save(model, str(patched))
    return patched


def load() -> Scorer:
    """Build hatesonar's ``Sonar`` (on a re-localized graph if needed); return a scorer."""
    api = importlib.import_module("hatesonar.api")
    try:
        sonar = api.Sonar()
    except Exception as error:
        if "locale" not in str(error):
            raise
        print(f"hatesonar: en_US.UTF-8 missing, using {FALLBACK_LOCALE}", file=sys.stderr)
        with tempfile.TemporaryDirectory() as directory:
            sonar = api.Sonar(
                _relocalized_model(api.DEFAULT_MODEL_FILE, FALLBACK_LOCALE, Path(directory))
            )
    if HATE_SPEECH not in sonar.mapping.values():
        raise SystemExit(f"hatesonar's classes changed: {sonar.mapping}")

    def score(texts: Sequence[str]) -> list[float]:
        return [float(_hate_speech(sonar.ping(text))) for text in texts]

    return score


def _hate_speech(result: Any) -> Any:
    """The ``hate_speech`` confidence in one ``Sonar.ping`` result."""
    for entry in result["classes"]:
        if entry["class_name"] == HATE_SPEECH:
            return entry["confidence"]
    raise KeyError(HATE_SPEECH)


if __name__ == "__main__":
    serve(load)
