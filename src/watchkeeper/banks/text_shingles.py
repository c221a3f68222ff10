"""Turn a statement or a post into hashed word n-grams that survive small edits.

A re-posted propaganda statement is rarely byte-identical: case changes, accents and
harakat are added, a Latin letter is swapped for its Cyrillic twin, hamza forms of
alef vary, links and @mentions differ, hashtags are tacked on. Every text, bank entry
and post alike, therefore goes through the project's one fold
(``watchkeeper.text.normalize.fold``: confusables, marks, case, Arabic letter
variants) and ``fold_leet`` before being cut into words; links and mentions are
blanked first (same length, so offsets survive) because they are the part of a
re-post that always changes. The keys that are hashed go further than ``fold_leet``,
which must leave ``4nd``, ``hi5`` and ``0f`` alone because a person reads the result:
here every digit 0/1/3/4/5/7 in a word that is not all digits is read as a letter,
``l`` as ``i`` (``ISLAMlC``: the one look-alike pair inside ASCII that fold leaves
alone), and a doubled or stretched letter is one letter (``ciiiity``, ``Alah``). Bank
and post get the same keys, so this only merges words that differ just there
(``good``/``god``): rare, and rarer within a three-word shingle.

Words are ``[^\\W_]+`` runs, except in scripts written without spaces (Han, kana,
Thai, Lao, Khmer, Myanmar, Tibetan), where each character is a word, so the same
word n-grams are character n-grams there. Each word is hashed once (blake2b, stable
across processes, so a saved index stays valid) and n consecutive word hashes are
combined in numpy into one 64-bit shingle hash.

The fast path (``shingle``) never builds offsets; ``token_spans`` repeats the same
steps with ``fold_with_offsets`` for the few posts that matched, so a match can be
shown as the words the user actually wrote.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from watchkeeper.text.normalize import fold, fold_leet, fold_with_offsets

__all__ = ["KEYS_VERSION", "SHINGLE_WORDS", "Shingled", "shingle", "token_spans", "tokens"]

KEYS_VERSION = 1
"""Bump whenever a change here changes any text's hashes: saved indexes must be rebuilt."""
SHINGLE_WORDS = 3
"""Words per shingle: one changed word breaks at most this many shingles."""

U64 = NDArray[np.uint64]

_BLANKED = re.compile(
    r"(?:https?://|www\.|pic\.twitter\.com/)\S+|(?<![\w@])@\w+|^\s*RT\b\s*:?", re.IGNORECASE
)
_WORD = re.compile(r"[^\W_]+")
_UNSPACED_CHAR = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
_UNSPACED_SPLIT = re.compile(
    _UNSPACED_CHAR.pattern + "|" + r"(?:(?!" + _UNSPACED_CHAR.pattern + r")[^\W_])+"
)
_LETTER_RUN = re.compile(r"([^\W\d_])\1+")
_LEET_DIGIT = re.compile("[013457]")
_LEET_WORD = re.compile(r"[^\W_]*[013457][^\W_]*")
_LEET = str.maketrans("013457", "oieast")
# odd 64-bit multipliers, one per position in a shingle (position 0 is the first word)
_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _folded(text: str) -> str:
    """What words are cut from: links/mentions blanked, folded, leetspeak undone."""
    return fold_leet(fold(_BLANKED.sub(_blank, text)))


def _word_matches(folded: str) -> list[re.Match[str]]:
    found = list(_WORD.finditer(folded))
    if folded.isascii() or not _UNSPACED_CHAR.search(folded):
        return found
    split: list[re.Match[str]] = []
    for match in found:
        if _UNSPACED_CHAR.search(match.group()):
            split.extend(_UNSPACED_SPLIT.finditer(folded, match.start(), match.end()))
        else:
            split.append(match)
    return split


def _unleet(match: re.Match[str]) -> str:
    word = match.group()
    return word if word.isdecimal() else word.translate(_LEET)


def _keys(words: str) -> str:
    """Keys for hashing, same word boundaries: leet digits, ``l``, letter runs."""
    if _LEET_DIGIT.search(words):
        words = _LEET_WORD.sub(_unleet, words)
    return _LETTER_RUN.sub(r"\1", words.replace("l", "i"))


def tokens(text: str) -> list[str]:
    """The normalized words of ``text``, as they are hashed."""
    folded = _folded(text)
    if folded.isascii() or not _UNSPACED_CHAR.search(folded):
        # nothing _keys changes crosses a word boundary: one pass gives the same words
        return _WORD.findall(_keys(folded))
    return [_keys(match.group()) for match in _word_matches(folded)]


@functools.lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@dataclass(frozen=True, slots=True)
class Shingled:
    """A text's shingle hashes in word order (shingle ``i`` starts at word ``i``)."""

    hashes: U64
    words: int
    chars: int
    """Length of the normalized words joined by single spaces."""


def shingle(text: str, size: int = SHINGLE_WORDS) -> Shingled:
    """Hash every run of ``size`` consecutive normalized words of ``text``."""
    words = tokens(text)
    chars = sum(map(len, words)) + max(len(words) - 1, 0)
    if len(words) < size:
        return Shingled(np.empty(0, dtype=np.uint64), len(words), chars)
    word_hashes = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    count = len(words) - size + 1
    hashes = word_hashes[:count] * _MULTIPLIERS[0]
    for offset in range(1, size):
        hashes += word_hashes[offset : offset + count] * _MULTIPLIERS[offset]
    hashes ^= hashes >> np.uint64(29)
    return Shingled(hashes, len(words), chars)


def token_spans(text: str) -> list[tuple[int, int]]:
    """Each word's ``[start, end)`` in ``text`` itself, in the order ``tokens`` gives."""
    located = fold_with_offsets(_BLANKED.sub(_blank, text))
    folded = fold_leet(located.text)
    return [located.original_span(m.start(), m.end()) for m in _word_matches(folded)]
