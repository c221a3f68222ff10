"""The outbox: due, leased, retried, delivered or dead, each step in the audit log."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from watchkeeper.store.repository import Store

from .support import flag_all, posts

LATER = datetime.now(UTC) + timedelta(days=1)  # messages are created now (the real clock)


def queued(store: Store, count: int) -> list[int]:
    store.ingest(posts(count))
    store.process_pending(100, flag_all)
    rows = store.due_outbox(LATER, 100, lease=timedelta(0))
    assert len(rows) == count
    return [row.id for row in rows]


def test_a_message_goes_due_retry_due_again_delivered(store: Store) -> None:
    store.ingest(posts(1))
    store.process_pending(10, flag_all)
    [row] = store.due_outbox(LATER, 10)
    assert row.destination == "platform"
    assert row.payload == {"event_id": "post-0", "at": "2024-05-01T12:00:00Z"}
    assert row.attempts == 0
    assert row.created_at.tzinfo is not None

    retry_at = LATER + timedelta(minutes=5)
    assert store.mark_retry(row.id, "HTTP 503", retry_at)
    assert store.due_outbox(LATER + timedelta(minutes=4), 10) == []
    [again] = store.due_outbox(retry_at, 10)
    assert (again.id, again.attempts) == (row.id, 1)

    assert store.mark_delivered(row.id, retry_at)
    assert store.due_outbox(LATER + timedelta(days=30), 10) == []
    stats = store.stats()
    assert (stats["outbox_pending"], stats["outbox_delivered"], stats["outbox_dead"]) == (0, 1, 0)
    trail = [(e.kind, e.detail.get("attempts")) for e in store.audit_entries("post-0")]
    assert trail[-2:] == [("outbox_failed", 1), ("outbox_delivered", 2)]
    failed = store.audit_entries("post-0")[-2]
    assert failed.detail["error"] == "HTTP 503"


def test_a_message_that_keeps_failing_is_dead_and_never_due_again(store: Store) -> None:
    [message] = queued(store, 1)
    assert store.mark_retry(message, "timeout", LATER)
    assert store.mark_dead(message, "timeout again")
    assert store.due_outbox(LATER + timedelta(days=365), 10) == []
    assert store.stats()["outbox_dead"] == 1
    last = store.audit_entries("post-0")[-1]
    assert (last.kind, last.detail["attempts"], last.detail["error"]) == (
        "outbox_dead",
        2,
        "timeout again",
    )


def test_only_a_pending_message_can_be_marked(store: Store) -> None:
    [message] = queued(store, 1)
    assert store.mark_delivered(message, LATER)
    assert not store.mark_delivered(message, LATER)
    assert not store.mark_retry(message, "late failure report", LATER)
    assert not store.mark_dead(message, "late failure report")
    assert not store.mark_delivered(123_456, LATER)
    assert [e.kind for e in store.audit_entries("post-0")].count("outbox_delivered") == 1


def test_a_taken_message_is_hidden_from_other_senders_until_its_lease_ends(store: Store) -> None:
    queued(store, 3)
    taken = store.due_outbox(LATER, 2, lease=timedelta(minutes=1))
    assert len(taken) == 2
    [rest] = store.due_outbox(LATER, 10, lease=timedelta(minutes=1))
    assert rest.id not in {row.id for row in taken}
    assert store.due_outbox(LATER + timedelta(seconds=59), 10) == []
    # The first sender died without marking anything: after the lease all three are due.
    assert len(store.due_outbox(LATER + timedelta(minutes=1), 10)) == 3


def test_messages_come_earliest_due_first(store: Store) -> None:
    first, second, third = queued(store, 3)
    store.mark_retry(first, "x", LATER + timedelta(minutes=2))
    store.mark_retry(second, "x", LATER + timedelta(minutes=1))
    due = store.due_outbox(LATER + timedelta(minutes=5), 10)
    assert [row.id for row in due] == [third, second, first]


def test_concurrent_senders_never_take_the_same_message(database_url: str) -> None:
    with Store.open(database_url) as setup:
        queued(setup, 60)
    taken: list[list[int]] = [[], []]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def send(slot: int) -> None:
        try:
            with Store.open(database_url) as sender:
                start.wait()
                while rows := sender.due_outbox(LATER, 4):
                    for row in rows:
                        taken[slot].append(row.id)
                        assert sender.mark_delivered(row.id, LATER)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=send, args=(slot,)) for slot in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(taken[0] + taken[1]) == sorted(set(taken[0] + taken[1]))
    assert len(taken[0]) + len(taken[1]) == 60


def test_a_message_can_be_queued_outside_the_pipeline(store: Store) -> None:
    new_id = store.enqueue_outbox("security", {"case": 7, "note": "escalated"}, event_id="e-9")
    [row] = store.due_outbox(LATER + timedelta(days=3650), 10)
    assert (row.id, row.destination, row.payload) == (
        new_id,
        "security",
        {"case": 7, "note": "escalated"},
    )
    assert [e.kind for e in store.audit_entries("e-9")] == ["outbox_enqueued"]


def test_limit_must_be_positive(store: Store) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        store.due_outbox(LATER, 0)


def test_a_sender_can_take_only_the_destinations_it_knows(store: Store) -> None:
    platform = queued(store, 2)
    security = store.enqueue_outbox("security", {"n": 1})
    mine = store.due_outbox(LATER, 10, destinations=["security"], lease=timedelta(0))
    assert [row.id for row in mine] == [security]
    both = store.due_outbox(LATER, 10, destinations=["platform", "security"])
    assert sorted(row.id for row in both) == sorted([*platform, security])
    assert store.due_outbox(LATER + timedelta(days=365), 10, destinations=[]) == []
