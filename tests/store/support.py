"""Events and judges for store tests.

The judges build decisions directly: the store must not depend on detectors or the
policy, and a test that fails here should point at the store alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from watchkeeper.model import (
    AccountContext,
    Action,
    Decision,
    Event,
    Evidence,
    PostEvent,
    Signal,
    author_of,
    subject_of,
)
from watchkeeper.store.records import (
    AccountChange,
    NewCase,
    OutboxMessage,
    ProcessedEvent,
)
from watchkeeper.store.repository import Store
from watchkeeper.store.tables import (
    accounts,
    audit_log,
    cases,
    decisions,
    events,
    outbox,
    signals,
)

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

Judge = Callable[[list[Event], Mapping[str, AccountContext]], list[ProcessedEvent]]


def post(n: int, author: str = "alice", text: str = "hello") -> PostEvent:
    return PostEvent(id=f"post-{n}", author_id=author, text=f"{text} {n}", created_at=T0)


def posts(count: int, start: int = 0, authors: int = 1) -> list[PostEvent]:
    return [post(i, author=f"user-{i % authors}") for i in range(start, start + count)]


def allow(event: Event) -> ProcessedEvent:
    """The verdict for an innocent event: no actions, nothing else."""
    decision = Decision(
        event_id=event.id, event_kind=event.kind, policy_version="test-1", decided_at=T0
    )
    return ProcessedEvent(event=event, decision=decision)


def allow_all(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
    return [allow(event) for event in batch]


def flag(event: Event, priority: int = 50, sla: timedelta = timedelta(hours=4)) -> ProcessedEvent:
    """A violating event: a signal, a review action, a case, a webhook and a strike."""
    subject_kind, subject_id = subject_of(event)
    signal = Signal(
        detector="test",
        label="threat",
        score=0.93,
        evidence=[Evidence(kind="span", text="kill", start=3, end=7, source="test list")],
        reason="a threat of violence",
    )
    action = Action(
        kind="review",
        target_kind=subject_kind,
        target_id=subject_id,
        rule_id="threats.review",
        queue="threats",
        priority=priority,
    )
    decision = Decision(
        event_id=event.id,
        event_kind=event.kind,
        actions=[action],
        rule_ids=["threats.review"],
        signals=[signal],
        policy_version="test-1",
        decided_at=T0,
    )
    author = author_of(event)
    return ProcessedEvent(
        event=event,
        decision=decision,
        cases=[
            NewCase(
                subject_kind=subject_kind,
                subject_id=subject_id,
                queue="threats",
                priority=priority,
                sla_deadline=T0 + sla,
                rule_ids=["threats.review"],
                reasons=["a threat of violence"],
            )
        ],
        outbox=[OutboxMessage(destination="platform", payload={"event_id": event.id, "at": T0})],
        account_changes=[]
        if author is None
        else [AccountChange(account_id=author, strikes_delta=1)],
    )


def flag_all(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
    return [flag(event) for event in batch]


def count_rows(store: Store) -> dict[str, int]:
    """How many rows each table holds (straight from SQL, not through the store)."""
    with store.engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (events, decisions, signals, cases, accounts, outbox, audit_log)
        }
