"""The made-up propaganda posts: extremism positives only, reproducible, composed from
their own parts, and kept apart from the card's checks."""

from __future__ import annotations

import random
from collections import Counter

from classifier_checks_faith import FAITH_CHECKS
from classifier_everyday import PARTS as EVERYDAY_PARTS
from classifier_propaganda import PARTS, propaganda_post, propaganda_rows


def test_every_language_gets_its_posts_as_extremism_positives_only() -> None:
    rows = propaganda_rows(15, seed=3)
    assert Counter(row.lang for row in rows) == {language: 15 for language in PARTS}
    assert {row.extremism for row in rows} == {1}
    assert {row.threat for row in rows} == {None}
    assert {(row.source, row.kind) for row in rows} == {("augment/propaganda", "propaganda")}


def test_rows_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    texts = [row.text for row in propaganda_rows(20, seed=5)]
    assert texts == [row.text for row in propaganda_rows(20, seed=5)]
    assert texts != [row.text for row in propaganda_rows(20, seed=6)]


def test_a_post_opens_with_a_claim_or_a_call_and_never_ends_in_two_marks() -> None:
    rng = random.Random(1)
    for parts in PARTS.values():
        openings = [claim.split("{}")[0] for claim in parts.claims] + list(parts.calls)
        for _ in range(60):
            post = propaganda_post(parts, rng)
            assert any(post.startswith(opening) for opening in openings), post
            assert not post.endswith(("!.", "!!")), post


def test_every_language_has_everyday_posts_to_set_against_it() -> None:
    """The faith's words and news of attacks must not become the evidence: each language
    of propaganda rows also gets everyday rows."""
    assert set(PARTS) <= set(EVERYDAY_PARTS)


def test_no_check_sentence_is_a_training_part() -> None:
    trained = {
        part.lower()
        for parts in PARTS.values()
        for part in (
            *parts.calls,
            *(claim.format(place) for claim in parts.claims for place in parts.places),
        )
    }
    for checks in FAITH_CHECKS.values():
        for text, _ in checks:
            assert text.lower().rstrip("!.?") not in trained, text
