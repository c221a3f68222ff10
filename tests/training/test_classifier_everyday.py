"""The made-up everyday faith, news and military posts: extremism negatives only,
reproducible, composed from their own parts, and kept apart from the card's checks."""

from __future__ import annotations

import random
from collections import Counter

from classifier_checks_faith import FAITH_CHECKS
from classifier_everyday import PARTS, everyday_post, everyday_rows, greeting_post


def test_every_language_gets_its_posts_as_extremism_negatives_only() -> None:
    rows = everyday_rows(15, seed=3)
    assert Counter(row.lang for row in rows) == {language: 15 for language in PARTS}
    assert {row.extremism for row in rows} == {0}
    assert {row.threat for row in rows} == {None}  # says nothing about threats
    assert {(row.source, row.kind) for row in rows} == {("augment/everyday", "everyday")}


def test_rows_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    texts = [row.text for row in everyday_rows(20, seed=5)]
    assert texts == [row.text for row in everyday_rows(20, seed=5)]
    assert texts != [row.text for row in everyday_rows(20, seed=6)]


def test_a_post_is_a_greeting_or_one_of_the_whole_posts() -> None:
    rng = random.Random(1)
    for parts in PARTS.values():
        whole = {
            *parts.community,
            *parts.news,
            *parts.condolences,
            *parts.history,
            *parts.military,
        }
        for _ in range(40):
            post = everyday_post(parts, rng)
            assert any(post.startswith(text) for text in whole) or any(
                post.startswith(greeting) for greeting in parts.greetings
            ), post
        greeting = greeting_post(parts, rng)
        assert any(greeting.startswith(text) for text in parts.greetings)


def test_no_check_sentence_is_a_training_post() -> None:
    """The card's faith checks are never trained on: none is one of the whole posts or
    a greeting with its audience and wish."""
    trained = {
        text.lower()
        for parts in PARTS.values()
        for text in (
            *parts.community,
            *parts.news,
            *parts.condolences,
            *parts.history,
            *parts.military,
        )
    }
    for parts in PARTS.values():
        for greeting in parts.greetings:
            for audience in parts.audiences:
                trained.add(f"{greeting} {audience}".lower())
                trained |= {f"{greeting} {audience}, {wish}".lower() for wish in parts.wishes}
            trained |= {f"{greeting}, {wish}".lower() for wish in parts.wishes}
    for checks in FAITH_CHECKS.values():
        for text, _ in checks:
            assert text.lower().rstrip("!.?") not in trained, text
