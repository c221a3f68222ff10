"""The made-up veiled-threat rows: balanced per language, threat-labelled only, reproducible,
composed from their own parts, and kept apart from the card's veiled checks."""

from __future__ import annotations

import random
from collections import Counter

from classifier_checks_veiled import VEILED_CHECKS
from classifier_veiled import (
    PARTS,
    Frames,
    Parts,
    everyday_post,
    notice_post,
    threat_post,
    veiled_rows,
)


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


def _undressed(post: str) -> str:
    """A made-up post without ``dressed``'s end mark and capital."""
    for mark in (" 😡", " 😂", "!!", "!", "."):
        post = post.removesuffix(mark)
    return post.lower()


def _numbers(parts: Parts) -> tuple[Frames, Frames]:
    return parts.plural, parts.each


def _threats(parts: Parts) -> set[str]:
    return {
        text
        for frames in _numbers(parts)
        for text in _filled((*frames.warnings, *frames.calls), frames.targets)
    }


def _notices(parts: Parts) -> set[str]:
    return {text for frames in _numbers(parts) for text in _filled(frames.notices, frames.targets)}


def test_threats_and_notices_name_the_same_targets_in_their_own_frames() -> None:
    """Both kinds name a target, so naming Twitter's staff is no evidence either way; a
    threat is a warning or a call and a harmless post never is."""
    rng = random.Random(1)
    for parts in PARTS.values():
        threats, notices = _threats(parts), _notices(parts)
        everyday_posts = {text.lower() for text in parts.everyday}
        for _ in range(40):
            assert _undressed(threat_post(parts, rng)) in threats
            notice = _undressed(notice_post(parts, rng))
            assert notice in notices and notice not in threats, notice
            assert _undressed(everyday_post(parts, rng)) in everyday_posts


def test_a_target_only_meets_frames_of_its_own_number() -> None:
    """'every Twitter employee' is never put in a plural frame ('... are next')."""
    rng = random.Random(3)
    for parts in PARTS.values():
        mixed = _filled(
            (*parts.plural.warnings, *parts.plural.calls), parts.each.targets
        ) | _filled((*parts.each.warnings, *parts.each.calls), parts.plural.targets)
        mixed -= _threats(parts)  # frames that read the same in both numbers
        for _ in range(60):
            threat = _undressed(threat_post(parts, rng))
            assert threat not in mixed, threat


def test_warnings_and_calls_and_both_numbers_come_in_about_equal_shares() -> None:
    rng = random.Random(2)
    parts = PARTS["en"]
    calls = _filled(parts.plural.calls, parts.plural.targets) | _filled(
        parts.each.calls, parts.each.targets
    )
    made = [_undressed(threat_post(parts, rng)) for _ in range(400)]
    share = sum(text in calls for text in made) / len(made)
    assert 0.4 < share < 0.6
    each = sum(any(target.lower() in text for target in parts.each.targets) for text in made)
    assert 0.4 < each / len(made) < 0.6


def test_no_check_sentence_is_a_training_post() -> None:
    """The card's veiled checks are never trained on: none is a filled frame or an
    everyday post."""
    trained = {
        text.rstrip("!.?")
        for parts in PARTS.values()
        for text in (
            *_threats(parts),
            *_notices(parts),
            *(line.lower() for line in parts.everyday),
        )
    }
    for checks in VEILED_CHECKS.values():
        for text, _ in checks:
            assert text.lower().rstrip("!.?") not in trained, text
