"""Writing the audit log: one row per thing that happened, never changed afterwards.

Every decision, opened or closed case and outbox step leaves a row here, so an
operator can answer "why was this removed, by which rule, and did the platform hear
about it?" long after the content is gone (practice 7). The database itself refuses
UPDATE and DELETE on the table (see the first migration); this module only appends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from watchkeeper.store import codec
from watchkeeper.store.tables import audit_log


def audit_row(
    at: datetime, kind: str, event_id: str | None, detail: Mapping[str, Any]
) -> dict[str, Any]:
    """One ``audit_log`` row, ready for :func:`insert_audit`; ``detail`` becomes JSON."""
    return {"at": at, "kind": kind, "event_id": event_id, "detail": codec.dump_json(detail)}


def insert_audit(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Append ``rows`` (from :func:`audit_row`) in the order given."""
    if rows:
        connection.execute(audit_log.insert(), rows)
