"""How much evidence a shared name stem carries: its surprisal under a model of real usernames.

Two accounts both called ``gunsandcoffee…`` are almost surely one person; two called
``mike…`` are not. What separates them is how predictable the stem is among real
usernames. We ship a character-trigram model of real usernames' collapsed stems
(``name_stats.json``, built by ``training/train_evasion.py`` from the training split
of @handles in the public sets, counts only, no names) and measure a stem in bits:
``-log2 P(stem)`` with add-k smoothing. A common first name scores ~15 bits, an
unusual compound ~50. The measure does not depend on how many accounts an operator
has suspended, so a model trained on a small index behaves the same on a large one.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["StemModel", "default_stem_model", "stem_bits", "use_stem_model"]

_ALPHABET = 38  # a-z, 0-9 and the two boundary marks
_K = 0.1


@dataclass(frozen=True)
class StemModel:
    """Trigram and bigram-context counts of collapsed username stems."""

    trigrams: dict[str, int]
    contexts: dict[str, int]

    @classmethod
    def from_json(cls, data: dict[str, object]) -> StemModel:
        trigrams = data.get("trigrams")
        contexts = data.get("contexts")
        if not isinstance(trigrams, dict) or not isinstance(contexts, dict):
            raise ValueError("stem model: expected 'trigrams' and 'contexts' objects")
        return cls(
            trigrams={str(key): int(value) for key, value in trigrams.items()},
            contexts={str(key): int(value) for key, value in contexts.items()},
        )

    @classmethod
    def load(cls, path: Path) -> StemModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def bits(self, stem: str) -> float:
        """Surprisal of ``stem`` (bits); 0 for an empty stem."""
        if not stem:
            return 0.0
        padded = f"^^{stem}$"
        total = 0.0
        for i in range(len(padded) - 2):
            context = padded[i : i + 2]
            count = self.trigrams.get(padded[i : i + 3], 0)
            total -= math.log2((count + _K) / (self.contexts.get(context, 0) + _K * _ALPHABET))
        return total


_OVERRIDE: list[StemModel] = []


def use_stem_model(model: StemModel | None) -> None:
    """Use ``model`` instead of the shipped one (None: back to shipped); for training."""
    _OVERRIDE[:] = [model] if model is not None else []
    stem_bits.cache_clear()


@functools.cache
def _shipped() -> StemModel:
    text = resources.files("watchkeeper.evasion").joinpath("name_stats.json").read_text("utf-8")
    return StemModel.from_json(json.loads(text))


def default_stem_model() -> StemModel:
    """The model in use: the shipped one (loaded on first use) unless overridden."""
    return _OVERRIDE[0] if _OVERRIDE else _shipped()


@functools.lru_cache(maxsize=65_536)
def stem_bits(stem: str) -> float:
    """Surprisal of ``stem`` under the shipped model."""
    return default_stem_model().bits(stem)
