"""Accepting events: store each new id once, as pending, and say which ids were repeats.

Platforms retry and streams replay, so the same event id arriving twice is normal and
must be harmless (practice 5). Deduplication is done by the database, not by a check
before the insert: ``INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id`` reports
exactly the rows it inserted, which stays correct when two ingesters race on the same
id. A repeat within one batch is caught in memory first (the first copy wins).

The payload is the event's own JSON (``model_dump_json``), so the stored event reads
back exactly as it came in; the rows go in as multi-row inserts, which is what keeps
ingest well above the platform's event rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from watchkeeper.model import Event
from watchkeeper.store import sql
from watchkeeper.store.records import IngestResult
from watchkeeper.store.tables import events


def ingest_events(connection: Connection, batch: Sequence[Event], now: datetime) -> IngestResult:
    """Insert ``batch`` as pending events received at ``now``; ids already known are duplicates.

    Both lists of the result keep the order of ``batch``.
    """
    seen: set[str] = set()
    firsts: list[bool] = []
    rows: list[dict[str, Any]] = []
    for event in batch:
        first = event.id not in seen
        firsts.append(first)
        if first:
            seen.add(event.id)
            rows.append(
                {
                    "id": event.id,
                    "kind": event.kind,
                    "payload": event.model_dump_json(),
                    "status": "pending",
                    "received_at": now,
                }
            )
    if not rows:
        return IngestResult(accepted=[], duplicates=[])
    statement = sql.insert_ignoring(connection, events, ["id"]).returning(events.c.id)
    inserted = set(connection.execute(statement, rows).scalars())
    accepted: list[str] = []
    duplicates: list[str] = []
    for event, first in zip(batch, firsts, strict=True):
        (accepted if first and event.id in inserted else duplicates).append(event.id)
    return IngestResult(accepted=accepted, duplicates=duplicates)
