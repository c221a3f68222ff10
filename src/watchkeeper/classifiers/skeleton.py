"""A consonant skeleton shared by Arabic script and Arabizi, so one can be read as the other.

Supporters wrote Arabic in Latin letters and digits (Arabizi: ``ra7 a2tlak``, ``5alas``)
to slip past filters trained on Arabic script. Both spellings reduce to roughly the
same consonants once vowels and the letters Arabizi drops (hamza, ain) are removed, so
the classifiers get an extra channel of character n-grams over this skeleton for any
post with Arabic script or Arabizi digits; its training rows come from Arabic script.
The reduction is deliberately coarse (emphatic and plain consonants merge); it is a
fallback channel, not a transliteration.
"""

from __future__ import annotations

import re

# Arabic letter -> skeleton consonant ("" = dropped like a vowel); written for this project.
_ARABIC = {
    "ا": "",
    "أ": "",
    "إ": "",
    "آ": "",
    "ء": "",
    "ؤ": "",
    "ئ": "",
    "ى": "",
    "ع": "",
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ط": "t",
    "ج": "j",
    "ح": "h",
    "ه": "h",
    "ة": "h",
    "خ": "x",
    "د": "d",
    "ذ": "d",
    "ض": "d",
    "ر": "r",
    "ز": "z",
    "ظ": "z",
    "س": "s",
    "ش": "s",
    "ص": "s",
    "غ": "g",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "و": "w",
    "ي": "y",
}
_ARABIC_TABLE = str.maketrans(_ARABIC)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
# Latin digraphs first, then single letters and Arabizi digits.
_DIGRAPHS = (("kh", "x"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"))
_LATIN_TABLE = str.maketrans(
    {
        "a": "",
        "e": "",
        "i": "",
        "o": "",
        "u": "",
        "2": "",
        "3": "",
        "5": "x",
        "6": "t",
        "7": "h",
        "8": "g",
        "9": "q",
        "p": "b",
        "v": "f",
        "c": "k",
        "g": "j",
    }
)
_ARABIZI_HINT = re.compile(r"[a-z][235789]|[235789][a-z]")
# digits inside words that only leetspeak uses, and those only Arabizi uses
_LEET_ONLY = re.compile(r"[a-z][014]|[014][a-z]")
_ARABIZI_ONLY = re.compile(r"[a-z][2689]|[2689][a-z]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_NOT_SKELETON = re.compile(r"[^a-z ]+")
_DOUBLES = re.compile(r"([a-z])\1+")
_SPACES = re.compile(r" {2,}")
_LATIN_OR_DIGIT = re.compile(r"[a-z0-9]")


def _leet_not_arabizi(folded: str) -> bool:
    """Latin text whose digits in words are leetspeak's (0, 1, 4), none only Arabizi's."""
    return (
        _LEET_ONLY.search(folded) is not None
        and _ARABIZI_ONLY.search(folded) is None
        and _ARABIC_SCRIPT.search(folded) is None
    )


def may_be_arabic(folded: str) -> bool:
    """Does folded text have Arabic script, or letter/digit mixes of Arabizi (not leetspeak)?"""
    if _ARABIC_LETTER.search(folded) is not None:
        return True
    return _ARABIZI_HINT.search(folded) is not None and not _leet_not_arabizi(folded)


def _latin_skeleton(word: str) -> str:
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter.upper())  # upper: keep it from the next steps
    return word.translate(_LATIN_TABLE).lower()


def _word_skeleton(word: str) -> str:
    if _ARABIC_LETTER.search(word):
        return word.translate(_ARABIC_TABLE)
    return _latin_skeleton(word)


def skeleton(folded: str) -> str:
    """The consonant skeleton of (already folded, lower-case) text; words kept apart.

    A word with an Arabic letter has its Arabic letters mapped; any other word goes
    through the Latin rules. No rule reaches across a space, so a text whose words all
    take one path is rewritten whole (most posts here: Arabizi, or Arabic script).
    """
    words = " ".join(folded.split())
    if _ARABIC_LETTER.search(words) is None:
        joined = _latin_skeleton(words)
    elif _LATIN_OR_DIGIT.search(words) is None:  # a word without an Arabic letter
        joined = words.translate(_ARABIC_TABLE)  # has no Latin rule to apply either
    else:
        joined = " ".join(_word_skeleton(word) for word in words.split(" "))
    joined = _NOT_SKELETON.sub("", joined)
    return _SPACES.sub(" ", _DOUBLES.sub(r"\1", joined)).strip()
