"""The made-up direct-threat rows: balanced per language, threat-labelled only, reproducible,
composed from their own parts, and kept apart from the card's check sentences."""

from __future__ import annotations

import random
from collections import Counter

from classifier_checks import CHECKS
from classifier_direct import PARTS, direct_rows, harmless_post, threat_post


def test_every_language_gets_as_many_threats_as_harmless_posts() -> None:
    rows = direct_rows(12, seed=3)
    counts = Counter((row.lang, row.threat) for row in rows)
    assert counts == {(language, label): 12 for language in PARTS for label in (0, 1)}
    assert {row.extremism for row in rows} == {None}  # says nothing about propaganda
    assert {row.source for row in rows} == {"augment/direct"}


def test_rows_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    texts = [row.text for row in direct_rows(20, seed=5)]
    assert texts == [row.text for row in direct_rows(20, seed=5)]
    assert texts != [row.text for row in direct_rows(20, seed=6)]


def test_a_threat_carries_a_harm_or_a_fate_and_a_harmless_post_is_one_of_its_list() -> None:
    rng = random.Random(1)
    for parts in PARTS.values():
        for _ in range(30):
            threat = threat_post(parts, rng).lower()
            assert any(part.lower() in threat for part in (*parts.harms, *parts.fates)), threat
            harmless = harmless_post(parts, rng).lower()
            assert any(harmless.startswith(text.lower()) for text in parts.harmless), harmless


def test_polish_intents_do_not_repeat_the_object() -> None:
    rng = random.Random(2)
    for _ in range(50):
        assert "cię zabiję cię" not in threat_post(PARTS["pl"], rng)


def test_no_check_sentence_is_a_training_part() -> None:
    """The card's checks are never trained on: no harmless post or fate is one of them."""
    trained = {
        text.lower().rstrip("!.?")
        for parts in PARTS.values()
        for text in (*parts.harmless, *parts.fates)
    }
    for checks in CHECKS.values():
        for text, _ in checks:
            assert text.lower().rstrip("!.?") not in trained, text
