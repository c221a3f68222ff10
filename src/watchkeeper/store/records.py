"""What the pipeline hands the store after judging a batch, and what the store hands back.

These plain dataclasses are the whole boundary between deciding and persisting: the
pipeline computes decisions, cases, outbox messages and account changes as pure data,
and the store writes them in one transaction, so a crash leaves either all of an
event's consequences or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from watchkeeper.model import Decision, Event


@dataclass(frozen=True)
class NewCase:
    """A review case the policy asked for."""

    subject_kind: Literal["post", "account"]
    subject_id: str
    queue: str
    priority: int
    sla_deadline: datetime
    rule_ids: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OutboxMessage:
    """A JSON body to deliver to one named webhook destination (``platform``, ``security``)."""

    destination: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class AccountChange:
    """What an event teaches us about an account: age, strikes, suspension."""

    account_id: str
    created_at: datetime | None = None
    strikes_delta: int = 0
    suspended: bool | None = None
    """True/False sets the flag; None leaves it as it is."""


@dataclass(frozen=True)
class ProcessedEvent:
    """One event and everything that follows from it."""

    event: Event
    decision: Decision
    cases: list[NewCase] = field(default_factory=list)
    outbox: list[OutboxMessage] = field(default_factory=list)
    account_changes: list[AccountChange] = field(default_factory=list)


@dataclass(frozen=True)
class IngestResult:
    """Which event ids were newly accepted and which were already known."""

    accepted: list[str]
    duplicates: list[str]


@dataclass(frozen=True)
class OutboxRow:
    """A stored outbox message due for delivery."""

    id: int
    destination: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    """One line of the append-only audit log."""

    id: int
    at: datetime
    kind: str
    """e.g. ``decision``, ``case_opened``, ``outbox_delivered``, ``outbox_failed``."""
    event_id: str | None
    detail: dict[str, Any]
