"""The lookup keys an account is filed under, as integers the index can sort and search.

The index must answer in milliseconds over a million suspended accounts and be
saved without pickle, so every key is reduced to a number: exact keys (collapsed
stem, consonant skeleton, full skeleton) to a stable 64-bit BLAKE2b digest (Python's
``hash`` changes per process), and character trigrams of the collapsed stem to the
24-bit integer of their three ASCII bytes (the stems are ASCII by construction).
A hash collision only adds a candidate that the scorer then rejects.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from watchkeeper.evasion.names import NameKeys

__all__ = ["EXACT_KINDS", "FiledKeys", "filed_keys", "key_hash", "trigrams"]

EXACT_KINDS: tuple[str, ...] = ("collapsed", "consonants", "skeleton")
_MIN_LENGTH = {"collapsed": 2, "consonants": 3, "skeleton": 2}


def key_hash(kind: str, value: str) -> int:
    """Stable unsigned 64-bit digest of one exact key."""
    digest = hashlib.blake2b(f"{kind}\x1f{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def trigrams(collapsed: str) -> list[int]:
    """Distinct padded character trigrams of a collapsed stem, as 24-bit integers."""
    if not collapsed:
        return []
    raw = f"^{collapsed}$".encode("ascii", "replace")
    return list({(raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2] for i in range(len(raw) - 2)})


@dataclass(frozen=True, slots=True)
class FiledKeys:
    """Every exact key hash (per kind) and trigram a name is filed under."""

    exact: dict[str, list[int]]
    grams: list[int]


def filed_keys(*names: NameKeys | None) -> FiledKeys:
    """Keys of a username and, optionally, a display name (filed for the same account)."""
    exact: dict[str, list[int]] = {kind: [] for kind in EXACT_KINDS}
    grams: set[int] = set()
    for keys in names:
        if keys is None:
            continue
        values = {"collapsed": keys.collapsed, "consonants": keys.consonants}
        values["skeleton"] = keys.skeleton
        for kind, value in values.items():
            if len(value) >= _MIN_LENGTH[kind]:
                digest = key_hash(kind, value)
                if digest not in exact[kind]:
                    exact[kind].append(digest)
        grams.update(trigrams(keys.collapsed))
    return FiledKeys(exact=exact, grams=sorted(grams))
