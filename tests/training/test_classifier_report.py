"""The card's lines for sentences written for it: flags per language and every score."""

from __future__ import annotations

import numpy as np
from classifier_report import FAITH_CHECK_SET, CheckSet, check_lines

SMALL = CheckSet(
    "small checks",
    "small check",
    "classifier_small",
    {"en": (("a threat", 1), ("a greeting", 0)), "de": (("eine Drohung", 1), ("ein Gruß", 0))},
    ("T", "threats"),
    ("h", "harmless"),
)


def test_check_lines_count_flags_at_the_threshold_and_list_each_score_in_order() -> None:
    scores = np.array([0.9, 0.5, 0.2, 0.1])
    lines = check_lines(SMALL, scores, threshold=0.5)
    assert lines == [
        "small checks (4 sentences written for the card, 2 languages, "
        "`training/classifier_small.py`): ROC-AUC 0.750; threats flagged 1/2, "
        "harmless flagged 1/2",
        "small check (en): threats flagged 1/1, harmless flagged 1/1: T 0.90 h 0.50",
        "small check (de): threats flagged 0/1, harmless flagged 0/1: T 0.20 h 0.10",
    ]


def test_the_faith_checks_hold_everyday_posts_and_propaganda_in_every_language() -> None:
    for language, rows in FAITH_CHECK_SET.checks.items():
        labels = {label for _, label in rows}
        assert labels == {0, 1}, language
    assert len(FAITH_CHECK_SET.texts) == sum(len(rows) for rows in FAITH_CHECK_SET.checks.values())
