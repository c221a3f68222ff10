"""The read side: what the API, the review UI and reports ask of the store.

Reads never take locks and never write, so on SQLite (WAL) they run beside the
single writer and on PostgreSQL beside any number of workers. Each function takes a
connection so the caller decides the transaction (one snapshot for a page that reads
several things).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sqlalchemy import ColumnElement, Connection, func, select

from watchkeeper.model import (
    EVENT_ADAPTER,
    AccountContext,
    Action,
    Case,
    Decision,
    Event,
    EventKind,
    Signal,
)
from watchkeeper.store import codec, sql
from watchkeeper.store.records import AuditEntry
from watchkeeper.store.tables import accounts, audit_log, cases, decisions, events, outbox, signals

STAT_KEYS = (
    "events_pending",
    "events_processed",
    "decisions",
    "cases_open",
    "outbox_pending",
    "outbox_delivered",
    "outbox_dead",
)


def get_event(connection: Connection, event_id: str) -> Event | None:
    payload = connection.execute(
        select(events.c.payload).where(events.c.id == event_id)
    ).scalar_one_or_none()
    return None if payload is None else EVENT_ADAPTER.validate_json(payload)


def event_status(connection: Connection, event_id: str) -> str | None:
    status: str | None = connection.execute(
        select(events.c.status).where(events.c.id == event_id)
    ).scalar_one_or_none()
    return status


def get_decision(connection: Connection, event_id: str) -> Decision | None:
    found = _decisions(connection, decisions.c.event_id == event_id, limit=1)
    return found[0] if found else None


def get_decisions(connection: Connection, event_ids: Sequence[str]) -> dict[str, Decision]:
    """The decisions on those events that have one, by event id (one query per chunk)."""
    found: dict[str, Decision] = {}
    for part in sql.chunks(list(dict.fromkeys(event_ids))):
        for decision in _decisions(connection, decisions.c.event_id.in_(part), len(part)):
            found[decision.event_id] = decision
    return found


def recent_decisions(connection: Connection, limit: int = 50) -> list[Decision]:
    """Decisions on the most recently received events first."""
    return _decisions(connection, None, limit)


def _decisions(
    connection: Connection, where: ColumnElement[bool] | None, limit: int
) -> list[Decision]:
    query = select(decisions, events.c.kind).join(events, events.c.id == decisions.c.event_id)
    if where is not None:
        query = query.where(where)
    rows = connection.execute(query.order_by(events.c.seq.desc()).limit(limit)).all()
    found: dict[str, list[Signal]] = {row.event_id: [] for row in rows}
    for part in sql.chunks(list(found)):
        for s in connection.execute(
            select(signals).where(signals.c.event_id.in_(part)).order_by(signals.c.id)
        ):
            found[s.event_id].append(
                Signal(
                    detector=s.detector,
                    label=s.label,
                    score=s.score,
                    evidence=codec.EVIDENCE_ADAPTER.validate_json(s.evidence),
                    reason=s.reason,
                )
            )
    return [
        Decision(
            event_id=row.event_id,
            event_kind=row.kind,
            actions=codec.ACTIONS_ADAPTER.validate_json(row.actions),
            rule_ids=codec.STRINGS_ADAPTER.validate_json(row.rule_ids),
            signals=found[row.event_id],
            policy_version=row.policy_version,
            decided_at=row.decided_at,
        )
        for row in rows
    ]


def history_page(
    connection: Connection, kinds: Sequence[EventKind], after_seq: int, limit: int
) -> list[tuple[int, Event, list[Action]]]:
    """Decided events of ``kinds`` after ``after_seq`` in receive order, with their actions.

    Detectors that own an index (ban evasion's suspended accounts) rebuild it from this
    on start: the events table is the record, the index only a view of it.
    """
    query = (
        select(events.c.seq, events.c.payload, decisions.c.actions)
        .join(decisions, decisions.c.event_id == events.c.id)
        .where(events.c.kind.in_(list(kinds)), events.c.seq > after_seq)
        .order_by(events.c.seq)
        .limit(limit)
    )
    return [
        (
            row.seq,
            EVENT_ADAPTER.validate_json(row.payload),
            codec.ACTIONS_ADAPTER.validate_json(row.actions),
        )
        for row in connection.execute(query)
    ]


def list_cases(
    connection: Connection,
    state: Literal["open", "closed"] | None = "open",
    queue: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Case]:
    """Cases most urgent first: priority high to low, then the nearest SLA deadline."""
    query = select(cases)
    if state is not None:
        query = query.where(cases.c.state == state)
    if queue is not None:
        query = query.where(cases.c.queue == queue)
    query = query.order_by(cases.c.priority.desc(), cases.c.sla_deadline, cases.c.id)
    rows = connection.execute(query.limit(limit).offset(offset))
    return [codec.case_from_row(row) for row in rows]


def get_case(connection: Connection, case_id: int) -> Case | None:
    row = connection.execute(select(cases).where(cases.c.id == case_id)).one_or_none()
    return None if row is None else codec.case_from_row(row)


def audit_entries(
    connection: Connection,
    event_id: str | None = None,
    limit: int = 100,
    newest_first: bool = False,
) -> list[AuditEntry]:
    """Audit rows in the order they were written (or the newest first)."""
    query = select(audit_log)
    if event_id is not None:
        query = query.where(audit_log.c.event_id == event_id)
    query = query.order_by(audit_log.c.id.desc() if newest_first else audit_log.c.id)
    return [codec.audit_from_row(row) for row in connection.execute(query.limit(limit))]


def account(connection: Connection, account_id: str) -> AccountContext | None:
    row = connection.execute(select(accounts).where(accounts.c.id == account_id)).one_or_none()
    return None if row is None else codec.account_from_row(row)


def stats(connection: Connection) -> dict[str, int]:
    """Row counts an operator watches; every key in :data:`STAT_KEYS` is present."""
    result = dict.fromkeys(STAT_KEYS, 0)
    for status, count in connection.execute(
        select(events.c.status, func.count()).group_by(events.c.status)
    ):
        result[f"events_{status}"] = count
    result["decisions"] = connection.execute(
        select(func.count()).select_from(decisions)
    ).scalar_one()
    result["cases_open"] = connection.execute(
        select(func.count()).select_from(cases).where(cases.c.state == "open")
    ).scalar_one()
    for status, count in connection.execute(
        select(outbox.c.status, func.count()).group_by(outbox.c.status)
    ):
        result[f"outbox_{status}"] = count
    return result
