"""Realistic usernames in bulk: distractors for the evaluation and the 1M benchmark.

An index holding only a few thousand real handles with distinct stems makes finding
a parent too easy: real suspended sets are crowded with similar names (``Abu…``,
``…news``, ``AdamHasakah7`` and ``AdamHasakah112``). So the suspended side of the
evaluation, and the benchmark's million accounts, are filled with names drawn from
real handles in three ways, which keeps their character n-gram statistics real:

* name parts recombined (``abu`` + ``haleema`` + ``28`` in one of the styles people
  use: CamelCase, under_score, lowercase), 60%; a name part is a word of at most 8
  letters found in at least two different real handles;
* a character 3-gram Markov chain trained on real handles, 35%;
* a real handle with a different number, 5% (someone else with the same name);
  the evaluation draws these from suspended handles only, so the crowd of same-stem
  names is among suspended accounts, not manufactured for the unrelated ones.
  ``bulk_names`` (the large-index evaluation and the 1M benchmark) draws none: a
  copy of *every* real handle's stem, rare ones included, at 5% of a million names
  would give most real users a suspended namesake, which is not what a suspended
  set looks like; recombined parts still recreate common stems (``abu_ahmad``) as
  often as the parts are common.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from watchkeeper.text.normalize import split_camel

__all__ = ["NameGenerator", "bulk_names"]

_WORD = re.compile(r"[A-Za-z]{2,}")
_MAX_WORD = 8


class NameGenerator:
    """Draws usernames that look like the real ones it was built from."""

    def __init__(
        self,
        handles: Sequence[str],
        rng: random.Random,
        renumber: Sequence[str] | None = None,
        renumber_share: float = 0.05,
    ) -> None:
        self.rng = rng
        self.renumber_share = renumber_share
        self.handles = list(renumber if renumber is not None else handles)
        seen: dict[str, set[str]] = defaultdict(set)
        for handle in handles:
            for word in _WORD.findall(split_camel(handle)):
                if len(word) <= _MAX_WORD:
                    seen[word.lower()].add(handle.lower())
        self.words = sorted(word for word, owners in seen.items() if len(owners) >= 2)
        chain: dict[str, list[str]] = defaultdict(list)
        for handle in handles:
            padded = f"^^{handle}$"
            for i in range(len(padded) - 2):
                chain[padded[i : i + 2]].append(padded[i + 2])
        self.chain = dict(chain)

    def _recombined(self) -> str:
        rng = self.rng
        parts = [rng.choice(self.words) for _ in range(rng.choice((1, 2, 2, 2, 3)))]
        style = rng.random()
        if style < 0.4:
            name = "".join(part.capitalize() for part in parts)
        elif style < 0.65:
            name = "_".join(parts)
        else:
            name = "".join(parts)
        if rng.random() < 0.5:
            name += str(rng.randint(0, 10 ** rng.choice((1, 2, 3)) - 1))
        return name[:15]

    def _markov(self) -> str:
        out = "^^"
        while len(out) < 17:
            following = self.chain.get(out[-2:])
            if not following:
                break
            char = self.rng.choice(following)
            if char == "$":
                break
            out += char
        return out[2:] or self._recombined()

    def _renumbered(self) -> str:
        handle = re.sub(r"\d+$", "", self.rng.choice(self.handles)) or "user"
        return f"{handle}{self.rng.randint(0, 999)}"[:15]

    def name(self) -> str:
        pick = self.rng.random()  # recombined : Markov stay 60 : 35 whatever the share
        if pick < 0.6 / 0.95 * (1.0 - self.renumber_share):
            return self._recombined()
        if pick < 1.0 - self.renumber_share:
            return self._markov()
        return self._renumbered()

    def names(self, count: int) -> Iterator[str]:
        for _ in range(count):
            name = self.name()
            yield name if len(name) >= 2 else name + "x"


def bulk_names(
    handles: Sequence[str], count: int, rng: random.Random, taken: set[str]
) -> list[str]:
    """``count`` drawn names for a large distractor index (the 1M-scale evaluation).

    A drawn name whose letters (``taken``: lower case, digits, underscores and repeated
    letters removed) equal a real handle's is kept only when it ends in digits: then it
    is someone else with the same name and another number, which a large suspended
    set really holds; without digits it would be the real handle itself.
    """
    generator = NameGenerator(handles, rng, renumber_share=0.0)
    found: list[str] = []
    while len(found) < count:
        name = generator.name()
        key = re.sub(r"(.)\1+", r"\1", re.sub(r"[\d_]+", "", name.lower()))
        if len(name) >= 2 and (key not in taken or name[-1].isdigit()):
            found.append(name)
    return found
