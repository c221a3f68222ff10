"""Text-only detectors run ahead in forked workers: same signals, handed over only when they fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from streams import CAMPAIGN_TEXT, DOX_TEXT

from watchkeeper.ahead import AheadPool, SignalsAhead, detect_by_detector, text_only
from watchkeeper.config import Settings
from watchkeeper.detectors.base import Detector, DetectorExample, load_detectors
from watchkeeper.model import AccountEvent, Event, EventKind, PostEvent, Signal
from watchkeeper.pipeline import run_detectors


def post(event_id: str, text: str) -> PostEvent:
    return PostEvent(id=event_id, author_id="a1", text=text)


EVENTS: list[Event] = [
    post("p1", CAMPAIGN_TEXT),
    post("p2", "nice day at the beach"),
    post("p3", DOX_TEXT),
    post("p4", "I will kill you tomorrow with a knife"),
    AccountEvent(id="acc1", account_id="u1", action="signup", username="lone_wolf"),
]


class Counting(Detector):
    """Says which process ran it and counts the events it saw here."""

    name = "counting"
    reads: ClassVar[frozenset[EventKind]] = frozenset({"post"})
    labels: ClassVar[dict[str, float]] = {"seen": 0.5}
    text_only = True

    def __init__(self) -> None:
        self.seen: list[str] = []

    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        self.seen += [event.id for event in batch]
        return [[Signal(detector=self.name, label="seen", score=1.0, reason="here")] for _ in batch]

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        return []


def test_the_text_only_detectors_are_the_configured_ones_that_read_only_text() -> None:
    names = [detector.name for detector in text_only(load_detectors(Settings()))]
    assert {"threat", "extremism", "lists", "doxxing"} <= set(names)
    assert "evasion" not in names and "media" not in names
    configured = load_detectors(Settings(detectors=["evasion", "threat"]))
    assert [detector.name for detector in text_only(configured)] == ["threat"]


def test_signals_by_detector_merge_into_what_run_detectors_gives() -> None:
    detectors = text_only(load_detectors(Settings()))
    found = detect_by_detector(detectors, EVENTS)
    merged = run_detectors(detectors, EVENTS)
    for by_detector, signals in zip(found, merged, strict=True):
        in_order = [s for d in detectors for s in by_detector.get(d.name, [])]
        assert in_order == signals
    assert found[0] and found[2] and not found[1]


def test_signals_are_handed_over_once_and_only_for_the_text_that_was_scored() -> None:
    ahead = SignalsAhead(["counting"])
    signal = Signal(detector="counting", label="seen", score=1.0, reason="ahead")
    ahead.put([post("p1", "first text"), post("p2", "x")], [{"counting": [signal]}, {}])
    assert ahead.take(post("p1", "first text")) == {"counting": [signal]}
    assert ahead.take(post("p1", "first text")) is None  # taken already
    assert ahead.take(post("p2", "other text")) is None  # same id, other text
    ahead.put([post("p3", "y")], [{}])
    ahead.forget([post("p3", "y")])
    assert len(ahead) == 0


def test_run_detectors_uses_ahead_signals_and_runs_the_rest_itself() -> None:
    detector = Counting()
    ahead = SignalsAhead(["counting"])
    elsewhere = Signal(detector="counting", label="seen", score=1.0, reason="elsewhere")
    events = [post("p1", "a"), post("p2", "b"), post("p3", "c")]
    ahead.put(events[:1], [{"counting": [elsewhere]}])
    ahead.put(events[1:2], [{}])  # scored ahead, nothing found
    merged = run_detectors([detector], events, ahead)
    assert detector.seen == ["p3"]
    assert [[s.reason for s in signals] for signals in merged] == [["elsewhere"], [], ["here"]]


def test_workers_in_other_processes_give_the_signals_of_the_detectors_here() -> None:
    detectors = text_only(load_detectors(Settings()))
    pool = AheadPool(detectors, workers=2)
    try:
        pending = [pool.submit(EVENTS[:3]), pool.submit(EVENTS[3:])]
        pool.collect(EVENTS[:3], pending[0])
        pool.collect(EVENTS[3:], pending[1])
    finally:
        pool.close()
    expected = detect_by_detector(detectors, EVENTS)
    assert [pool.ahead.take(event) for event in EVENTS] == expected
    assert pool.ahead.detectors == {detector.name for detector in detectors}
