"""The outbox's life cycle: pending → (retry …) → delivered or dead, every step audited.

Actions reach the platform through the outbox rather than directly from the pipeline,
so a webhook is only ever sent for a decision that was committed, and a platform
that is down delays actions instead of losing them (the transactional-outbox idea).

A sender takes messages with :func:`take_due`, which leases them: their
``next_attempt_at`` moves ``lease`` into the future in the same transaction that
selects them (``FOR UPDATE SKIP LOCKED`` on PostgreSQL). A second sender therefore
never gets the same message while the first is still trying, and a sender that
dies mid-delivery only delays its messages by the lease. Delivery is at least once;
the platform deduplicates by the event id carried in the payload.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from watchkeeper.store import codec
from watchkeeper.store.audit_repo import audit_row, insert_audit
from watchkeeper.store.records import OutboxRow
from watchkeeper.store.tables import outbox

DEFAULT_LEASE = timedelta(minutes=5)
"""How long a taken message stays invisible to other senders (covers a slow batch)."""


def new_row(
    event_id: str | None, destination: str, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """The columns of a message just queued: pending, due now, never tried."""
    return {
        "event_id": event_id,
        "destination": destination,
        "payload": codec.dump_json(payload),
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": None,
        "created_at": now,
        "delivered_at": None,
    }


def enqueue(
    connection: Connection,
    destination: str,
    payload: Mapping[str, Any],
    event_id: str | None,
    now: datetime,
) -> int:
    """Add one message outside the pipeline (e.g. a moderator's action); returns its id."""
    statement = outbox.insert().returning(outbox.c.id)
    new_id: int = connection.execute(
        statement, new_row(event_id, destination, payload, now)
    ).scalar_one()
    insert_audit(
        connection,
        [
            audit_row(
                now, "outbox_enqueued", event_id, {"outbox_id": new_id, "destination": destination}
            )
        ],
    )
    return new_id


def take_due(
    connection: Connection,
    now: datetime,
    limit: int,
    lease: timedelta = DEFAULT_LEASE,
    destinations: Sequence[str] | None = None,
) -> list[OutboxRow]:
    """Pending messages due at ``now``, earliest due first, leased until ``now + lease``.

    With ``destinations``, only messages for those destinations (a sender takes only
    what it can deliver; the rest wait for a configuration that names them).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    query = select(outbox).where(outbox.c.status == "pending", outbox.c.next_attempt_at <= now)
    if destinations is not None:
        query = query.where(outbox.c.destination.in_(list(destinations)))
    query = (
        query.order_by(outbox.c.next_attempt_at, outbox.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = connection.execute(query).all()
    if rows:
        connection.execute(
            update(outbox)
            .where(outbox.c.id.in_([row.id for row in rows]))
            .values(next_attempt_at=now + lease)
        )
    return [codec.outbox_from_row(row) for row in rows]


def mark_delivered(connection: Connection, outbox_id: int, now: datetime) -> bool:
    """Record a successful delivery. False if the message was not pending."""
    return _finish(
        connection,
        outbox_id,
        now,
        "outbox_delivered",
        {"status": "delivered", "delivered_at": now, "last_error": None},
        {},
    )


def mark_retry(
    connection: Connection, outbox_id: int, error: str, next_attempt_at: datetime, now: datetime
) -> bool:
    """Record a failed attempt and when to try again. False if the message was not pending."""
    return _finish(
        connection,
        outbox_id,
        now,
        "outbox_failed",
        {"next_attempt_at": next_attempt_at, "last_error": error},
        {"error": error, "next_attempt_at": next_attempt_at},
    )


def mark_dead(connection: Connection, outbox_id: int, error: str, now: datetime) -> bool:
    """Give up on a message after its last failed attempt. False if it was not pending."""
    return _finish(
        connection,
        outbox_id,
        now,
        "outbox_dead",
        {"status": "dead", "last_error": error},
        {"error": error},
    )


def _finish(
    connection: Connection,
    outbox_id: int,
    now: datetime,
    audit_kind: str,
    values: Mapping[str, Any],
    detail: Mapping[str, Any],
) -> bool:
    statement = (
        update(outbox)
        .where(outbox.c.id == outbox_id, outbox.c.status == "pending")
        .values(attempts=outbox.c.attempts + 1, **values)
        .returning(outbox.c.event_id, outbox.c.destination, outbox.c.attempts)
    )
    row = connection.execute(statement).one_or_none()
    if row is None:
        return False
    full = {
        "outbox_id": outbox_id,
        "destination": row.destination,
        "attempts": row.attempts,
        **detail,
    }
    insert_audit(connection, [audit_row(now, audit_kind, row.event_id, full)])
    return True
