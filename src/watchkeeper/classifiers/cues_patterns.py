# ruff: noqa: RUF001
"""Turn the cue lexicon's phrase syntax into regular expressions over folded text.

The lexicon (``cues_lexicon``) is written for people; this module owns how one of
its phrases reads as a pattern: words folded exactly as posts are, Arabic words with
their attached prefixes and endings, optional and any-word slots. ``cues_index``
decides where each phrase pattern is tried. The patterns no word list can hold
(clock times and dates, @mentions, an Arabic verb with a "you" ending) are here too,
compiled on first use or at import (compiling is cheap; no data is loaded).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from watchkeeper.classifiers import cues_lexicon as lex
from watchkeeper.text.normalize import fold

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_NOUN_PREFIX = "[وف]?(?:[بك]?ال|لل|[بكل])?"
_ARTICLE_PREFIX = "[وف]?[بك]?"  # before a word written with its article ال
_VERB_PREFIX = "[وف]?(?:[سل]?[اتني])?"
# endings Arabic attaches: object/possessive pronouns, plural, dual, feminine (folded)
_ENDINGS = (
    "(?:"
    + "|".join(
        sorted(
            lex.words("ه ها هم هن هما ك كم كن كي كما ي ني نا ون ين ات ان وا و ا ت تم تن ن"),
            key=len,
            reverse=True,
        )
    )
    + "){0,2}"
)
_ANY_WORD = r"\w[\w']*"
ARABIC_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            conjunction + attached
            for conjunction in ("", "و", "ف")
            for attached in (
                *("", "ب", "ك", "ل", "ال", "بال", "كال", "لل", "س", "ا", "ت", "ن", "ي"),
                *(mood + person for mood in "سل" for person in "اتني"),
            )
        }
    )
)
"""Every run of attached prefixes ``_NOUN_PREFIX``/``_VERB_PREFIX`` allow (for lookups)."""

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|marz|juni|juli|oktober|"
    "dezember|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
    "decembre"
)
_NUMERIC_TIME = re.compile(
    r"(?<![\w.:/])(?:"
    r"(?:(?:at|um|vers|الساعه) )?\d{1,2}(?::\d\d)? ?(?:am|pm|a\.m\.|p\.m\.|uhr|h)(?!\w)"
    r"|(?:at|um|vers|الساعه) (?:[01]?\d|2[0-4])(?::\d\d)?(?![\w.:/])"
    r"|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d\d)(?![\w.:/])"
    r"|\d{4}-\d\d-\d\d(?![\w:/])"
    r"|\d{1,2}\.\d{1,2}\.(?!\d)"
    r"|(?:on|by|until|am|le|bis) \d{1,2}/\d{1,2}(?![\w./])"
    rf"|(?:on |by |am |le )?(?:{MONTHS}) \d{{1,2}}(?:st|nd|rd|th|er)?(?!\w)"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er|\.)? (?:of )?(?:{MONTHS})(?!\w)"
    r")"
)
"""Clock times and dates; a day/month pair alone ("3/4") only after "on", "am", "le"."""

MENTION = re.compile(r"(?<![\w@])@\w{1,30}")


def fold_word(word: str) -> str:
    """A lexicon word folded as posts are (a word that folds to nothing is kept)."""
    folded = fold(word)
    return folded if folded else word


def _word(token: str) -> tuple[str, bool]:
    """One phrase word as a regex, and whether it is optional."""
    optional = token.endswith("?") and len(token) > 1
    token = token.removesuffix("?") if optional else token
    if token == "~":
        return _ANY_WORD, optional
    alternatives = [_alternative(alternative) for alternative in token.split("/")]
    alternatives.sort(key=len, reverse=True)
    return "(?:" + "|".join(alternatives) + ")", optional


def _alternative(word: str) -> str:
    arabic = _ARABIC.search(word) is not None
    verb, exact = word.startswith("+"), word.endswith("=")
    compound, inflected = word.startswith("*"), word.endswith("*")
    core = fold_word(word.strip("+=*"))
    left = r"(?<!\w)\w*" if compound else r"(?<!\w)"
    right = r"(?!\w)" if core[-1:].isalnum() else ""
    if arabic:
        if verb:
            prefix, body = _VERB_PREFIX, re.escape(core)
        elif core.startswith("ال") and len(core) > 3:
            prefix, body = f"(?:{_ARTICLE_PREFIX}ال|[وف]?لل)", re.escape(core[2:])
        else:
            prefix, body = _NOUN_PREFIX, re.escape(core)
        return left + prefix + body + ("" if exact else _ENDINGS) + right
    return left + re.escape(core) + (r"\w*" if inflected else "") + right


def phrase_regex(phrase: str) -> str:
    """The regex (over folded text) for one phrase of the lexicon's syntax."""
    pieces: list[str] = []
    started = False  # optional words before the first required one carry their own space
    for token in phrase.split():
        regex, optional = _word(token)
        if not started:
            pieces.append(f"(?:{regex} )?" if optional else regex)
            started = not optional
        else:
            pieces.append(f"(?: {regex})?" if optional else " " + regex)
    return "".join(pieces)


def phrases(source: Mapping[str, Iterable[str]] | Iterable[str]) -> list[str]:
    """Every phrase of a lexicon table (a table maps languages to entries, or is entries)."""
    entries = (
        [entry for group in source.values() for entry in group]
        if isinstance(source, Mapping)
        else list(source)
    )
    return [phrase.strip() for entry in entries for phrase in entry.split("|")]


@functools.cache
def arabic_addressed() -> re.Pattern[str]:
    """A threat verb with a second-person object ending (سأقتلك); group ``many`` if plural."""
    stems = "|".join(
        re.escape(fold_word(phrase.strip("+=*")))
        for phrase in phrases(lex.THREAT_VERBS["ar"] + lex.MEANS["ar"])
        if " " not in phrase and len(phrase.strip("+=*")) >= 3
    )
    return re.compile(
        rf"(?<!\w){_VERB_PREFIX}(?:{stems})(?:ون|ين|و|ن)?(?:(?P<many>كم|كن|كما)|ك|كي|ج)(?!\w)"
    )


@functools.cache
def lexicon_words() -> frozenset[str]:
    """Every plain word of the lexicon (folded): such a word is not a name or a place."""
    sources = (lex.GROUPS, lex.STAFF, lex.INSTITUTIONS, lex.MEANS, lex.TIME, lex.THREAT_VERBS)
    words = {
        fold_word(word.strip("+=*"))
        for source in sources
        for phrase in phrases(source)
        for token in phrase.split()
        for word in token.removesuffix("?").split("/")
    }
    words |= {fold_word(phrase) for phrase in phrases(lex.ORGANIZATIONS) if " " not in phrase}
    return frozenset(words | set(MONTHS.split("|")))


@functools.cache
def numeric_time() -> re.Pattern[str]:
    """Clock times and dates (see ``_NUMERIC_TIME``)."""
    return _NUMERIC_TIME
