"""The made-up veiled-threat rows: balanced per language, threat-labelled only, reproducible,
composed from their own parts, and kept apart from the card's veiled checks."""

from __future__ import annotations

import random
from collections import Counter

from classifier_checks_veiled import VEILED_CHECKS
from classifier_veiled import PARTS, everyday_post, notice_post, threat_post, veiled_rows


def test_every_language_gets_its_threats_and_half_as_many_again_harmless_posts() -> None:
    rows = veiled_rows(12, seed=3)
    counts = Counter((row.lang, row.threat) for row in rows)
    assert counts == {
        (language, label): 12 + 6 * (1 - label) for language in PARTS for label in (0, 1)
    }
    assert {row.extremism for row in rows} == {None}  # says nothing about propaganda
    assert {(row.source, row.kind) for row in rows} == {("augment/veiled", "veiled")}


def test_rows_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    texts = [row.text for row in veiled_rows(20, seed=5)]
    assert texts == [row.text for row in veiled_rows(20, seed=5)]
    assert texts != [row.text for row in veiled_rows(20, seed=6)]


def _filled(frames: tuple[str, ...], targets: tuple[str, ...]) -> set[str]:
    return {frame.format(target).lower() for frame in frames for target in targets}


def test_threats_and_notices_name_the_same_targets_in_their_own_frames() -> None:
    """Both kinds name a target, so naming Twitter's staff is no evidence either way; a
    threat is a warning or a call and a harmless post never is."""
    rng = random.Random(1)
    for parts in PARTS.values():
        threats = _filled((*parts.warnings, *parts.calls), parts.targets)
        notices = _filled(parts.notices, parts.targets)
        for _ in range(40):
            threat = threat_post(parts, rng).lower()
            assert any(threat.startswith(text) for text in threats), threat
            notice = notice_post(parts, rng).lower()
            assert any(notice.startswith(text) for text in notices), notice
            assert not any(notice.startswith(text) for text in threats), notice
            everyday = everyday_post(parts, rng).lower()
            assert any(everyday.startswith(text.lower()) for text in parts.everyday), everyday


def test_warnings_and_calls_come_in_about_equal_shares() -> None:
    rng = random.Random(2)
    parts = PARTS["en"]
    calls = _filled(parts.calls, parts.targets)
    made = [threat_post(parts, rng).lower() for _ in range(400)]
    share = sum(any(text.startswith(call) for call in calls) for text in made) / len(made)
    assert 0.4 < share < 0.6


def test_no_check_sentence_is_a_training_post() -> None:
    """The card's veiled checks are never trained on: none is a filled frame or an
    everyday post."""
    trained = {
        text.rstrip("!.?")
        for parts in PARTS.values()
        for text in (
            *_filled((*parts.warnings, *parts.calls, *parts.notices), parts.targets),
            *(line.lower() for line in parts.everyday),
        )
    }
    for checks in VEILED_CHECKS.values():
        for text, _ in checks:
            assert text.lower().rstrip("!.?") not in trained, text
