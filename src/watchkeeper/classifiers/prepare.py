"""Turn a post into the one form the text classifiers read, in training and at run time.

The classifiers must learn what is said, not where it was collected or how it was
disguised, so every post (and every training row) goes through this one function:

- links become ``url`` and @mentions ``@user`` (data sets mask them differently);
- hashtags are split at case changes (``#AttackingTwitterEmployees`` -> words);
- ``fold``: confusable letters, diacritics, case, Arabic letter variants, separators;
- leetspeak undone (``k1ll`` -> ``kill``), letter runs capped at two (``diiiie``),
  and letters spaced out or dotted apart joined again (``k i l l``, ``k.i.l.l``).

The language guess (``language.py``) rides along for per-language feature blocks.
Posts with Arabic script or Arabizi (Arabic in Latin letters and digits) also get a
consonant skeleton (``skeleton.py``), taken before leetspeak is undone, because
Arabizi's digits are letters (``7`` is ``ح``), not leetspeak.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from watchkeeper.classifiers.language import detect_language
from watchkeeper.classifiers.skeleton import may_be_arabic, skeleton
from watchkeeper.text.normalize import fold, fold_leet, split_camel

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@\w+")
_HASHTAG = re.compile(r"[#\uff03](\w+)")
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_RETWEET = re.compile(r"^\s*RT\b[\s:]*")
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")
# three or more single letters separated by one space/dot/star/dash: "k i l l", "k.i.l.l"
_SPACED_LETTERS = re.compile(r"(?<!\w)[^\W\d_](?:[ .*\-][^\W\d_]){2,}(?!\w)")
_SPACED_SEPARATORS = re.compile(r"[ .*\-]")
# in a post already written in leetspeak, also the short or digit-heavy words that
# ``fold_leet`` leaves alone for ordinary posts ("4nd", "th3", "4r3")
_LEET_WORD = re.compile(r"(?<![\w@$])(?=[\w$]*[^\W\d_])(?=[\w$]*[013457$])[\w$]+")
_LEET_TABLE = str.maketrans("013457$", "oieasts")
# ... and one- or two-character tokens of leet digits alone ("4" for "a", "15" for "is")
_LEET_DIGITS = re.compile(r"(?<![\w.,:/])[013457]{1,2}(?![\w.,:/])")
_NUMBER_WORD = re.compile(r"(\d+)(st|nd|rd|th|am|pm|k|m|s|h|x|mp\d?|g|p)")
_ORDINALS = {"1": "st", "2": "nd", "3": "rd"}


class Prepared(NamedTuple):
    """A post as the classifiers read it; ``skeleton`` is empty for most posts."""

    text: str
    skeleton: str
    lang: str = ""
    """``detect_language`` of the original text ("" when unsure)."""


def _hashtag_words(match: re.Match[str]) -> str:
    tag = match.group(1)
    return f"# {split_camel(tag)}" if _CAMEL.search(tag) else f"# {tag}"


def _join_spaced(match: re.Match[str]) -> str:
    return _SPACED_SEPARATORS.sub("", match.group())


def _unleet_word(match: re.Match[str]) -> str:
    word = match.group()
    number = _NUMBER_WORD.fullmatch(word)
    if number:
        digits, suffix = number.groups()
        if suffix not in ("st", "nd", "rd", "th"):
            return word  # 10pm, 4k, 3x, mp3
        ordinal = "th" if digits[-2:-1] == "1" else _ORDINALS.get(digits[-1], "th")
        if suffix == ordinal:
            return word  # 1st, 22nd, 13th
    return word.translate(_LEET_TABLE)


def _unleet_digits(match: re.Match[str]) -> str:
    return match.group().translate(_LEET_TABLE)


def prepare(text: str) -> Prepared:
    """The classifier's view of ``text`` (see the module docstring for the steps)."""
    lang = detect_language(text)
    text = _RETWEET.sub("", text)
    if "/" in text or "www" in text:
        text = _URL.sub(" url ", text)
    if "@" in text:
        text = _MENTION.sub(" @user ", text)
    if "#" in text or "\uff03" in text:
        text = _HASHTAG.sub(_hashtag_words, text)
    folded = _LETTER_RUN.sub(r"\1\1", fold(text))
    folded = _SPACED_LETTERS.sub(_join_spaced, folded)
    arabic = skeleton(folded) if may_be_arabic(folded) else ""
    unleeted = fold_leet(folded)
    if unleeted != folded:  # written in leetspeak: read the rest of it that way too
        unleeted = _LEET_WORD.sub(_unleet_word, unleeted)
        unleeted = _LEET_DIGITS.sub(_unleet_digits, unleeted)
        unleeted = _LETTER_RUN.sub(r"\1\1", unleeted)
        lang = lang or detect_language(unleeted)  # "th3 3nd 15 n34r" has no function words
    return Prepared(unleeted, arabic, lang)
