"""The detector contract and the registry that finds detectors through entry points.

A detector is a small class: a name, the event kinds it reads, the labels it may emit
with their default thresholds, ``detect(batch)`` returning one list of signals per
event, and ``examples()`` that a shared test runs for every registered detector.
Built-in detectors register through the same ``watchkeeper.detectors`` entry-point
group a third-party package would use, so adding one never means editing ours.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, ClassVar

from watchkeeper.model import Event, EventKind, Signal

if TYPE_CHECKING:
    from watchkeeper.config import Settings
    from watchkeeper.store.records import ProcessedEvent
    from watchkeeper.store.repository import Store

ENTRY_POINT_GROUP = "watchkeeper.detectors"


@dataclass(frozen=True)
class DetectorExample:
    """An event and the labels the detector must (and only may) emit for it."""

    event: Event
    labels: frozenset[str] = field(default_factory=frozenset)
    note: str = ""


class Detector(ABC):
    """Turns a batch of events into signals; pure per call except for indexes it owns."""

    name: ClassVar[str]
    reads: ClassVar[frozenset[EventKind]]
    labels: ClassVar[dict[str, float]]
    """Every label this detector may emit, with its shipped default threshold."""
    text_only: ClassVar[bool] = False
    """True when the detector needs nothing but the event's text: no store, no index, and
    nothing learnt from decisions. ``score`` runs these, and ``scan`` runs them in worker
    processes ahead of the pipeline (``watchkeeper.ahead``)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Detector:
        """Build the detector from the operator's settings (default: no settings)."""
        del settings
        return cls()

    @abstractmethod
    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        """Return one list of signals per event, in the batch's order."""

    def bootstrap(self, store: Store) -> None:
        """Rebuild any index this detector owns from the store, once, at start-up."""
        del store

    def prepare_examples(self, store: Store) -> None:
        """Seed a scratch store with what ``examples()`` assume (e.g. a bank entry).

        The shared detector test calls this, then ``bootstrap``, on an empty store.
        """
        del store

    def learn(self, processed: Sequence[ProcessedEvent]) -> None:
        """See the committed outcome of a batch (e.g. our own suspensions feed an index)."""
        del processed

    @classmethod
    @abstractmethod
    def examples(cls) -> Sequence[DetectorExample]:
        """Events with the labels expected for them; the shared detector test runs these."""


class UnknownDetectorError(LookupError):
    """Raised when settings name a detector that no installed package registers."""


def registered_detectors() -> dict[str, type[Detector]]:
    """Every detector class registered in the ``watchkeeper.detectors`` entry-point group."""
    found: dict[str, type[Detector]] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        cls = entry.load()
        if not (isinstance(cls, type) and issubclass(cls, Detector)):
            raise TypeError(f"entry point {entry.name!r} = {entry.value} is not a Detector class")
        if cls.name != entry.name:
            raise TypeError(f"entry point {entry.name!r} loads detector named {cls.name!r}")
        found[entry.name] = cls
    return found


def load_detectors(settings: Settings, names: Sequence[str] | None = None) -> list[Detector]:
    """Instantiate the named detectors (default: those in settings, else all registered)."""
    available = registered_detectors()
    wanted = list(names if names is not None else settings.detectors or sorted(available))
    missing = [name for name in wanted if name not in available]
    if missing:
        raise UnknownDetectorError(
            f"unknown detector(s) {', '.join(missing)}; installed: {', '.join(sorted(available))}"
        )
    return [available[name].from_settings(settings) for name in wanted]


def label_thresholds(detectors: Sequence[Detector]) -> dict[str, float]:
    """Each label the detectors may emit, with its default threshold.

    A detector whose labels come from data it loads (the operator's lists) exposes
    them as an instance attribute ``active_labels``; the class's ``labels`` otherwise.
    """
    thresholds: dict[str, float] = {}
    for detector in detectors:
        thresholds.update(getattr(detector, "active_labels", detector.labels))
    return thresholds
