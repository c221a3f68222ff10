"""Guess a post's language cheaply, so the classifiers can weigh n-grams per language.

The same word means different things in different languages' data (German "morgen"
is "tomorrow", an Urdu insult shares letters with an Arabic threat), so the model
gives every post a second copy of its features in a block of its language and can
learn weights that hold for one language only. The guess must cost next to nothing
and behave the same in training and at run time: Arabic script is Urdu when it uses
letters only Urdu has, else Arabic; Latin script goes to whichever of English,
German and French has the most common function words; no guess ("") otherwise.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "de", "fr", "ar", "ur")

# letters are counted by the run (a word's worth per match), not one match per letter
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff]+")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_URDU_ONLY = re.compile(r"[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06c3\u06d2\u06d3]")
_WORD = re.compile(r"[a-zäöüßàâçéèêëîïôûùœ']+")
_EN = "the and is are you your to of in that it for this on with be will i we they he she"
_DE = "der die das und ist nicht ich du sie wir ein eine zu mit auf für den dem des es sind"
_FR = "le la les et est pas je tu vous une des du que qui pour dans sur ce mais il elle nous"
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(f"{_EN} not was what my me all just".split(" ")),
    "de": frozenset(f"{_DE} auch wie aber noch nur wird werden".split(" ")),
    "fr": frozenset(f"{_FR} avec ça cette sont très".split(" ")),
}


_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    word: tuple(language for language, words in _FUNCTION_WORDS.items() if word in words)
    for word in frozenset().union(*_FUNCTION_WORDS.values())
}
"""Each function word's languages (a few words, like "die", are in two)."""


def detect_language(text: str) -> str:
    """One of ``LANGUAGES``, or "" when the text gives no clear sign."""
    if _ARABIC_RUN.search(text):
        arabic = sum(map(len, _ARABIC_RUN.findall(text)))
        if arabic >= sum(map(len, _LATIN_RUN.findall(text))):
            return "ur" if _URDU_ONLY.search(text) else "ar"
    elif not _LATIN_RUN.search(text):
        return ""
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word in _WORD.findall(text.lower()):
        if word in _LANGUAGES_OF:
            for language in _LANGUAGES_OF[word]:
                counts[language] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ""
