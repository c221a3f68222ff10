"""Text-only detectors run ahead of the pipeline in forked processes, so ``scan`` uses every core.

The text classifiers cost a few hundred microseconds a post, several times what the
rest of the pipeline costs, and one Python process uses one core. The detectors that
need nothing but the event's text (``Detector.text_only``: lists, doxxing, threat,
extremism) own no index and learn nothing from decisions, so a batch can be scored
by them in another process while the main process stores and decides the batch
before it. Detectors that own state (``evasion`` learns from our own suspensions,
``media`` and ``textmatch`` read banks) stay in the main process, in event order.

``AheadPool`` forks its workers after loading the detectors, so the models are
shared copy-on-write; a batch goes to a worker pickled and comes back as signals per
detector. ``SignalsAhead`` holds them until the pipeline judges the event: it hands
an event its signals only when the event's text is the text that was scored (a
repeated id with other text is scored again, in-process), and ``run_detectors`` runs
a detector itself on every event that has none, so nothing depends on the pool
having seen an event (events left pending by an interrupted run, say).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Sequence
from multiprocessing.pool import AsyncResult

from watchkeeper import heap
from watchkeeper.config import Settings
from watchkeeper.detectors.base import Detector, load_detectors, registered_detectors
from watchkeeper.model import Event, Signal, text_of
from watchkeeper.pipeline import detect_safely

Found = dict[str, list[Signal]]
"""One event's non-empty signals, by the name of the detector that gave them."""

_WORKER_DETECTORS: list[Detector] | None = None
"""Set in the parent just before forking; the workers read it."""


def text_only_names(settings: Settings) -> list[str]:
    """The configured detectors (``settings.detectors``, else all) that read only text."""
    available = registered_detectors()
    wanted = settings.detectors or sorted(available)
    return [name for name in wanted if name in available and available[name].text_only]


def detect_by_detector(detectors: Sequence[Detector], events: Sequence[Event]) -> list[Found]:
    """Each detector's signals for each event, kept apart per detector (empty ones left out)."""
    found: list[Found] = [{} for _ in events]
    for detector in detectors:
        positions = [i for i, event in enumerate(events) if event.kind in detector.reads]
        if not positions:
            continue
        signals = detect_safely(detector, [events[i] for i in positions])
        for position, signals_here in zip(positions, signals, strict=True):
            if signals_here:
                found[position][detector.name] = signals_here
    return found


def _detect_in_worker(events: list[Event]) -> list[Found]:
    assert _WORKER_DETECTORS is not None, "the pool was not started by AheadPool"
    return detect_by_detector(_WORKER_DETECTORS, events)


class SignalsAhead:
    """Signals computed ahead for events not yet judged, by event id."""

    def __init__(self, detectors: Iterable[str]) -> None:
        self.detectors = frozenset(detectors)
        """The detectors whose signals are computed ahead."""
        self._found: dict[str, tuple[str, Found]] = {}

    def __len__(self) -> int:
        return len(self._found)

    def put(self, events: Sequence[Event], found: Sequence[Found]) -> None:
        for event, signals in zip(events, found, strict=True):
            self._found[event.id] = (text_of(event), signals)

    def take(self, event: Event) -> Found | None:
        """The event's signals (and forget them), or None when it was not scored as it is."""
        kept = self._found.pop(event.id, None)
        if kept is None or kept[0] != text_of(event):
            return None
        return kept[1]

    def forget(self, events: Iterable[Event]) -> None:
        """Drop what is left for ``events`` (duplicates the store did not judge again)."""
        for event in events:
            self._found.pop(event.id, None)


class AheadPool:
    """Worker processes that run the text-only detectors on batches handed to them."""

    def __init__(self, settings: Settings, workers: int) -> None:
        """Load the text-only detectors, then fork ``workers`` processes.

        Call before the process starts any thread (a progress bar, a database pool's
        housekeeping): only the forking thread exists in a child. Like ``Runtime.build``
        it freezes the heap (``heap.settle``): what is alive now lives as long as the
        process.
        """
        global _WORKER_DETECTORS
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        detectors = load_detectors(settings, text_only_names(settings))
        self.ahead = SignalsAhead(detector.name for detector in detectors)
        _WORKER_DETECTORS = detectors  # kept while the pool may fork a replacement
        heap.settle()  # frozen, the children's collections leave the shared pages alone
        self._pool = multiprocessing.get_context("fork").Pool(workers)

    def submit(self, events: list[Event]) -> AsyncResult[list[Found]]:
        """Start scoring ``events`` in a worker."""
        return self._pool.apply_async(_detect_in_worker, (events,))

    def collect(self, events: list[Event], pending: AsyncResult[list[Found]]) -> None:
        """Wait for ``pending`` (``submit(events)``) and keep its signals for the pipeline."""
        self.ahead.put(events, pending.get())

    def close(self) -> None:
        global _WORKER_DETECTORS
        self._pool.close()
        self._pool.join()
        _WORKER_DETECTORS = None
