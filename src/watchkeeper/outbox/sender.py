"""Deliver stored outbox messages by webhook: signed, retried with backoff, restart-safe.

State lives in the store, not in memory: a message is pending until a 2xx answer
marks it delivered, so a crash or restart only delays delivery, never loses it.
Each delivery carries its outbox id (``Watchkeeper-Delivery``) so the receiver can
ignore a repeat if we crash between its 2xx and our commit.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx

from watchkeeper.config import WebhookTarget
from watchkeeper.outbox.signing import SIGNATURE_HEADER, sign
from watchkeeper.store.records import OutboxRow
from watchkeeper.store.repository import Store

RETRYABLE_STATUS = frozenset({408, 409, 425, 429})


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class DeliveryReport:
    """What one pass over the due messages did."""

    delivered: int = 0
    retried: int = 0
    dead: int = 0


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with a little jitter so retries from many rows spread out."""

    base_seconds: float = 2.0
    max_seconds: float = 3600.0
    jitter: float = 0.1

    def delay(self, attempts: int) -> timedelta:
        seconds = min(self.base_seconds * (2 ** max(attempts - 1, 0)), self.max_seconds)
        return timedelta(seconds=seconds * (1 + random.uniform(0, self.jitter)))


class OutboxSender:
    """Sends due outbox rows to their configured destinations."""

    def __init__(
        self,
        store: Store,
        targets: Mapping[str, WebhookTarget],
        *,
        max_attempts: int = 12,
        backoff: Backoff | None = None,
        clock: Callable[[], datetime] = utcnow,
        client: httpx.Client | None = None,
    ) -> None:
        self._store = store
        self._targets = dict(targets)
        self._max_attempts = max_attempts
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._client = client or httpx.Client(follow_redirects=False)
        self._owns_client = client is None

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def deliver_due(self, limit: int = 100) -> DeliveryReport:
        """Try every due message for a configured destination once."""
        report = DeliveryReport()
        now = self._clock()
        for row in self._store.due_outbox(now, limit, destinations=sorted(self._targets)):
            self._deliver(row, report)
        return report

    def _deliver(self, row: OutboxRow, report: DeliveryReport) -> None:
        target = self._targets[row.destination]
        body = json.dumps(row.payload, separators=(",", ":"), sort_keys=True).encode()
        now = self._clock()
        headers = {
            "Content-Type": "application/json",
            "Watchkeeper-Delivery": str(row.id),
            "Watchkeeper-Destination": row.destination,
            SIGNATURE_HEADER: sign(target.secret.get_secret_value(), body, int(now.timestamp())),
        }
        try:
            response = self._client.post(
                target.url, content=body, headers=headers, timeout=target.timeout_seconds
            )
        except httpx.HTTPError as error:
            self._retry(row, f"{type(error).__name__}: {error}", None, report)
            return
        if 200 <= response.status_code < 300:
            self._store.mark_delivered(row.id, self._clock())
            report.delivered += 1
        elif response.status_code >= 500 or response.status_code in RETRYABLE_STATUS:
            wait = _retry_after(response, now)
            self._retry(row, f"HTTP {response.status_code}", wait, report)
        else:
            self._store.mark_dead(row.id, f"HTTP {response.status_code}: not retried")
            report.dead += 1

    def _retry(
        self, row: OutboxRow, error: str, wait: timedelta | None, report: DeliveryReport
    ) -> None:
        if row.attempts + 1 >= self._max_attempts:
            self._store.mark_dead(row.id, f"{error} (gave up after {row.attempts + 1} attempts)")
            report.dead += 1
            return
        delay = max(wait or timedelta(0), self._backoff.delay(row.attempts + 1))
        self._store.mark_retry(row.id, error, self._clock() + delay)
        report.retried += 1


def _retry_after(response: httpx.Response, now: datetime) -> timedelta | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    if value.strip().isdigit():
        return timedelta(seconds=min(int(value), 86_400))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when - now, timedelta(0)) if when.tzinfo else None
