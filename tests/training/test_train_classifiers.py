"""``training/train_classifiers.py``'s flag cut-offs: best F1, or the lowest cut near it."""

from __future__ import annotations

import numpy as np
import pytest
from train_classifiers import Settings, best_threshold, thresholds_for

# Ten positives and ten negatives: from 0.65 six hits and no false alarm (F1 0.75);
# from 0.5 one false alarm (0.706); from 0.3 two more hits and four false alarms in all
# (0.727); from 0.1 everything (0.667).
POSITIVES = (0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.3, 0.3, 0.1, 0.1)
NEGATIVES = (0.5, 0.3, 0.3, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1)
PROBABILITIES = np.asarray((*POSITIVES, *NEGATIVES), np.float64)
TRUTH = np.asarray([1] * 10 + [0] * 10, np.int64)


def test_without_tolerance_the_cut_with_the_best_f1_is_chosen() -> None:
    assert best_threshold(PROBABILITIES, TRUTH) == 0.65


def test_with_tolerance_the_lowest_cut_within_it_of_the_best_is_chosen() -> None:
    assert best_threshold(PROBABILITIES, TRUTH, tolerance=0.03) == 0.3
    assert best_threshold(PROBABILITIES, TRUTH, tolerance=0.01) == 0.65


def test_cuts_below_a_twentieth_are_never_chosen() -> None:
    low = np.asarray([0.01, 0.02, 0.03, 0.04], np.float64)
    assert best_threshold(low, np.asarray([1, 1, 0, 0], np.int64)) == 0.5


@pytest.mark.parametrize("label", ["threat", "extremism"])
def test_each_label_uses_its_own_tolerance(label: str) -> None:
    settings = Settings()
    threshold, confident = thresholds_for(settings)(label, PROBABILITIES, TRUTH)
    tolerance = settings.threat_f1_tolerance if label == "threat" else 0.0
    assert threshold == best_threshold(PROBABILITIES, TRUTH, tolerance)
    assert confident >= threshold


def test_only_threat_reads_the_settings_tolerance() -> None:
    thresholds = thresholds_for(Settings(threat_f1_tolerance=0.03))
    assert thresholds("threat", PROBABILITIES, TRUTH)[0] == 0.3
    assert thresholds("extremism", PROBABILITIES, TRUTH)[0] == 0.65
