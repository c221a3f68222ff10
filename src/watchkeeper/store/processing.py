"""The write path of a batch: claim pending events, judge them, persist every consequence.

Everything for one batch happens in one transaction (practice 5): the events are
claimed, the judge runs, and decisions, signals, cases, outbox messages, account
changes, audit rows and the ``processed`` marks are written together, so a crash or
a failing judge leaves the batch pending and nothing half-written. Replaying is safe:
the decision insert is ``ON CONFLICT DO NOTHING`` on the event id, and only events
whose decision row was actually inserted get their other consequences written, so
one event never produces two decisions, two cases or two webhooks.

Several workers may run at once on PostgreSQL: claims use ``FOR UPDATE SKIP LOCKED``
and account rows are locked in id order (:mod:`.accounts_repo`), so workers neither
share events nor deadlock. On SQLite the caller holds the write lock (``BEGIN IMMEDIATE``) instead.

Rows are written with Core ``executemany`` and JSON is encoded once per value; this
module is the pipeline's hot path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from watchkeeper.model import AccountContext, Event
from watchkeeper.store import codec, outbox_repo, sql
from watchkeeper.store.accounts_repo import accounts_of, apply_account_changes, load_accounts
from watchkeeper.store.audit_repo import audit_row, insert_audit
from watchkeeper.store.records import ProcessedEvent
from watchkeeper.store.tables import cases, decisions, events, outbox, signals

Judge = Callable[[list[Event], Mapping[str, AccountContext]], list[ProcessedEvent]]
"""Pure function from a batch (and what is known of its accounts) to its consequences."""


def process_batch(connection: Connection, limit: int, judge: Judge, now: datetime) -> int:
    """Claim up to ``limit`` pending events, judge them and store the results.

    Must run inside a write transaction. Returns how many events were marked processed.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    seqs, batch = claim_pending(connection, limit)
    if not batch:
        return 0
    known = load_accounts(connection, accounts_of(batch))
    results = judge(batch, known)
    check_results(batch, results)
    fresh = insert_decisions(connection, results)
    insert_signals(connection, fresh)
    opened = insert_cases(connection, fresh, now)
    insert_outbox(connection, fresh, now)
    apply_account_changes(connection, (c for r in fresh for c in r.account_changes), now)
    insert_audit(connection, _audit_rows(fresh, opened, now))
    mark_processed(connection, seqs, now)
    return len(batch)


def claim_pending(connection: Connection, limit: int) -> tuple[list[int], list[Event]]:
    """The oldest pending events, locked for this transaction (skipping others' locks)."""
    query = (
        select(events.c.seq, events.c.payload)
        .where(events.c.status == "pending")
        .order_by(events.c.seq)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = connection.execute(query).all()
    return [row.seq for row in rows], codec.load_events([row.payload for row in rows])


def check_results(batch: Sequence[Event], results: Sequence[ProcessedEvent]) -> None:
    """Refuse a judge's answer unless it is exactly one consistent result per event."""
    expected = {event.id for event in batch}
    seen: set[str] = set()
    for result in results:
        event_id = result.event.id
        if result.decision.event_id != event_id:
            raise ValueError(
                f"judge returned a decision for {result.decision.event_id!r} "
                f"attached to event {event_id!r}"
            )
        if event_id not in expected:
            raise ValueError(f"judge returned a result for unclaimed event {event_id!r}")
        if event_id in seen:
            raise ValueError(f"judge returned two results for event {event_id!r}")
        seen.add(event_id)
    missing = expected - seen
    if missing:
        raise ValueError(
            f"judge returned no result for {len(missing)} event(s), e.g. {min(missing)!r}"
        )


def insert_decisions(
    connection: Connection, results: Sequence[ProcessedEvent]
) -> list[ProcessedEvent]:
    """Insert one decision per event; return the results whose decision is new.

    An event that already has a decision (a replay, or a race lost to another worker)
    keeps the first one and gets none of this batch's consequences.
    """
    if not results:
        return []
    rows = [
        {
            "event_id": r.decision.event_id,
            "verdict": r.decision.verdict,
            "rule_ids": codec.dump_json(r.decision.rule_ids),
            "actions": codec.ACTIONS_ADAPTER.dump_json(r.decision.actions).decode(),
            "policy_version": r.decision.policy_version,
            "decided_at": r.decision.decided_at,
        }
        for r in results
    ]
    statement = sql.insert_ignoring(connection, decisions, ["event_id"]).returning(
        decisions.c.event_id
    )
    inserted = set(connection.execute(statement, rows).scalars())
    if len(inserted) == len(results):
        return list(results)
    return [r for r in results if r.event.id in inserted]


def insert_signals(connection: Connection, results: Sequence[ProcessedEvent]) -> None:
    rows = [
        {
            "event_id": r.event.id,
            "detector": s.detector,
            "label": s.label,
            "score": s.score,
            "evidence": codec.EVIDENCE_ADAPTER.dump_json(s.evidence).decode(),
            "reason": s.reason,
        }
        for r in results
        for s in r.decision.signals
    ]
    if rows:
        connection.execute(signals.insert(), rows)


@dataclass(frozen=True)
class OpenedCase:
    """A case row just inserted, for its audit entry."""

    id: int
    event_id: str
    detail: dict[str, Any]


def insert_cases(
    connection: Connection, results: Sequence[ProcessedEvent], now: datetime
) -> list[OpenedCase]:
    rows: list[dict[str, Any]] = [
        {
            "event_id": r.event.id,
            "subject_kind": c.subject_kind,
            "subject_id": c.subject_id,
            "queue": c.queue,
            "priority": c.priority,
            "state": "open",
            "created_at": now,
            "sla_deadline": c.sla_deadline,
            "closed_at": None,
            "rule_ids": codec.dump_json(c.rule_ids),
            "reasons": codec.dump_json(c.reasons),
        }
        for r in results
        for c in r.cases
    ]
    if not rows:
        return []
    statement = cases.insert().returning(cases.c.id, sort_by_parameter_order=True)
    ids = connection.execute(statement, rows).scalars().all()
    return [
        OpenedCase(
            id=case_id,
            event_id=row["event_id"],
            detail={
                "case_id": case_id,
                "queue": row["queue"],
                "priority": row["priority"],
                "subject_kind": row["subject_kind"],
                "subject_id": row["subject_id"],
                "sla_deadline": row["sla_deadline"],
            },
        )
        for case_id, row in zip(ids, rows, strict=True)
    ]


def insert_outbox(connection: Connection, results: Sequence[ProcessedEvent], now: datetime) -> None:
    rows = [
        outbox_repo.new_row(r.event.id, m.destination, m.payload, now)
        for r in results
        for m in r.outbox
    ]
    if rows:
        connection.execute(outbox.insert(), rows)


def _audit_rows(
    fresh: Sequence[ProcessedEvent], opened: Sequence[OpenedCase], now: datetime
) -> list[dict[str, Any]]:
    cases_by_event: dict[str, list[OpenedCase]] = {}
    for case in opened:
        cases_by_event.setdefault(case.event_id, []).append(case)
    rows: list[dict[str, Any]] = []
    for r in fresh:
        d = r.decision
        detail = {"verdict": d.verdict, "rule_ids": d.rule_ids, "policy_version": d.policy_version}
        rows.append(audit_row(now, "decision", d.event_id, detail))
        for case in cases_by_event.get(d.event_id, ()):
            rows.append(audit_row(now, "case_opened", case.event_id, case.detail))
    return rows


def mark_processed(connection: Connection, seqs: Sequence[int], now: datetime) -> None:
    for part in sql.chunks(seqs):
        connection.execute(_MARK_PROCESSED, {"seqs": list(part), "now": now})


# Built once: an expanding parameter binds the whole list without a clause per value.
_MARK_PROCESSED = (
    update(events)
    .where(events.c.seq.in_(bindparam("seqs", expanding=True)))
    .values(status="processed", processed_at=bindparam("now", type_=events.c.processed_at.type))
)
