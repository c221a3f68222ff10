"""Folding, hashtag keys, leetspeak, and finding hashtags and links with exact offsets."""

# Arabic test text: its alef and heh look like Latin l and o to ruff, on purpose here.
# ruff: noqa: RUF001

from __future__ import annotations

import subprocess
import sys

import pytest

from watchkeeper.text.normalize import (
    extract_hashtags,
    extract_urls_and_domains,
    fold,
    fold_leet,
    fold_with_offsets,
    hashtag_key,
    is_domain,
    normalize_domain,
    split_camel,
    term_words,
)

CYRILLIC_E = "\u0435"
TRICKY = [
    "",
    "   ",
    "Plain ASCII, with punctuation!",
    "Th\u0435 C\u043enc\u0435pt",
    "\uff34\uff48\uff45 \U0001d402\U0001d428\U0001d427\U0001d41c\U0001d41e\U0001d429\U0001d42d",
    "caf\u00e9 vs cafe\u0301 vs CAF\u00c9",
    "\u0130stanbul Stra\u00dfe \u01c5 \ufb03",
    "#ع\u064eاج\u0650ل_الدولـــة",
    "zero\u200bwidth and bidi\u200f marks",
    "al-Hayat_Media.Center -- a_b _x_ 3.14 v1.2",
    "emoji \U0001f602\U0001f602 \u2014 dash\u2013dash \u00bd",
    "\u039d\u039f\u03a9 \u0395\u03bb\u03bb\u03ac\u03b4\u03b1 \u041c\u043e\u0441\u043a\u0432\u0430",
    "\u03d2 \u13a0\u13a1 \u03a3\u039f\u03a3",
]


def test_fold_lowercases_and_drops_accents_and_width() -> None:
    assert fold("CAF\u00c9 Cr\u00e8me") == "cafe creme"
    assert fold("\uff34\uff48\uff45") == "the"
    assert fold("\U0001d402\U0001d428\U0001d427") == "con"
    assert fold("Stra\u00dfe") == "strasse"


def test_fold_turns_word_separators_into_spaces_and_collapses_whitespace() -> None:
    assert fold("  The_Concept-of.Lone \t\n Wolf  ") == "the concept of lone wolf"
    assert fold("3.14 and v1.2") == "3.14 and v1.2"  # a separator between digits stays
    assert fold("isis_2014") == "isis 2014"


def test_fold_maps_latin_lookalikes_inside_latin_words() -> None:
    assert fold(f"Th{CYRILLIC_E}Concept") == "theconcept"
    assert fold("\u0440a\u0443\u0440al") == "paypal"  # Cyrillic p, y, p in a Latin word
    assert fold("\u039dOW") == "now"  # Greek capital Nu is an N (case decides)
    assert fold("\uff21ll\u0395yes") == "alleyes"


def test_fold_leaves_real_cyrillic_greek_and_arabic_words_alone() -> None:
    assert fold("\u041c\u043e\u0441\u043a\u0432\u0430") == "\u043c\u043e\u0441\u043a\u0432\u0430"
    assert fold("\u0441\u043e\u0440") == "\u0441\u043e\u0440"  # Russian word of look-alikes only
    assert fold("\u0395\u03bb\u03bb\u03ac\u03b4\u03b1") == "\u03b5\u03bb\u03bb\u03b1\u03b4\u03b1"
    assert fold("Mo\u0441\u043a\u0432a") == "mo\u0441\u043a\u0432a"  # \u043a has no Latin twin
    # in one post: only the word that mixes scripts is turned Latin
    mixed = "سأقتلك \u0441\u043e\u0440 \u0440a\u0443\u0440al_2 من"
    assert fold(mixed) == "ساقتلك \u0441\u043e\u0440 paypal 2 من"


def test_fold_strips_arabic_vowel_marks_tatweel_and_hamza_seats() -> None:
    plain = fold("الاسلامية")
    assert fold("الإس\u0652ل\u064eام\u0650ي\u0651ة") == plain
    assert fold("الاســلامية") == plain


@pytest.mark.parametrize("text", TRICKY)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize("text", TRICKY)
def test_fold_with_offsets_gives_the_same_text_and_valid_spans(text: str) -> None:
    located = fold_with_offsets(text)
    assert located.text == fold(text)
    assert len(located.starts) == len(located.ends) == len(located.text)
    for index in range(len(located.text)):
        start, end = located.original_span(index, index + 1)
        assert 0 <= start < end <= len(text)


def test_original_span_covers_the_original_characters_and_their_accents() -> None:
    text = "Visit CAFE\u0301 \u0391MAQ now"
    located = fold_with_offsets(text)
    folded_start = located.text.index("cafe")
    start, end = located.original_span(folded_start, folded_start + 4)
    assert text[start:end] == "CAFE\u0301"
    with pytest.raises(ValueError, match="empty"):
        located.original_span(3, 3)


def test_the_confusables_data_is_not_loaded_at_import() -> None:
    code = (
        "import sys, watchkeeper.text.normalize as n;"
        "assert 'confusable_homoglyphs.confusables' not in sys.modules;"
        "n.fold('Th\\u0435');"
        "assert 'confusable_homoglyphs.confusables' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "tag",
    [
        "#The_Concept_of_Lone_Wolf_Attacks",
        "#TheConceptOfLoneWolfAttacks",
        "#the_concept_of_lone_wolf_attacks",
        f"#Th{CYRILLIC_E}ConceptOfLoneWolfAttacks",
        "\uff03THE-CONCEPT-OF-LONE-WOLF-ATTACKS",
        "The Concept of Lone Wolf Attacks",
    ],
)
def test_hashtag_key_is_the_same_for_every_spelling(tag: str) -> None:
    assert hashtag_key(tag) == "theconceptoflonewolfattacks"


def test_arabic_hashtags_key_without_underscores_marks_or_tatweel() -> None:
    written = "#عاجل_الدولة_الإسلامية"
    voweled = "#ع\u064eاج\u0650ل_الد\u0651ولـة_الاسلامية"
    assert hashtag_key(written) == hashtag_key(voweled)
    assert "_" not in hashtag_key(written)
    assert hashtag_key(written).startswith("عاجلالدول")


def test_split_camel_for_display() -> None:
    assert split_camel("#TheConceptOfLoneWolfAttacks") == "The Concept Of Lone Wolf Attacks"
    assert split_camel("#The_Concept_of_Lone_Wolf_Attacks") == "The Concept of Lone Wolf Attacks"
    assert split_camel("#AllEyesOnISIS") == "All Eyes On ISIS"
    assert split_camel("ISISAttack2014") == "ISIS Attack 2014"


def test_extract_hashtags_with_offsets_into_the_original() -> None:
    text = "go #AllEyesOnISIS, #ع\u064eاج\u0650ل_الخبر! &#128514; #1 x#no #ok_go"
    found = extract_hashtags(text)
    assert [tag.tag for tag in found] == [
        "AllEyesOnISIS",
        "ع\u064eاج\u0650ل_الخبر",
        "ok_go",
    ]
    for tag in found:
        assert text[tag.start : tag.end] == "#" + tag.tag
    assert extract_hashtags("no tags here") == []


def test_extract_urls_and_bare_domains_with_offsets() -> None:
    text = (
        "see https://www.JustPaste.it/abc?x=1). also justpaste.it/abc, "
        "(http://en.wikipedia.org/wiki/Foo_(bar)) mail a@b.com e.g. 3.14 t.me/chan"
    )
    found = extract_urls_and_domains(text)
    assert [(u.url, u.domain) for u in found] == [
        ("https://www.JustPaste.it/abc?x=1", "justpaste.it"),
        ("justpaste.it/abc", "justpaste.it"),
        ("http://en.wikipedia.org/wiki/Foo_(bar)", "en.wikipedia.org"),
        ("t.me/chan", "t.me"),
    ]
    for url in found:
        assert text[url.start : url.end] == url.url
    assert extract_urls_and_domains("no links, just words. Fine") == []


def test_normalize_and_check_domains() -> None:
    assert normalize_domain(" HTTPS://www.JustPaste.it:443/path?q ") == "justpaste.it"
    assert normalize_domain("user@Example.ORG.") == "example.org"
    assert is_domain("sub.example.org")
    assert not is_domain("localhost")
    assert not is_domain("not a domain.com")


def test_fold_leet_only_in_word_like_tokens() -> None:
    folded = fold("K1ll th3m, $hoot, D@biq @amaq_agency 1st 10pm mp3 2014 $100 h3ll0")
    unleeted = fold_leet(folded)
    assert unleeted == "kill them, shoot, dabiq @amaq agency 1st 10pm mp3 2014 $100 hello"
    assert len(unleeted) == len(folded)
    plain = fold("nothing to undo here")
    assert fold_leet(plain) is plain


def test_term_words_ignore_punctuation_and_underscores() -> None:
    assert term_words(fold("Amaq's _news_, al-Hayat!")) == ["amaq", "s", "news", "al", "hayat"]
