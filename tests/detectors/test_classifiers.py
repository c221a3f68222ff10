"""The ``threat`` and ``extremism`` detectors with the shipped model."""

from __future__ import annotations

import numpy as np
import pytest

from watchkeeper.classifiers.prepare import prepare
from watchkeeper.classifiers.scoring import score_texts
from watchkeeper.config import Settings
from watchkeeper.detectors import classifiers
from watchkeeper.detectors.classifiers import (
    SIGNAL_FLOOR,
    ExtremismDetector,
    ThreatDetector,
    shipped_band,
    shipped_model,
    shipped_thresholds,
    shipped_tier,
)
from watchkeeper.model import PostEvent, Signal

THREAT = "I will kill you tomorrow with a knife"


def _post(n: int, text: str) -> PostEvent:
    return PostEvent(id=f"p{n}", author_id="a", text=text)


def _signals(detector: ThreatDetector | ExtremismDetector, *texts: str) -> list[list[Signal]]:
    return detector.detect([_post(n, text) for n, text in enumerate(texts)])


def test_a_direct_threat_is_flagged_with_its_words_and_cues() -> None:
    [[signal, credibility]] = _signals(ThreatDetector(), THREAT)
    assert signal.score >= shipped_thresholds()["threat"]
    assert "reads as a threat of violence" in signal.reason
    words = [item for item in signal.evidence if item.kind == "ngram"]
    assert any("kill" in item.text for item in words)
    for item in signal.evidence:
        if item.start is not None and item.end is not None:
            assert THREAT[item.start : item.end] == item.text
    kinds = {(item.kind, item.text) for item in signal.evidence}
    assert {("time", "tomorrow"), ("means", "knife")} <= kinds
    assert credibility.label == "threat_credibility" and credibility.score >= 0.5
    assert "names a time: 'tomorrow'" in credibility.reason


def test_reporting_a_threat_scores_far_lower_than_the_threat() -> None:
    quoted = f'A court in Leeds heard that the defendant had written "{THREAT}" to his neighbour.'
    threat, report = _signals(ThreatDetector(), THREAT, quoted)
    reported = report[0].score if report else 0.0
    assert reported < threat[0].score / 2


CASE_THREAT = (
    "Every Twitter employee in San Francisco should bear in mind and watch over himself "
    "because on his doorstep there might be a lone wolf assassin waiting"
)
"""The 2014 threat this project starts from: a danger foretold to a company's staff."""


def test_the_veiled_threat_to_twitters_staff_is_flagged_and_a_report_quoting_it_is_not() -> None:
    news = f'Twitter said it was investigating a tweet that read "{CASE_THREAT}"'
    threat, report = _signals(ThreatDetector(), CASE_THREAT, news)
    assert threat[0].score >= shipped_thresholds()["threat"]
    kinds = {(item.kind, item.text) for item in threat[0].evidence}
    assert ("target:organization", "Every Twitter employee") in kinds
    assert ("place", "on his doorstep") in kinds
    reported = report[0].score if report else 0.0
    assert reported < min(threat[0].score / 2, shipped_thresholds()["threat"])


def test_ordinary_posts_are_not_flagged() -> None:
    texts = ("Lovely weather for a picnic in the park today", "This workout is killing me lol")
    for detector in (ThreatDetector(), ExtremismDetector()):
        signals = _signals(detector, *texts)
        assert signals[0] == []  # below SIGNAL_FLOOR: nothing stored
        assert all(signal.score < detector.labels[signal.label] for signal in signals[1])
    assert SIGNAL_FLOOR > 0


def test_propaganda_is_flagged_as_extremism_not_as_a_threat() -> None:
    text = "The soldiers of the Islamic State liberated the city, join the caliphate"
    [[signal]] = _signals(ExtremismDetector(), text)
    assert signal.score >= shipped_thresholds()["extremism"]
    assert any("islamic state" in item.text.lower() for item in signal.evidence)


def test_both_detectors_share_one_scoring_pass_per_batch() -> None:
    batch = [_post(1, "I will kill you"), _post(2, "join the caliphate")]
    texts = tuple(event.text for event in batch)
    ThreatDetector().detect(batch)
    first = classifiers._LAST_BATCH.get(texts, None, None)
    ExtremismDetector().detect(batch)
    second = classifiers._LAST_BATCH.get(texts, None, None)
    assert second is first  # the second detector reused the first one's scores
    assert first.posts == [prepare(text) for text in texts]
    assert np.allclose(first.probabilities, score_texts(shipped_model(), texts).probabilities)


def test_thresholds_come_from_the_shipped_model() -> None:
    assert ThreatDetector.labels["threat"] == shipped_model().heads[0].threshold
    assert ExtremismDetector.labels == {"extremism": shipped_model().heads[1].threshold}


def test_the_sentence_tier_setting_scores_and_flags_with_the_tier() -> None:
    fast = ThreatDetector.from_settings(Settings())
    sentence = ThreatDetector.from_settings(Settings(text_tier="sentence"))
    tier = shipped_tier()
    threshold = tier.heads[tier.labels.index("threat")].threshold
    assert sentence.active_labels["threat"] == threshold
    assert not hasattr(fast, "active_labels")
    texts = [THREAT, "See you at the bakery at eight"]
    expected = score_texts(shipped_model(), texts, tier).probabilities[:, 0]
    signals = _signals(sentence, *texts)
    assert signals[0][0].score == round(float(expected[0]), 4) >= threshold
    assert round(float(expected[1]), 4) < SIGNAL_FLOOR and signals[1] == []
    # the shared batch cache keeps the tiers apart
    assert _signals(fast, *texts)[0][0].score != signals[0][0].score


def test_the_cascade_setting_rereads_only_the_uncertain_band_with_the_tiers_thresholds() -> None:
    cascade = ThreatDetector.from_settings(Settings(text_tier="cascade"))
    tier = shipped_tier()
    assert cascade.active_labels["threat"] == tier.heads[tier.labels.index("threat")].threshold
    texts = [THREAT, "Keep talking and they'll find your body in the river", "See you at eight"]
    expected = score_texts(shipped_model(), texts, tier, shipped_band()).probabilities[:, 0]
    signals = _signals(cascade, *texts)
    assert signals[0][0].score == round(float(expected[0]), 4)
    assert [bool(found) for found in signals] == [value >= SIGNAL_FLOOR for value in expected]
    # the shared batch cache keeps the cascade apart from the sentence tier
    sentence = ThreatDetector.from_settings(Settings(text_tier="sentence"))
    full = score_texts(shipped_model(), texts, tier).probabilities[:, 0]
    assert [s[0].score for s in _signals(sentence, *texts) if s] == [
        round(float(value), 4) for value in full if value >= SIGNAL_FLOOR
    ]


def test_a_band_without_the_sentence_tier_is_refused_by_the_detector() -> None:
    with pytest.raises(ValueError, match="needs the sentence tier"):
        ThreatDetector(band=shipped_band())
