"""The phrase index: the lexicon's phrase syntax, found word by word in folded text."""

from __future__ import annotations

import pytest

from watchkeeper.classifiers import cues_index
from watchkeeper.classifiers.cues_index import PhraseIndex, phrase_index
from watchkeeper.text.normalize import fold


def found(index: PhraseIndex, text: str) -> list[tuple[str, str]]:
    folded = fold(text)
    return sorted({(f.kind, folded[f.start : f.end]) for f in index.find(folded)})


def index_of(*phrases: str) -> PhraseIndex:
    index = PhraseIndex()
    for phrase in phrases:
        index.add("k", phrase)
    return index


def test_exact_words_match_whole_words_only() -> None:
    index = index_of("gun")
    assert found(index, "a gun here") == [("k", "gun")]
    assert found(index, "gunther begun") == []


def test_star_suffix_matches_inflections_and_star_prefix_matches_compounds() -> None:
    index = index_of("stab*", "*messer")
    assert found(index, "he stabbed them") == [("k", "stabbed")]
    assert found(index, "ein Küchenmesser") == [("k", "kuchenmesser")]
    assert found(index, "establish") == []


def test_slash_alternatives_optional_words_and_any_word() -> None:
    index = index_of("on/this? friday/monday night?", "cut ~ throat")
    assert found(index, "see you friday") == [("k", "friday")]
    # the phrase is found with and without its optional first word; cues merges overlaps
    assert found(index, "see you this Monday night") == [
        ("k", "monday night"),
        ("k", "this monday night"),
    ]
    assert found(index, "I will cut your throat") == [("k", "cut your throat")]
    assert found(index, "cut throat") == []


def test_arabic_nouns_take_attached_prefixes_and_endings() -> None:
    index = index_of("سكين", "الكفار")
    assert found(index, "بالسكين") == [("k", "بالسكين")]
    assert found(index, "وسكينه") == [("k", "وسكينه")]
    assert found(index, "للكفار") == [("k", "للكفار")]
    assert found(index, "سكينة الروح") == [("k", "سكينه")]  # a known homograph (calm)


def test_arabic_verbs_take_verb_prefixes_but_not_the_article() -> None:
    index = index_of("+فجر")
    assert found(index, "سنفجر المبنى") == [("k", "سنفجر")]
    assert found(index, "صلاة الفجر") == []  # dawn, not "blew up"


def test_arabic_endings_are_a_closed_list() -> None:
    index = index_of("سيف")
    assert found(index, "سيفه") == [("k", "سيفه")]
    assert found(index, "سيفعل") == []  # "he will do": not the word for sword


def test_the_shipped_index_knows_every_kind() -> None:
    index = phrase_index()
    hits = found(index, "every Twitter employee at your office tomorrow with a knife, you")
    kinds = {kind for kind, _ in hits}
    assert {"staff", "organization_name", "place", "time", "means", "second_person"} <= kinds


def test_words_without_phrases_are_remembered_and_skipped() -> None:
    index = index_of("gun")
    index.find(fold("nothing here"))
    assert {"nothing", "here"} <= index._no_phrase
    assert found(index, "nothing here but a gun") == [("k", "gun")]


def test_a_memo_that_starts_over_mid_post_loses_no_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cues_index, "_MAX_SEEN", 2)
    index = index_of("gun", "knife", "bomb")
    assert found(index, "a gun, a knife and a bomb") == [
        ("k", "bomb"),
        ("k", "gun"),
        ("k", "knife"),
    ]
