"""Usernames reduced to the keys that survive the ways evaders change them.

Suspended users come back as ``name041`` after ``name040``, ``lNSlDER`` after
``INSIDER``, ``wayff44rer`` after ``wayf44rer``, ``Abdul__05`` after ``Abdul05``, or
with an Arabic display name that reads like the old Latin handle. Comparing raw
strings misses most of these and comparing loosely flags everyone called ``mike``.
So each name is reduced step by step, and every step's result is kept, so the
scorer can say *which* change separates two names and how much evidence the shared
part carries:

``plain``      folded (``watchkeeper.text.fold``: case, Unicode look-alikes from other
               scripts), other scripts transliterated to Latin (``anyascii``), only
               letters and digits kept;
``lead``/``trail``  the digit runs at either end (the "numbered successor" part);
``stem``       the middle, with leetspeak undone (``watchkeeper.text.fold_leet``) and
               the ASCII look-alikes that case folding leaves ambiguous merged into
               one letter (``I``/``l``/``1`` -> ``l``, ``rn`` -> ``m``, ``vv`` -> ``w``);
``collapsed``  the stem with repeated letters written once (``BintSaaand``);
``consonants`` the collapsed letters without vowels (``a e i o u w y``), which is
               what an Arabic name and its many Latin spellings have in common
               (``ابو محمد`` -> ``bw mhmd`` -> ``bmhmd`` = ``abumuhammad``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from anyascii import anyascii

from watchkeeper.text.normalize import fold, fold_leet

__all__ = ["NameKeys", "name_keys", "numbers_close", "pack_keys", "transliterate", "unpack_keys"]

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_EDGE_DIGITS = re.compile(r"^([0-9]*)(.*?)([0-9]*)$", re.DOTALL)
_REPEATS = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouwy]+")
# ASCII letters that look alike once case is gone: capital I and small l (and the
# digit 1, which leetspeak has already turned into i), rn and m, vv and w.
_LOOKALIKE = str.maketrans({"i": "l"})
_LOOKALIKE_PAIRS = (("rn", "m"), ("vv", "w"))
_MAX_NAME = 256


def transliterate(text: str) -> str:
    """Fold ``text`` and write any non-Latin script in Latin letters (lower case).

    Arabic comes out as consonants with ``w``/``y`` for long vowels (``محمد`` ->
    ``mhmd``), which is why matching across scripts goes through ``consonants``.
    Hamza and ayn (written ``'`` and a backtick) are dropped.
    """
    folded = fold(text)
    if folded.isascii():
        return folded
    return anyascii(folded).lower().replace("'", "").replace("`", "")


@dataclass(frozen=True, slots=True)
class NameKeys:
    """One name's comparable forms (see the module docstring)."""

    original: str
    plain: str
    lead: str
    trail: str
    stem: str
    collapsed: str
    consonants: str

    @property
    def skeleton(self) -> str:
        """The name with look-alikes and leetspeak undone, digit runs kept."""
        return f"{self.lead}{self.stem}{self.trail}"

    @property
    def number(self) -> int | None:
        """The trailing digit run as a number, else the leading one, else None."""
        run = self.trail or self.lead
        return int(run[:18]) if run else None

    @property
    def all_digits(self) -> bool:
        return self.plain.isdigit()


def _lookalikes(core: str) -> str:
    merged = core.translate(_LOOKALIKE)
    for pair, single in _LOOKALIKE_PAIRS:
        if pair in merged:
            merged = merged.replace(pair, single)
    return merged


@functools.lru_cache(maxsize=131_072)
def name_keys(name: str) -> NameKeys:
    """Every key of a username or display name (cached: the index asks often)."""
    plain = _NOT_ALNUM.sub("", transliterate(name[:_MAX_NAME]))
    match = _EDGE_DIGITS.match(plain)
    assert match is not None  # the pattern matches any string
    lead, core, trail = match.groups()
    if not core and lead:  # all digits: keep them as the stem, nothing is a "number"
        core, lead = lead, ""
    unleeted = fold_leet(core) if core else core
    stem = _lookalikes(unleeted)
    collapsed = _REPEATS.sub(r"\1", stem)
    consonants = _REPEATS.sub(r"\1", _VOWELS.sub("", _REPEATS.sub(r"\1", unleeted)))
    return NameKeys(
        original=name,
        plain=plain,
        lead=lead,
        trail=trail,
        stem=stem,
        collapsed=collapsed,
        consonants=consonants,
    )


_PACK_SEPARATOR = "\x1f"  # never in a key: every key holds only ASCII letters and digits


def pack_keys(keys: NameKeys) -> str:
    """One compact string holding ``keys`` (all but ``original``), for ``unpack_keys``.

    The index keeps this per suspended account, so scoring a candidate does not redo
    the normalization (the slowest part of looking at a candidate).
    """
    return _PACK_SEPARATOR.join(
        (keys.plain, keys.lead, keys.trail, keys.stem, keys.collapsed, keys.consonants)
    )


def unpack_keys(original: str, packed: str) -> NameKeys:
    """The ``NameKeys`` of ``original`` from its ``pack_keys`` string."""
    plain, lead, trail, stem, collapsed, consonants = packed.split(_PACK_SEPARATOR)
    return NameKeys(original, plain, lead, trail, stem, collapsed, consonants)


def numbers_close(a: NameKeys, b: NameKeys, within: int = 3) -> bool:
    """Both names carry a number at the same end and the numbers differ by 1..within."""
    for left, right in ((a.trail, b.trail), (a.lead, b.lead)):
        if left and right and left != right:
            return 0 < abs(int(left[:18]) - int(right[:18])) <= within
    return False
