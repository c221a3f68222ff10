"""The made-up direct-threat rows: balanced per language, threat-labelled only, reproducible,
composed from their own parts, and kept apart from the card's check sentences."""

from __future__ import annotations

import random
from collections import Counter

from classifier_checks import CHECKS
from classifier_direct import PARTS, direct_rows, everyday_post, harmless_post, threat_post


def test_every_language_gets_its_threats_and_half_as_many_again_harmless_posts() -> None:
    rows = direct_rows(12, seed=3)
    counts = Counter((row.lang, row.threat) for row in rows)
    assert counts == {
        (language, label): 12 + 6 * (1 - label) for language in PARTS for label in (0, 1)
    }
    assert {row.extremism for row in rows} == {None}  # says nothing about propaganda
    assert {row.source for row in rows} == {"augment/direct"}


def test_rows_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    texts = [row.text for row in direct_rows(20, seed=5)]
    assert texts == [row.text for row in direct_rows(20, seed=5)]
    assert texts != [row.text for row in direct_rows(20, seed=6)]


def test_a_threat_carries_a_harm_or_a_fate_and_a_harmless_post_never_does() -> None:
    rng = random.Random(1)
    for parts in PARTS.values():
        for _ in range(30):
            threat = threat_post(parts, rng).lower()
            assert any(part.lower() in threat for part in (*parts.harms, *parts.fates)), threat
            harmless = harmless_post(parts, rng).lower()
            assert any(act.lower() in harmless for act in parts.benign), harmless
            assert not any(part.lower() in harmless for part in (*parts.harms, *parts.tails))
            everyday = everyday_post(parts, rng).lower()
            assert any(everyday.startswith(text.lower()) for text in parts.harmless), everyday


def test_harmless_posts_share_the_threats_frames() -> None:
    """The intents ("I'm going to", "te voy a") open every harmless post in a frame and
    most threats, so the frame alone is no evidence either way."""
    rng = random.Random(4)
    parts = PARTS["en"]
    opened = [intent.split("{}")[0].lower() for intent in parts.intents]
    threats = [threat_post(parts, rng).lower() for _ in range(400)]
    harmless = [harmless_post(parts, rng).lower() for _ in range(400)]
    assert all(any(o in text for o in opened) for text in harmless)
    assert sum(any(o in text for o in opened) for text in threats) > 200


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
