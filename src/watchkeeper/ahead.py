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

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from watchkeeper import heap
from watchkeeper.config import Settings
from watchkeeper.detectors.base import Detector, load_detectors, registered_detectors
from watchkeeper.model import Event, Signal, text_of
from watchkeeper.pipeline import detect_safely

Found = dict[str, list[Signal]]
"""One event's non-empty signals, by the name of the detector that gave them."""

log = logging.getLogger(__name__)

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
    """Worker processes that run the text-only detectors on batches handed to them.

    A worker that dies (killed for memory, say) breaks the pool: every batch not yet
    collected, and every later one, is then scored in this process instead (the
    pipeline runs a detector itself on any event that has no signals ahead), with one
    warning. Nothing accepted waits for a worker that is gone.
    """

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
        self.broken = False
        """True once a worker died; from then on nothing more is sent to the pool."""
        detectors = load_detectors(settings, text_only_names(settings))
        self.ahead = SignalsAhead(detector.name for detector in detectors)
        _WORKER_DETECTORS = detectors
        heap.settle()  # frozen, the children's collections leave the shared pages alone
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        )
        # with "fork", the first task starts every worker at once, before the pool's own
        # management thread: so all of them are forked here, while no thread runs
        self._pool.submit(_ready).result()

    def submit(self, events: list[Event]) -> Future[list[Found]] | None:
        """Start scoring ``events`` in a worker (None once the pool is broken)."""
        if self.broken:
            return None
        try:
            return self._pool.submit(_detect_in_worker, events)
        except BrokenProcessPool:
            self._give_up()
            return None

    def collect(self, events: list[Event], pending: Future[list[Found]] | None) -> None:
        """Wait for ``pending`` (``submit(events)``) and keep its signals for the pipeline."""
        if pending is None:
            return
        try:
            self.ahead.put(events, pending.result())
        except BrokenProcessPool:
            self._give_up()

    def _give_up(self) -> None:
        if not self.broken:
            log.warning("a detector worker process died; the text detectors now run in-process")
        self.broken = True

    def close(self) -> None:
        global _WORKER_DETECTORS
        self._pool.shutdown(wait=True, cancel_futures=True)
        _WORKER_DETECTORS = None


def _ready() -> bool:
    return True


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Runs first in each worker: if the scanning process dies (even ``kill -9``), so do we.

    A worker blocks on its task queue, whose writing end it inherited, so without this
    it would wait for the next batch forever, holding its memory.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)
