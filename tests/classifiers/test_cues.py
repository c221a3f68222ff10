# ruff: noqa: RUF001
"""Threat cues: target, credibility cues with exact spans, credibility and reasons."""

from __future__ import annotations

import pytest

from watchkeeper.classifiers.cues import CUE_WEIGHTS, Cue, ThreatCues, extract_cues

LONE_WOLF_2014 = (
    "Every Twitter employee in San Francisco should bear in mind and watch over himself "
    "because on his doorstep there might be a lone wolf assassin waiting"
)


def texts(found: ThreatCues, kind: str) -> list[str]:
    return [cue.text for cue in found.cues if cue.kind == kind]


def assert_spans_exact(text: str, found: ThreatCues) -> None:
    for cue in found.cues:
        assert text[cue.start : cue.end] == cue.text, cue
    if found.target is not None:
        assert found.target_start is not None and found.target_end is not None
        assert text[found.target_start : found.target_end] == found.target_text


def test_the_2014_lone_wolf_threat_targets_an_organization_with_place_and_means() -> None:
    found = extract_cues(LONE_WOLF_2014)
    assert found.target == "organization"
    assert found.target_text == "Every Twitter employee"
    assert texts(found, "place") == ["San Francisco", "on his doorstep"]
    assert "assassin" in texts(found, "means")
    assert "lone wolf" in texts(found, "means")
    assert_spans_exact(LONE_WOLF_2014, found)
    assert "names a place: 'San Francisco', 'on his doorstep'" in found.reasons()
    assert found.reasons()[-1] == ("targets an organization or its staff: 'Every Twitter employee'")


def test_arabic_direct_threat_with_time_and_means() -> None:
    text = "سأذبحك غداً بالسكين يا عدو الله"  # I will slaughter you tomorrow with the knife
    found = extract_cues(text)
    assert texts(found, "time") == ["غداً"]
    assert texts(found, "means") == ["بالسكين"]
    assert texts(found, "second_person") == ["سأذبحك"]
    assert found.target == "individual"
    assert_spans_exact(text, found)


def test_arabic_dialect_time_and_plural_address_is_a_group() -> None:
    text = "بكرة رح نحرقكم كلكم"  # tomorrow we'll burn you all (Levantine)
    found = extract_cues(text)
    assert texts(found, "time") == ["بكرة"]
    assert found.target == "group"
    assert_spans_exact(text, found)


def test_german_direct_threat_with_time_and_means() -> None:
    text = "Ich werde dich morgen mit dem Küchenmesser abstechen"
    found = extract_cues(text)
    assert texts(found, "time") == ["morgen"]
    assert texts(found, "means") == ["Küchenmesser", "abstechen"]
    assert texts(found, "second_person") == ["dich"]
    assert found.target == "individual"
    assert_spans_exact(text, found)


def test_german_greeting_is_not_a_time() -> None:
    assert texts(extract_cues("Guten Morgen zusammen"), "time") == []


def test_french_threat_with_time_place_and_means() -> None:
    text = "Je vais te poignarder demain devant ta maison à Paris"
    found = extract_cues(text)
    assert texts(found, "time") == ["demain"]
    assert texts(found, "place") == ["devant ta maison", "Paris"]
    assert texts(found, "means") == ["poignarder"]
    assert_spans_exact(text, found)


def test_street_address_comes_from_the_doxxing_finder() -> None:
    text = "he lives at 42 Elm Street, pay him a visit with a gun"
    found = extract_cues(text)
    assert texts(found, "address") == ["42 Elm Street"]
    assert texts(found, "time") == []  # "at 42" is a house number, not a clock time
    assert texts(found, "means") == ["gun"]
    assert_spans_exact(text, found)


def test_mention_makes_an_individual_target() -> None:
    text = "@jack I will find you and shoot you tonight at 10pm"
    found = extract_cues(text)
    assert found.target == "individual"
    assert found.target_text == "@jack"
    assert texts(found, "named_person") == ["@jack"]
    assert texts(found, "time") == ["tonight", "at 10pm"]
    assert_spans_exact(text, found)


def test_capitalized_name_after_a_threat_verb_is_a_named_person() -> None:
    text = "I will kill Jack Dorsey on Friday night. Then we celebrate"
    found = extract_cues(text)
    assert texts(found, "named_person") == ["Jack Dorsey"]
    assert texts(found, "time") == ["on Friday night"]
    assert found.target == "individual"


def test_lower_case_words_after_a_threat_verb_are_not_names() -> None:
    assert texts(extract_cues("we will kill time until the game starts"), "named_person") == []


@pytest.mark.parametrize(
    ("text", "target_text"),
    [
        ("kill all Muslims", "Muslims"),
        ("Tötet die Juden!", "Juden"),
        ("اقتلوا الكفار أينما وجدتموهم", "الكفار"),
        ("We will come for all of you", "all of you"),
    ],
)
def test_group_targets(text: str, target_text: str) -> None:
    found = extract_cues(text)
    assert found.target == "group"
    assert found.target_text == target_text


@pytest.mark.parametrize(
    ("text", "target_text"),
    [
        ("Mitarbeiter von Facebook sollten aufpassen", "Mitarbeiter von Facebook"),
        ("موظفي تويتر في سان فرانسيسكو انتظروا", "موظفي تويتر"),
        ("we will blow up the headquarters", "the headquarters"),
    ],
)
def test_organization_targets(text: str, target_text: str) -> None:
    found = extract_cues(text)
    assert found.target == "organization"
    assert found.target_text == target_text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Say one more word and I'll end you", "I'll end"),
        ("Tomorrow you die, traitor", "Tomorrow you die"),
        ("you have been warned, watch your back", "you have been warned"),
        ("Morgen bist du dran, Verräter", "bist du dran"),
        ("Ich werde dich töten", "Ich werde dich töten"),
        ("je vais te tuer", "je vais te tuer"),
        ("كلمة كمان وبخلص عليك", "وبخلص عليك"),
        ("بكرة بتموت يا خاين", "بتموت"),
    ],
)
def test_a_stated_intent_to_harm_is_a_cue(text: str, intent: str) -> None:
    found = extract_cues(text)
    assert intent in texts(found, "intent")
    assert_spans_exact(text, found)
    assert any(reason.startswith("states an intent to harm") for reason in found.reasons())


@pytest.mark.parametrize(
    "text",
    [
        "The court heard he had threatened to stab his neighbour",
        "This heat is going to kill me",
        "If you die in the game you die in real life",
        "Die Hitze bringt mich noch um",
    ],
)
def test_reporting_and_idioms_state_no_intent(text: str) -> None:
    assert texts(extract_cues(text), "intent") == []


def test_arabic_place_by_gazetteer() -> None:
    found = extract_cues("موظفي تويتر في سان فرانسيسكو انتظروا الذئاب المنفردة")
    assert texts(found, "place") == ["سان فرانسيسكو"]
    assert texts(found, "means") == ["الذئاب المنفردة"]


@pytest.mark.parametrize(
    "text",
    ["What a lovely day for a picnic", "Die Sonne scheint", "الحمد لله على كل حال", ""],
)
def test_a_post_without_cues_has_none(text: str) -> None:
    found = extract_cues(text)
    assert found.cues == ()
    assert found.target is None
    assert found.credibility() == 0.0
    assert found.reasons() == []


def test_confusable_and_leet_spellings_match_and_spans_slice_the_original() -> None:
    text = "I will st\u0430b you t0m0rr0w at your h0use, Ｍｒ. Smith"  # Cyrillic a, fullwidth
    found = extract_cues(text)
    assert texts(found, "means") == ["st\u0430b"]
    assert texts(found, "time") == ["t0m0rr0w"]
    assert texts(found, "place") == ["at your h0use"]
    assert texts(found, "named_person") == ["Smith"]
    assert_spans_exact(text, found)


def test_arabic_with_diacritics_and_tatweel_keeps_original_spans() -> None:
    text = "سَنَذْبَحُكَ  غـــدا بالسّكّين"
    found = extract_cues(text)
    assert texts(found, "means") == ["بالسّكّين"]
    assert texts(found, "time") == ["غـــدا"]
    assert_spans_exact(text, found)


def test_credibility_grows_with_distinct_kinds_and_ignores_repeats() -> None:
    means = ThreatCues(None, None, None, "", (Cue("means", 0, 3, "gun"),))
    repeated = ThreatCues(
        None, None, None, "", (Cue("means", 0, 3, "gun"), Cue("means", 4, 9, "knife"))
    )
    more = extract_cues("@jack tomorrow at your office with a knife")
    assert means.credibility() == pytest.approx(CUE_WEIGHTS["means"])
    assert repeated.credibility() == means.credibility()
    assert more.kinds == {"named_person", "time", "place", "means", "second_person"}
    assert means.credibility() < more.credibility() < 1.0


def test_reasons_quote_at_most_two_examples_per_kind() -> None:
    cues = tuple(Cue("means", i * 10, i * 10 + 3, word) for i, word in enumerate(["a", "b", "c"]))
    found = ThreatCues("individual", 0, 3, "you", cues)
    assert found.reasons() == ["names a means: 'a', 'b' and 1 more", "targets one person: 'you'"]


def test_a_post_with_every_kind_of_cue_is_near_the_top_of_the_scale() -> None:
    text = (
        "@jack, we will find you tomorrow at 9 outside your office at 101 Market Street, "
        "watch your back, we bring a knife"
    )
    found = extract_cues(text)
    assert found.kinds == set(CUE_WEIGHTS)
    assert found.credibility() == pytest.approx(0.930, abs=1e-3)
    assert found.reasons()[0] == "gives an address: '101 Market Street'"
    assert_spans_exact(text, found)
