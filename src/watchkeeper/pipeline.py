"""Batch orchestration: events → detectors → policy → store and outbox, in one direction.

``submit`` stores events as accepted (pending); ``run_once`` claims a batch of pending
events, runs every detector over it, lets the policy decide, and hands the store the
decisions, cases, outbox messages and account changes to write in one transaction.
Because only committed work marks an event processed, a crash anywhere re-runs the
batch on restart, and the store's one-decision-per-event rule keeps replays idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from watchkeeper.detectors.base import Detector
from watchkeeper.model import (
    AccountContext,
    AccountEvent,
    Decision,
    EnforcementEvent,
    Event,
    PolicyContext,
    PostEvent,
    ReportEvent,
    Signal,
    author_of,
)
from watchkeeper.outbox.messages import messages_for
from watchkeeper.review.cases import cases_for
from watchkeeper.store.records import AccountChange, IngestResult, ProcessedEvent
from watchkeeper.store.repository import Store

if TYPE_CHECKING:
    from watchkeeper.ahead import SignalsAhead

SECONDS_PER_DAY = 86_400.0
DETECTOR_ERROR = "detector_error"
"""The label of the signal an event gets when a detector fails on it."""

log = logging.getLogger(__name__)


class DecidingPolicy(Protocol):
    """What the pipeline needs of a policy (``watchkeeper.policy.Policy`` provides it)."""

    @property
    def version(self) -> str: ...

    def decide(
        self, event: Event, signals: list[Signal], context: PolicyContext, now: datetime
    ) -> Decision: ...

    def sla_for(self, queue: str) -> timedelta: ...


def utcnow() -> datetime:
    return datetime.now(UTC)


def run_detectors(
    detectors: Sequence[Detector], events: Sequence[Event], ahead: SignalsAhead | None = None
) -> list[list[Signal]]:
    """Every detector's signals for every event, merged per event in batch order.

    With ``ahead``, an event that another process already scored takes those
    detectors' signals from there; every other event is run here.
    """
    merged: list[list[Signal]] = [[] for _ in events]
    known = [ahead.take(event) for event in events] if ahead is not None else []
    scored_ahead = ahead.detectors if ahead is not None else frozenset()
    for detector in detectors:
        positions = []
        for i, event in enumerate(events):
            if event.kind not in detector.reads:
                continue
            found_ahead = known[i] if detector.name in scored_ahead else None
            if found_ahead is not None:
                merged[i].extend(found_ahead.get(detector.name, []))
            else:
                positions.append(i)
        if not positions:
            continue
        found = detect_safely(detector, [events[i] for i in positions])
        for position, signals in zip(positions, found, strict=True):
            merged[position].extend(signals)
    return merged


def detect_safely(detector: Detector, events: list[Event]) -> list[list[Signal]]:
    """Run one detector; if it fails on the batch, isolate the events it fails on.

    One poisonous event must not hold back the batch forever: the batch is retried
    event by event, and an event the detector still fails on gets a
    ``detector_error`` signal so the policy can send it to a person.
    """
    try:
        found = detector.detect(events)
        if len(found) != len(events):
            raise RuntimeError(f"returned {len(found)} results for {len(events)} events")
        return found
    except Exception as error:
        if len(events) == 1:
            log.exception("detector %r failed on event %r", detector.name, events[0].id)
            reason = f"detector {detector.name!r} failed: {type(error).__name__}: {error}"
            return [
                [Signal(detector=detector.name, label=DETECTOR_ERROR, score=1.0, reason=reason)]
            ]
        return [signals for event in events for signals in detect_safely(detector, [event])]


def policy_context(
    event: Event, accounts: Mapping[str, AccountContext], now: datetime
) -> PolicyContext:
    """The facts about the event's author (and reporter) that rules may test."""
    author = author_of(event)
    known = accounts.get(author) if author else None
    created = known.created_at if known else None
    if created is None and isinstance(event, PostEvent):
        created = event.author_created_at
    age = (now - created).total_seconds() / SECONDS_PER_DAY if created else None
    return PolicyContext(
        event_kind=event.kind,
        account_age_days=age,
        prior_strikes=known.strikes if known else 0,
        account_suspended=known.suspended if known else False,
        reporter_trust=event.reporter_trust if isinstance(event, ReportEvent) else None,
        report_reason=event.reason if isinstance(event, ReportEvent) else None,
    )


def account_changes(event: Event, decision: Decision) -> list[AccountChange]:
    """What this event and its decision change about accounts (age, strikes, suspension)."""
    changes: list[AccountChange] = []
    if isinstance(event, AccountEvent):
        changes.append(AccountChange(event.account_id, created_at=event.account_created_at))
    elif isinstance(event, PostEvent) and event.author_created_at is not None:
        changes.append(AccountChange(event.author_id, created_at=event.author_created_at))
    elif isinstance(event, EnforcementEvent):
        if event.action == "unsuspend":
            changes.append(AccountChange(event.account_id, suspended=False))
        else:
            suspended = True if event.action == "suspend" else None
            changes.append(AccountChange(event.account_id, strikes_delta=1, suspended=suspended))
    author = author_of(event)
    kinds = {action.kind for action in decision.actions}
    if author and not isinstance(event, EnforcementEvent) and kinds & {"remove", "suspend"}:
        suspended = True if "suspend" in kinds else None
        changes.append(AccountChange(author, strikes_delta=1, suspended=suspended))
    return changes


def keep_media_evidence(store: Store, events: Sequence[Event], accepted: set[str]) -> int:
    """Store the bytes of media uploaded with newly accepted events; returns how many."""
    from watchkeeper.banks.repository import BankRepository

    items = [
        (item.sha256, item.data, event.id)
        for event in events
        if event.id in accepted and isinstance(event, PostEvent | ReportEvent)
        for item in event.media
        if item.data is not None and item.sha256 is not None
    ]
    return BankRepository(store).keep_media(items) if items else 0


class Pipeline:
    """Runs events through detectors and policy and persists the outcome."""

    def __init__(
        self,
        store: Store,
        detectors: Sequence[Detector],
        policy: DecidingPolicy,
        *,
        batch_size: int = 500,
        clock: Callable[[], datetime] = utcnow,
        preserve_media: bool = False,
    ) -> None:
        self.store = store
        self.preserve_media = preserve_media
        self.detectors = list(detectors)
        self.policy = policy
        self.batch_size = batch_size
        self._clock = clock
        self.ahead: SignalsAhead | None = None
        """Signals of text-only detectors computed in other processes (``scan``)."""

    def submit(self, events: Sequence[Event]) -> IngestResult:
        """Accept events: once this returns they are stored and will be decided exactly once.

        Uploaded media bytes are never part of a stored event; with ``preserve_media``
        they are kept apart, by SHA-256, as evidence.
        """
        result = self.store.ingest(events)
        if self.preserve_media:
            keep_media_evidence(self.store, events, set(result.accepted))
        return result

    def judge(
        self, events: list[Event], accounts: Mapping[str, AccountContext]
    ) -> list[ProcessedEvent]:
        """Detect and decide for a batch; pure apart from the detectors' own indexes."""
        now = self._clock()
        all_signals = run_detectors(self.detectors, events, self.ahead)
        processed: list[ProcessedEvent] = []
        for event, signals in zip(events, all_signals, strict=True):
            context = policy_context(event, accounts, now)
            decision = self.policy.decide(event, signals, context, now)
            processed.append(
                ProcessedEvent(
                    event=event,
                    decision=decision,
                    cases=cases_for(decision, now, self.policy.sla_for),
                    outbox=messages_for(event, decision),
                    account_changes=account_changes(event, decision),
                )
            )
        return processed

    def run_once(self) -> list[Decision]:
        """Decide one batch of pending events; returns the decisions once committed."""
        kept: list[ProcessedEvent] = []

        def judge_and_keep(
            events: list[Event], accounts: Mapping[str, AccountContext]
        ) -> list[ProcessedEvent]:
            processed = self.judge(events, accounts)
            kept[:] = processed
            return processed

        self.store.process_pending(self.batch_size, judge_and_keep)
        if kept:  # committed: detectors that own an index may learn from the outcome
            for detector in self.detectors:
                detector.learn(kept)
        return [item.decision for item in kept]

    def drain(self) -> int:
        """Decide pending events until none are left; returns how many were decided."""
        total = 0
        while decisions := self.run_once():
            total += len(decisions)
        return total
