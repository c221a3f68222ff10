"""The table that turns Latin look-alikes from other scripts back into Latin letters.

Suspended accounts and blocked hashtags come back with a Cyrillic ``o`` (U+043E) or a
Greek ``v`` (nu, U+03BD) in place of a Latin letter. Unicode's confusables data (bundled with the
``confusable_homoglyphs`` package) says which letters look like which; we keep only
the pairs "non-ASCII letter -> one ASCII letter", because those are the ones that let
a word pass as Latin. Loading that data costs tens of milliseconds, so the table is
built on first use and cached, never at import.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

_DIRECTION_MARKS = "\u200e\u200f"


def _ascii_letter(char: str) -> bool:
    return len(char) == 1 and char.isascii() and char.isalpha()


def _candidate_pairs(data: dict[str, list[dict[str, str]]]) -> dict[str, set[str]]:
    """Every (non-ASCII letter, ASCII letter) pair the data lists, in either direction."""
    pairs: dict[str, set[str]] = {}
    for key, entries in data.items():
        for entry in entries:
            other = entry["c"].strip(_DIRECTION_MARKS)
            for source, target in ((key, other), (other, key)):
                if (
                    len(source) == 1
                    and not source.isascii()
                    and unicodedata.category(source).startswith("L")
                    and _ascii_letter(target)
                ):
                    pairs.setdefault(source, set()).add(target)
    return pairs


def build_latin_table(clean: Callable[[str], str]) -> dict[int, str]:
    """Map each look-alike letter (as ``clean`` leaves it) to its ASCII letter.

    ``clean`` is the per-character normalization that runs before this table is
    applied (compatibility folding, marks dropped, case kept), so the keys are the
    characters that can actually reach it. When several source letters clean to the
    same character, the character's own entry wins; ties go to the smallest target.
    """
    from confusable_homoglyphs import confusables  # deferred: loads ~1 MB of JSON

    pairs = _candidate_pairs(confusables.confusables_data)
    own: dict[str, str] = {}
    derived: dict[str, str] = {}
    for source, targets in pairs.items():
        cleaned = clean(source)
        if len(cleaned) != 1 or cleaned.isascii():
            continue
        target = min(targets)
        if cleaned == source:
            own[cleaned] = target
        else:
            derived.setdefault(cleaned, target)
    merged = {**derived, **own}
    return {ord(char): target for char, target in merged.items()}


@functools.cache
def _latin_names() -> dict[str, bool]:
    return {}


def is_latin_letter(char: str) -> bool:
    """True for a letter of the Latin script (``ł``, ``ø``, ``ß``…), cached per letter."""
    cache = _latin_names()
    known = cache.get(char)
    if known is None:
        known = unicodedata.name(char, "").startswith("LATIN ")
        cache[char] = known
    return known
