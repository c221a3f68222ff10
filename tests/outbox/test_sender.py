"""Webhook delivery against a real HTTP server on loopback and a real store."""

from __future__ import annotations

import socket
from collections import deque
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr
from receiver import WebhookReceiver

from watchkeeper.config import WebhookTarget
from watchkeeper.model import AccountContext, Decision, Event, PostEvent
from watchkeeper.outbox.sender import Backoff, OutboxSender
from watchkeeper.outbox.signing import verify
from watchkeeper.store.records import OutboxMessage, ProcessedEvent
from watchkeeper.store.repository import Store

SECRET = "platform-secret"


class Clock:
    """Starts just after the store's own clock stamped the message, then moves by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC) + timedelta(seconds=1)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    yield server
    server.close()


def queue_message(store: Store, event_id: str, destination: str = "platform") -> None:
    event = PostEvent(id=event_id, author_id="a1", text="x")

    def judge(events: list[Event], accounts: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        return [
            ProcessedEvent(
                event=e,
                decision=Decision(
                    event_id=e.id,
                    event_kind=e.kind,
                    policy_version="test",
                    decided_at=datetime.now(UTC),
                ),
                outbox=[OutboxMessage(destination, {"event_id": e.id, "actions": ["remove"]})],
            )
            for e in events
        ]

    store.ingest([event])
    store.process_pending(10, judge)


def make_sender(store: Store, url: str, clock: Clock, **kwargs: int) -> OutboxSender:
    target = WebhookTarget(url=url, secret=SecretStr(SECRET))
    return OutboxSender(
        store,
        {"platform": target},
        clock=clock,
        backoff=Backoff(base_seconds=10, max_seconds=60, jitter=0),
        **kwargs,  # type: ignore[arg-type]
    )


def test_retries_with_backoff_until_delivered_and_signs_every_try(
    store: Store, receiver: WebhookReceiver
) -> None:
    receiver.statuses = deque([500, 503])
    clock = Clock()
    queue_message(store, "p1")
    sender = make_sender(store, receiver.url, clock)
    try:
        assert sender.deliver_due().retried == 1
        assert sender.deliver_due().retried == 0  # not due yet: backing off
        clock.now += timedelta(seconds=10)
        assert sender.deliver_due().retried == 1
        clock.now += timedelta(seconds=10)
        assert sender.deliver_due().retried == 0  # second backoff is 20 s
        clock.now += timedelta(seconds=10)
        assert sender.deliver_due().delivered == 1
        assert sender.deliver_due().delivered == 0
    finally:
        sender.close()
    assert len(receiver.received) == 3
    for request in receiver.received:
        assert request.json() == {"actions": ["remove"], "event_id": "p1"}
        assert (
            request.headers["watchkeeper-delivery"]
            == receiver.received[0].headers["watchkeeper-delivery"]
        )
        signature = request.headers["watchkeeper-signature"]
        assert verify(SECRET, signature, request.body, now=clock.now.timestamp())
    assert store.stats()["outbox_delivered"] == 1


def test_pending_delivery_survives_a_restart(database_url: str, receiver: WebhookReceiver) -> None:
    receiver.statuses = deque([502])
    clock = Clock()
    first = Store.open(database_url)
    first.migrate()
    queue_message(first, "p1")
    sender = make_sender(first, receiver.url, clock)
    assert sender.deliver_due().retried == 1
    sender.close()
    first.close()

    clock.now += timedelta(minutes=5)
    second = Store.open(database_url)
    sender = make_sender(second, receiver.url, clock)
    try:
        assert sender.deliver_due().delivered == 1
        assert second.stats()["outbox_pending"] == 0
    finally:
        sender.close()
        second.close()
    assert len(receiver.received) == 2


def test_client_error_is_not_retried_and_is_audited(
    store: Store, receiver: WebhookReceiver
) -> None:
    receiver.statuses = deque([400])
    queue_message(store, "p1")
    sender = make_sender(store, receiver.url, Clock())
    try:
        assert sender.deliver_due().dead == 1
    finally:
        sender.close()
    assert store.stats()["outbox_dead"] == 1
    assert any(entry.kind == "outbox_dead" for entry in store.audit_entries())


def test_gives_up_after_max_attempts(store: Store, receiver: WebhookReceiver) -> None:
    receiver.default_status = 500
    clock = Clock()
    queue_message(store, "p1")
    sender = make_sender(store, receiver.url, clock, max_attempts=3)
    try:
        reports = []
        for _ in range(3):
            reports.append(sender.deliver_due())
            clock.now += timedelta(hours=1)
    finally:
        sender.close()
    assert [(r.retried, r.dead) for r in reports] == [(1, 0), (1, 0), (0, 1)]
    assert len(receiver.received) == 3


def test_unreachable_platform_is_retried(store: Store) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    queue_message(store, "p1")
    sender = make_sender(store, f"http://127.0.0.1:{closed_port}/hook", Clock())
    try:
        assert sender.deliver_due().retried == 1
    finally:
        sender.close()
    assert store.stats()["outbox_pending"] == 1


def test_retry_after_header_is_honoured(store: Store, receiver: WebhookReceiver) -> None:
    receiver.statuses = deque([429])
    receiver.extra_headers = {"Retry-After": "120"}
    clock = Clock()
    queue_message(store, "p1")
    sender = make_sender(store, receiver.url, clock)
    try:
        assert sender.deliver_due().retried == 1
        clock.now += timedelta(seconds=60)  # longer than the 10 s backoff, shorter than 120 s
        assert sender.deliver_due().delivered == 0
        clock.now += timedelta(seconds=61)
        assert sender.deliver_due().delivered == 1
    finally:
        sender.close()


def test_destinations_without_a_webhook_wait(store: Store, receiver: WebhookReceiver) -> None:
    queue_message(store, "p1", destination="security")
    sender = make_sender(store, receiver.url, Clock())
    try:
        report = sender.deliver_due()
    finally:
        sender.close()
    assert (report.delivered, report.retried, report.dead) == (0, 0, 0)
    assert store.stats()["outbox_pending"] == 1
    assert receiver.received == []
