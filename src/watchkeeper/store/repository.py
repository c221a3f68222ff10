"""``Store``: the one narrow interface the rest of Watchkeeper persists through.

The pipeline, the API, the review UI and the webhook sender all talk to this class and
never to SQL, so SQLite and PostgreSQL are interchangeable behind it and one test
suite proves both (practice 4). Each method is one transaction; writes on SQLite take
the write lock up front (``BEGIN IMMEDIATE``), reads never block the writer.

The work itself lives in small modules that take a connection: :mod:`.ingest`,
:mod:`.processing`, :mod:`.outbox_repo`, :mod:`.reads`, :mod:`.migrate`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import Connection, Engine, update
from sqlalchemy.engine import URL

from watchkeeper.model import AccountContext, Action, Case, Decision, Event, EventKind
from watchkeeper.store import migrate, outbox_repo, reads
from watchkeeper.store.audit_repo import audit_row, insert_audit
from watchkeeper.store.engine import make_engine, writer
from watchkeeper.store.ingest import ingest_events
from watchkeeper.store.processing import Judge, process_batch
from watchkeeper.store.records import AuditEntry, IngestResult, OutboxRow
from watchkeeper.store.tables import cases

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Events in, decisions and their consequences out, one transaction per call."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._writer = writer(engine)
        self._clock = clock

    @classmethod
    def open(cls, url: str | URL, *, clock: Clock = utc_now, **engine_kwargs: Any) -> Store:
        """A store on ``url`` (not yet migrated: call :meth:`migrate`)."""
        return cls(make_engine(url, **engine_kwargs), clock=clock)

    @property
    def engine(self) -> Engine:
        """The underlying engine, for tools and tests that need raw SQL."""
        return self._engine

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest revision; a no-op when current."""
        migrate.upgrade(self._engine)

    def close(self) -> None:
        """Close every pooled connection. The store must not be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as connection:
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._writer.begin() as connection:
            yield connection

    # -- write side -----------------------------------------------------------

    def ingest(self, batch: Sequence[Event]) -> IngestResult:
        """Store new events as pending; ids already stored (or repeated) are duplicates."""
        if not batch:
            return IngestResult(accepted=[], duplicates=[])
        with self._write() as connection:
            return ingest_events(connection, batch, self._clock())

    def process_pending(self, limit: int, judge: Judge, *, now: datetime | None = None) -> int:
        """Judge up to ``limit`` pending events in receive order and store the outcome.

        One transaction: if ``judge`` raises, nothing is written and the events stay
        pending. ``judge`` gets every claimed event and a context for each account
        they involve (unknown accounts get a blank one), as stored before this batch;
        it must return exactly one result per event. It runs inside the transaction
        (on SQLite, holding the write lock), so it should be pure and quick. ``now``
        stamps cases, outbox messages and audit rows (default: the store's clock).
        Returns how many events were processed (0 when none were pending).
        """
        with self._write() as connection:
            stamp = now if now is not None else self._clock()
            return process_batch(connection, limit, judge, stamp)

    def append_audit(self, kind: str, event_id: str | None, detail: Mapping[str, Any]) -> None:
        """Add one line to the audit log (e.g. a moderator's action)."""
        with self._write() as connection:
            insert_audit(connection, [audit_row(self._clock(), kind, event_id, detail)])

    def close_case(self, case_id: int, *, reason: str = "", by: str | None = None) -> bool:
        """Close an open case (audited as ``case_closed``). False if it was not open."""
        now = self._clock()
        with self._write() as connection:
            row = connection.execute(
                update(cases)
                .where(cases.c.id == case_id, cases.c.state == "open")
                .values(state="closed", closed_at=now)
                .returning(cases.c.event_id)
            ).one_or_none()
            if row is None:
                return False
            detail = {"case_id": case_id, "reason": reason, "by": by}
            insert_audit(connection, [audit_row(now, "case_closed", row.event_id, detail)])
            return True

    # -- read side ------------------------------------------------------------

    def get_event(self, event_id: str) -> Event | None:
        with self._read() as connection:
            return reads.get_event(connection, event_id)

    def event_status(self, event_id: str) -> str | None:
        """``pending``, ``processed``, or None for an unknown id."""
        with self._read() as connection:
            return reads.event_status(connection, event_id)

    def get_decision(self, event_id: str) -> Decision | None:
        """The stored decision with its signals, as the policy made it."""
        with self._read() as connection:
            return reads.get_decision(connection, event_id)

    def history(
        self, kinds: Sequence[EventKind], *, page: int = 5_000
    ) -> Iterator[tuple[Event, list[Action]]]:
        """Every decided event of ``kinds`` in receive order, with its actions, page by page."""
        after = 0
        while True:
            with self._read() as connection:
                rows = reads.history_page(connection, kinds, after, page)
            yield from ((event, actions) for _, event, actions in rows)
            if len(rows) < page:
                return
            after = rows[-1][0]

    def get_decisions(self, event_ids: Sequence[str]) -> dict[str, Decision]:
        """Decisions by event id for those of ``event_ids`` that have one."""
        with self._read() as connection:
            return reads.get_decisions(connection, event_ids)

    def recent_decisions(self, limit: int = 50) -> list[Decision]:
        """Decisions on the most recently received events first, with their signals."""
        with self._read() as connection:
            return reads.recent_decisions(connection, limit)

    def list_cases(
        self,
        state: Literal["open", "closed"] | None = "open",
        queue: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Case]:
        """Cases most urgent first (priority desc, SLA deadline asc); state None = all."""
        with self._read() as connection:
            return reads.list_cases(connection, state, queue, limit, offset)

    def get_case(self, case_id: int) -> Case | None:
        with self._read() as connection:
            return reads.get_case(connection, case_id)

    def audit_entries(
        self, event_id: str | None = None, limit: int = 100, *, newest_first: bool = False
    ) -> list[AuditEntry]:
        with self._read() as connection:
            return reads.audit_entries(connection, event_id, limit, newest_first)

    def stats(self) -> dict[str, int]:
        """Counts: events pending/processed, decisions, open cases, outbox by status."""
        with self._read() as connection:
            return reads.stats(connection)

    def account(self, account_id: str) -> AccountContext | None:
        with self._read() as connection:
            return reads.account(connection, account_id)

    # -- outbox ---------------------------------------------------------------

    def due_outbox(
        self,
        now: datetime,
        limit: int,
        *,
        destinations: Sequence[str] | None = None,
        lease: timedelta = outbox_repo.DEFAULT_LEASE,
    ) -> list[OutboxRow]:
        """Pending messages due by ``now``, earliest first, leased to the caller.

        A taken message is hidden from other callers until ``now + lease`` unless it
        is marked first; mark each one delivered, retry or dead. ``destinations``
        limits it to messages for those destinations.
        """
        with self._write() as connection:
            return outbox_repo.take_due(connection, now, limit, lease, destinations)

    def mark_delivered(self, outbox_id: int, now: datetime) -> bool:
        with self._write() as connection:
            return outbox_repo.mark_delivered(connection, outbox_id, now)

    def mark_retry(self, outbox_id: int, error: str, next_attempt_at: datetime) -> bool:
        """A failed attempt (attempts += 1); due again at ``next_attempt_at``."""
        with self._write() as connection:
            return outbox_repo.mark_retry(
                connection, outbox_id, error, next_attempt_at, self._clock()
            )

    def mark_dead(self, outbox_id: int, error: str) -> bool:
        """The last failed attempt (attempts += 1); never sent again."""
        with self._write() as connection:
            return outbox_repo.mark_dead(connection, outbox_id, error, self._clock())

    def enqueue_outbox(
        self, destination: str, payload: Mapping[str, Any], event_id: str | None = None
    ) -> int:
        """Queue a message that no pipeline decision produced (e.g. a moderator action)."""
        with self._write() as connection:
            return outbox_repo.enqueue(connection, destination, payload, event_id, self._clock())
