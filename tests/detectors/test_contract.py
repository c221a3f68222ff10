"""The shared test every registered detector must pass: its own examples, the contract.

A detector ships with examples of what it must and must not flag; this runs them for
every detector found through the entry points, third-party ones included, so a
change that breaks a detector's promise fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from watchkeeper.config import Settings
from watchkeeper.detectors.base import Detector, registered_detectors
from watchkeeper.store.repository import Store

DETECTORS = registered_detectors()


def test_the_builtin_text_detectors_are_registered() -> None:
    assert {"lists", "doxxing"} <= set(DETECTORS)


@pytest.mark.parametrize("name", sorted(DETECTORS))
def test_detector_examples_and_contract(name: str, tmp_path: Path) -> None:
    cls = DETECTORS[name]
    url = f"sqlite:///{tmp_path / 'examples.db'}"
    detector = cls.from_settings(Settings(database_url=url))
    assert isinstance(detector, Detector)
    with Store.open(url) as store:  # a scratch store holding what the examples assume
        store.migrate()
        detector.prepare_examples(store)
        detector.bootstrap(store)
    assert cls.name == name
    assert cls.labels, "a detector declares the labels it may emit"
    assert all(0.0 <= threshold <= 1.0 for threshold in cls.labels.values())

    examples = list(cls.examples())
    assert any(example.labels for example in examples), "at least one positive example"
    assert any(not example.labels for example in examples), "at least one negative example"
    assert all(example.event.kind in cls.reads for example in examples)

    results = detector.detect([example.event for example in examples])
    assert len(results) == len(examples), "one list of signals per event"
    for example, signals in zip(examples, results, strict=True):
        for signal in signals:
            assert signal.detector == name
            assert signal.label in cls.labels
            assert 0.0 <= signal.score <= 1.0
            assert signal.reason
        emitted = {s.label for s in signals if s.score >= cls.labels[s.label]}
        assert emitted == example.labels, f"{name}: {example.note or example.event.id}"


@pytest.mark.parametrize("name", sorted(DETECTORS))
def test_detect_on_an_empty_batch(name: str, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}")
    assert DETECTORS[name].from_settings(settings).detect([]) == []
