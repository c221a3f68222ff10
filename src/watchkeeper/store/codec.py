"""Translation between stored rows and the shared types, kept in one place.

Every JSON column is written by :func:`dump_json` and read by :func:`load_json`, so
the two backends hold identical text and no module invents its own encoding. The
typed adapters are built once at import (they hold no state) because building them
per row would dominate the cost of a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import pydantic_core
from pydantic import TypeAdapter
from sqlalchemy import Row

from watchkeeper.model import (
    EVENT_LIST_ADAPTER,
    AccountContext,
    Action,
    Case,
    Event,
    Evidence,
)
from watchkeeper.store.records import AuditEntry, OutboxRow

ACTIONS_ADAPTER: TypeAdapter[list[Action]] = TypeAdapter(list[Action])
EVIDENCE_ADAPTER: TypeAdapter[list[Evidence]] = TypeAdapter(list[Evidence])
STRINGS_ADAPTER: TypeAdapter[list[str]] = TypeAdapter(list[str])


def dump_json(value: Any) -> str:
    """Compact JSON for a column; datetimes become ISO 8601, models their JSON form."""
    return pydantic_core.to_json(value).decode()


def load_json(text: str) -> Any:
    """Parse a JSON column."""
    return pydantic_core.from_json(text)


def load_object(text: str) -> dict[str, Any]:
    """Parse a JSON column that must hold an object."""
    value = load_json(text)
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, found {type(value).__name__}")
    return cast(dict[str, Any], value)


def load_events(payloads: Sequence[str]) -> list[Event]:
    """Validate many stored event payloads in one call (one parse, not one per row)."""
    if not payloads:
        return []
    return EVENT_LIST_ADAPTER.validate_json("[" + ",".join(payloads) + "]")


def case_from_row(row: Row[Any]) -> Case:
    return Case(
        id=row.id,
        event_id=row.event_id,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        queue=row.queue,
        priority=row.priority,
        state=row.state,
        created_at=row.created_at,
        sla_deadline=row.sla_deadline,
        rule_ids=STRINGS_ADAPTER.validate_json(row.rule_ids),
        reasons=STRINGS_ADAPTER.validate_json(row.reasons),
    )


def audit_from_row(row: Row[Any]) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        kind=row.kind,
        event_id=row.event_id,
        detail=load_object(row.detail),
    )


def account_from_row(row: Row[Any]) -> AccountContext:
    return AccountContext(
        account_id=row.id,
        created_at=row.created_at,
        strikes=row.strikes,
        suspended=bool(row.suspended),
    )


def outbox_from_row(row: Row[Any]) -> OutboxRow:
    return OutboxRow(
        id=row.id,
        destination=row.destination,
        payload=load_object(row.payload),
        attempts=row.attempts,
        created_at=row.created_at,
    )
