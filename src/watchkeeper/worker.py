"""The in-process worker: decides pending events and delivers the outbox in the background.

On one machine ``serve`` runs it as a thread beside the HTTP API; ingest wakes it so
a posted event is decided within milliseconds, and a poll interval catches work left
by a crash or written by another process.
"""

from __future__ import annotations

import logging
import threading
import time

from watchkeeper.banks.repository import BankRepository
from watchkeeper.banks.retrohunt import RetroHunt
from watchkeeper.banks.scheduler import ExchangeScheduler
from watchkeeper.outbox.sender import Backoff, OutboxSender
from watchkeeper.runtime import Runtime

log = logging.getLogger(__name__)


class Worker:
    """A daemon thread looping over ``pipeline.run_once`` and ``sender.deliver_due``."""

    def __init__(self, runtime: Runtime) -> None:
        settings = runtime.settings
        self._runtime = runtime
        self._sender = OutboxSender(
            runtime.store,
            settings.webhooks,
            max_attempts=settings.outbox_max_attempts,
            backoff=Backoff(settings.outbox_backoff_seconds, settings.outbox_backoff_max_seconds),
        )
        self._retrohunt = RetroHunt(runtime.store, days=settings.retrohunt_days)
        self._retrohunt_every = settings.retrohunt_interval_seconds
        self._next_retrohunt = time.monotonic() + self._retrohunt_every
        self._exchanges = ExchangeScheduler(
            BankRepository(runtime.store),
            settings.bank_exchanges,
            settings.exchange_interval_seconds,
        )
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="watchkeeper-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Tell the worker new events are waiting."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        self._sender.close()

    def _loop(self) -> None:
        poll = self._runtime.settings.worker_poll_seconds
        while not self._stop.is_set():
            busy = False
            try:
                busy = bool(self._runtime.pipeline.run_once())
                if self._runtime.settings.webhooks:
                    report = self._sender.deliver_due()
                    busy = busy or bool(report.delivered or report.retried or report.dead)
                self._exchanges.run_due()
                if time.monotonic() >= self._next_retrohunt:
                    self._next_retrohunt = time.monotonic() + self._retrohunt_every
                    busy = bool(self._retrohunt.run_once().reports) or busy
            except Exception:  # keep the worker alive; the batch stays pending and is retried
                log.exception("worker pass failed; pending events will be retried")
            if not busy:
                self._wake.wait(poll)
                self._wake.clear()
