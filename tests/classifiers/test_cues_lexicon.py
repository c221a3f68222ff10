"""The cue lexicon is well formed: every phrase compiles and every word survives folding."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pytest

from watchkeeper.classifiers import cues_lexicon as lex
from watchkeeper.classifiers.cues_index import TABLES
from watchkeeper.classifiers.cues_patterns import fold_word, phrase_regex, phrases


def all_phrases() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for kind, table in TABLES.items():
        source: Mapping[str, Iterable[str]] | Iterable[str] = table
        found += [(kind, phrase) for phrase in phrases(source)]
    return found


@pytest.mark.parametrize(("kind", "phrase"), all_phrases())
def test_phrase_is_well_formed(kind: str, phrase: str) -> None:
    assert phrase == " ".join(phrase.split()), "one space between words, none at the ends"
    assert not phrase.startswith("~"), "a phrase is looked up by its first word"
    for token in phrase.split():
        for word in token.removesuffix("?").split("/"):
            assert word, f"empty alternative in {phrase!r} ({kind})"
            assert fold_word(word.strip("+=*")), f"{word!r} folds to nothing"
    re.compile(phrase_regex(phrase))


def test_every_language_has_means_times_places_and_direct_address() -> None:
    for table in (lex.MEANS, lex.TIME, lex.PLACE_NOUNS, lex.SECOND_PERSON):
        assert set(lex.LANGUAGES) <= set(table)


def test_stop_lists_are_folded_words() -> None:
    for word in lex.NOT_NAMES | lex.NOT_PLACES:
        assert word == fold_word(word)
