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
import gc
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from watchkeeper.detectors.base import Detector
from watchkeeper.model import Event, Signal, text_of
from watchkeeper.pipeline import run_detectors

Found = dict[str, list[Signal]]
"""One event's non-empty signals, by the name of the detector that gave them."""

log = logging.getLogger(__name__)


def text_only(detectors: Iterable[Detector]) -> list[Detector]:
    """The detectors that read nothing but text (``Detector.text_only``), in order."""
    return [detector for detector in detectors if detector.text_only]


def detect_by_detector(detectors: Sequence[Detector], events: Sequence[Event]) -> list[Found]:
    """Each detector's signals for each event, kept apart per detector (empty ones left out)."""
    found: list[Found] = [{} for _ in events]
    for detector in detectors:
        for position, signals in enumerate(run_detectors([detector], events)):
            if signals:
                found[position][detector.name] = signals
    return found


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

    Each worker has a pipe of its own and gets the batches round-robin, so results
    come back from each worker in the order it was sent them. A worker that dies
    (killed for memory, say) shows up as the end of its pipe: the batches it held, and
    every later one, are then scored in this process instead (the pipeline runs a
    detector itself on any event without signals ahead), with one warning. Nothing
    accepted waits for a worker that is gone. (``multiprocessing.Pool`` waits forever
    for a task whose worker was killed, and ``ProcessPoolExecutor`` can too, when the
    worker dies halfway through sending its result on the queue all workers share.)
    """

    def __init__(self, detectors: Sequence[Detector], workers: int) -> None:
        """Fork ``workers`` processes that run ``detectors`` (``text_only`` ones, loaded).

        Call before the process starts any thread (a progress bar, a database pool's
        housekeeping): only the forking thread exists in a child. What is alive now is
        frozen out of the collector's way (``gc.freeze``, as ``heap.settle`` does), so
        the children's collections leave the pages they share with this process alone.
        """
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.broken = False
        """True once a worker died; from then on nothing more is sent to the pool."""
        self.ahead = SignalsAhead(detector.name for detector in detectors)
        gc.freeze()
        context = multiprocessing.get_context("fork")
        self._pipes: list[Connection] = []
        self._processes: list[BaseProcess] = []
        for _ in range(workers):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_serve, args=(theirs, list(detectors), os.getpid()), daemon=True
            )
            process.start()
            theirs.close()  # so that the worker's death ends this pipe for us
            self._pipes.append(mine)
            self._processes.append(process)
        self._sent = 0
        self._collected = 0

    def submit(self, events: list[Event]) -> Connection | None:
        """Send ``events`` to the next worker; None once the pool is broken."""
        if self.broken:
            return None
        pipe = self._pipes[self._sent % self.workers]
        self._sent += 1
        try:
            pipe.send(events)
        except OSError:  # the worker is gone
            self._give_up()
            return None
        return pipe

    def collect(self, events: list[Event], pending: Connection | None) -> None:
        """Wait for the signals of ``events`` (from ``submit``) and keep them for the pipeline.

        Batches must be collected in the order they were submitted.
        """
        self._collected += 1
        if pending is None or self.broken:
            return
        try:
            found: list[Found] = pending.recv()
        except (EOFError, OSError):  # the worker died, perhaps halfway through its answer
            self._give_up()
            return
        self.ahead.put(events, found)

    def _give_up(self) -> None:
        if not self.broken:
            log.warning("a detector worker process died; the text detectors now run in-process")
        self.broken = True

    def close(self) -> None:
        """Stop the workers: they finish and exit, or (when answers are left unread, after
        an error or a worker's death) are killed, since they may wait to be read."""
        unread = self._sent - self._collected
        for pipe in self._pipes:
            with contextlib.suppress(OSError):
                pipe.send(None)
        for process in self._processes:
            process.join(timeout=1 if self.broken or unread else 30)
            if process.is_alive():
                process.kill()
                process.join()
        for pipe in self._pipes:
            pipe.close()


def _serve(pipe: Connection, detectors: list[Detector], parent: int) -> None:
    """A worker: score each batch that arrives, answer in order, stop at None.

    A thread takes batches off the pipe while the main thread scores, so the parent
    never blocks sending the next batch while this worker blocks sending an answer.
    """
    _die_with_parent(parent)
    inbox: queue.SimpleQueue[list[Event] | None] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                batch = pipe.recv()
            except (EOFError, OSError):
                batch = None
            inbox.put(batch)
            if batch is None:
                return

    threading.Thread(target=receive, daemon=True).start()
    while (batch := inbox.get()) is not None:
        pipe.send(detect_by_detector(detectors, batch))


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Runs first in each worker: if the scanning process dies (even ``kill -9``), so do we.

    A worker waits on its pipe, whose other end it also holds (inherited at the fork),
    so the pipe never ends for it: without this it would wait for the next batch
    forever, holding its memory.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)
