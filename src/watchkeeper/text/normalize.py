"""Fold text into one comparable form, and map matches back to the original.

Every post goes through here, so the common case (ASCII) takes a short path of
C-level string methods, and everything costly (Unicode tables, the confusables
data) is built on first use and cached. ``fold`` is what list entries and posts are
compared in; ``fold_with_offsets`` gives the same string plus, for every folded
character, where it came from, and runs only when a detector has found something
and needs an evidence span (its offset-carrying steps are in ``tracked``). Hashtag
and link extraction live in ``extract`` and are re-exported here.

Fold steps: per character, compatibility decomposition (fullwidth, mathematical
letters, ligatures), marks dropped (accents, Arabic harakat, tatweel, zero-width and
bidi controls), dashes unified; then, inside a word that mixes ASCII letters with
look-alike letters of another script, those letters become their Latin twins; then
case folding, Arabic letter variants unified (alef wasla to alef, alef maqsura and
Farsi yeh to yeh, keheh to kaf, teh marbuta to heh),
``_ - .`` between words turned into a space, whitespace collapsed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from watchkeeper.text import tracked
from watchkeeper.text.confusables import build_latin_table, is_latin_letter
from watchkeeper.text.extract import (
    Hashtag,
    UrlMatch,
    extract_hashtags,
    extract_urls_and_domains,
    is_domain,
    normalize_domain,
)

__all__ = [
    "FoldedText",
    "Hashtag",
    "UrlMatch",
    "extract_hashtags",
    "extract_urls_and_domains",
    "fold",
    "fold_leet",
    "fold_with_offsets",
    "hashtag_key",
    "is_domain",
    "may_be_leet",
    "normalize_domain",
    "split_camel",
    "term_word_spans",
    "term_words",
]

_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
_TATWEEL = "\u0640"
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-")
)
_ARABIC_VARIANTS = str.maketrans(
    {
        "\u0671": "\u0627",
        "\u0649": "\u064a",
        "\u06cc": "\u064a",
        "\u06a9": "\u0643",
        "\u0629": "\u0647",
    }
)

_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NON_ASCII_LETTER = re.compile(r"[^\W\x00-\x7f]")
# a whole word (run of letters and digits) holding both an ASCII letter and a non-ASCII
# letter or digit: the only words look-alikes can turn Latin. Matching them in the
# pattern, not in a callback per non-ASCII word, keeps all-Arabic posts cheap.
_MIXED_WORD = re.compile(r"(?<![^\W_])(?=[^\W_]*?[A-Za-z])(?=[^\W_]*?[^\W\x00-\x7f])[^\W_]+")
# ``_ - .`` between a letter and a letter or digit (or a digit and a letter); written
# to start with the separator itself so the regex engine can skip ahead to candidates.
_SEPARATOR = re.compile(
    r"[_.\-](?:(?<=[^\W\d_][_.\-])[_.\-]*(?=[^\W_])|(?<=\d[_.\-])[_.\-]*(?=[^\W\d_]))"
)
_SPACE_RUNS = re.compile(r"\s{2,}|[^\S ]")  # what " ".join(s.split()) changes
_NOT_KEY = re.compile(r"[\W_]+")
_TERM_WORD = re.compile(r"[^\W_]+")


def _clean(text: str) -> str:
    """Compatibility-decompose, drop marks and invisible controls, recompose."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        char
        for char in decomposed
        if char != _TATWEEL and unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return unicodedata.normalize("NFC", kept)


def _shape(char: str) -> str:
    """First per-character step: shapes unified, case kept (confusables need case)."""
    return _clean(char).translate(_DASHES)


def _case(char: str) -> str:
    """Second per-character step: case folded, Arabic letter variants unified."""
    return _clean(char.casefold()).translate(_ARABIC_VARIANTS)


class _CharTable(dict[int, str]):
    """A ``str.translate`` table that computes each character's mapping once."""

    def __init__(self, fold_char: Callable[[str], str]) -> None:
        super().__init__()
        self._fold_char = fold_char

    def __missing__(self, key: int) -> str:
        value = self._fold_char(chr(key))
        self[key] = value
        return value


@functools.cache
def _tables() -> tuple[_CharTable, _CharTable]:
    return _CharTable(_shape), _CharTable(_case)


@functools.cache
def _latin_tables() -> tuple[dict[int, str], dict[int, str]]:
    """The look-alike table as built (case kept), and with lower-case targets."""
    table = build_latin_table(_shape)
    return table, {key: target.lower() for key, target in table.items()}


def _unconfuse_word(match: re.Match[str], lower: bool = False) -> str:
    word = match.group()  # a word wholly in another script is never matched: a real word
    mapped = word.translate(_latin_tables()[lower])
    for char in mapped:
        if not char.isascii() and char.isalpha() and not is_latin_letter(char):
            return word  # a letter with no Latin twin: a genuine mixed word
    return mapped


def _unconfuse_lower(match: re.Match[str]) -> str:
    return _unconfuse_word(match, lower=True)


def _unconfuse(text: str, lower: bool = False) -> str:
    """Replace look-alike letters in words that otherwise read as Latin (1:1 in length)."""
    if not _NON_ASCII_LETTER.search(text) or not _ASCII_LETTER.search(text):
        return text
    return _MIXED_WORD.sub(_unconfuse_lower if lower else _unconfuse_word, text)


def fold(text: str) -> str:
    """The comparable form of ``text`` (see the module docstring for the steps)."""
    if text.isascii():
        folded = text.lower()
    else:  # ASCII maps to itself in both tables (the case table after lower())
        shape, case = _tables()
        folded = _unconfuse(text.translate(shape)).lower()
        if not folded.isascii():  # look-alikes again: some exist in one case only
            folded = _unconfuse(folded.translate(case), lower=True)
    folded = _SEPARATOR.sub(" ", folded)
    return " ".join(folded.split())


@dataclass(frozen=True, slots=True)
class FoldedText:
    """``fold(original)`` with, per folded character, the original span it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` behind the folded ``[start, end)`` (non-empty)."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"empty or out-of-range folded span {start}:{end}")
        return self.starts[start], self.ends[end - 1]


def fold_with_offsets(text: str) -> FoldedText:
    """``fold(text)`` plus offsets into ``text``; slower, for building evidence spans."""
    if text.isascii():
        staged, starts, ends = text.lower(), list(range(len(text))), list(range(1, len(text) + 1))
    else:
        shape, case = _tables()
        staged, starts, ends = tracked.map_chars(text, shape, mark_joins=True)
        staged, starts, ends = tracked.lower_then_map(_unconfuse(staged), starts, ends, case)
        staged = _unconfuse(staged, lower=True)
    staged, starts, ends = tracked.replace(_SEPARATOR, staged, starts, ends)
    staged, starts, ends = tracked.replace(_SPACE_RUNS, staged, starts, ends)
    return FoldedText(*tracked.strip_spaces(staged, starts, ends))


_LEET = str.maketrans("013457@$", "oieastas")
# a leet character after a letter, or (not @) before one; starts with the rare
# characters so the engine can skip ahead
_LEET_HINT = re.compile(r"[013457@$](?:(?<=[^\W\d].)|(?<=[013457$])(?=[^\W\d]))")
# a token that has a letter and a leet character and is not an @mention
_LEET_CANDIDATE = re.compile(r"(?<![\w@$])(?!@)(?=[\w@$]*[a-z])(?=[\w@$]*[013457@$])[\w@$]+")
_NUMBER_LIKE = re.compile(r"\d+[a-z]{1,2}|[a-z]{1,3}\d+")


def _unleet_token(match: re.Match[str]) -> str:
    token = match.group()
    if _NUMBER_LIKE.fullmatch(token):
        return token  # 1st, 10pm, 4k, mp3, g7: numbers and model names, not leetspeak
    letters = sum(char.isalpha() for char in token)
    if letters < len(token) - letters:
        return token  # mostly digits or symbols: not an alphabetic-looking word
    return token.translate(_LEET)


def may_be_leet(text: str) -> bool:
    """A quick test: could ``fold_leet`` change anything in (the fold of) ``text``?"""
    return _LEET_HINT.search(text) is not None


def fold_leet(folded: str) -> str:
    """Undo leetspeak (``k1ll`` -> ``kill``) in word-like tokens of already folded text.

    Same length as its input, so offsets from ``fold_with_offsets`` still apply.
    Returns ``folded`` itself when no token looks like leetspeak.
    """
    if not _LEET_HINT.search(folded):
        return folded
    return _LEET_CANDIDATE.sub(_unleet_token, folded)


def term_words(folded: str) -> list[str]:
    """The words of folded text, as term matching compares them."""
    return _TERM_WORD.findall(folded)


def term_word_spans(folded: str) -> list[tuple[int, int, str]]:
    """``term_words`` with each word's ``[start, end)`` in the folded text."""
    return [(match.start(), match.end(), match.group()) for match in _TERM_WORD.finditer(folded)]


@functools.lru_cache(maxsize=65_536)
def hashtag_key(tag: str) -> str:
    """One key for every spelling of a hashtag: folded, ``#``/``_``/spaces removed."""
    return _NOT_KEY.sub("", fold(tag))


def split_camel(tag: str) -> str:
    """A readable form of a hashtag: ``#TheConceptOfX`` -> ``The Concept Of X``."""
    words: list[str] = []
    for chunk in re.split(r"[_\-.\s]+", tag.lstrip("#\uff03")):
        current = ""
        for index, char in enumerate(chunk):
            prev = chunk[index - 1] if index else ""
            nxt = chunk[index + 1] if index + 1 < len(chunk) else ""
            boundary = (
                (prev.islower() and char.isupper())
                or (prev.isupper() and char.isupper() and nxt.islower())
                or (prev.isalpha() and char.isdigit())
                or (prev.isdigit() and char.isupper())
            )
            if boundary and current:
                words.append(current)
                current = ""
            current += char
        if current:
            words.append(current)
    return " ".join(words)
