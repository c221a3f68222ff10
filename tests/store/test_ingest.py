"""Ingest: each event id stored once, as pending, repeats reported as duplicates."""

from __future__ import annotations

from datetime import timedelta

from watchkeeper.model import (
    AccountEvent,
    AppealEvent,
    EnforcementEvent,
    Event,
    PostEvent,
    ReportEvent,
)
from watchkeeper.store.repository import Store

from .support import T0, allow_all, count_rows, post, posts


def every_kind() -> list[Event]:
    return [
        PostEvent(
            id="p1",
            author_id="alice",
            text="héllo wörld ✓",
            lang="de",
            reply_to="p0",
            created_at=T0,
            author_created_at=T0 - timedelta(days=3),
            meta={"instance": "pod.example", "tags": ["a", "b"], "n": 1.5},
        ),
        AccountEvent(
            id="a1", action="rename", account_id="bob", username="b0b", bio="new bio", created_at=T0
        ),
        ReportEvent(
            id="r1",
            reporter_id="carol",
            reporter_trust=0.9,
            target_kind="post",
            target_id="p1",
            target_author_id="alice",
            reason="threat",
            text="the reported words",
        ),
        EnforcementEvent(id="e1", action="suspend", account_id="mallory", reason="spam"),
        AppealEvent(id="ap1", account_id="mallory", appealed_event_id="e1", text="please"),
    ]


def test_new_events_are_accepted_and_stored_pending(store: Store) -> None:
    batch = every_kind()
    result = store.ingest(batch)
    assert result.accepted == [e.id for e in batch]
    assert result.duplicates == []
    for event in batch:
        assert store.event_status(event.id) == "pending"
        assert store.get_event(event.id) == event


def test_a_repeat_within_one_batch_is_a_duplicate_and_the_first_copy_wins(store: Store) -> None:
    first = post(1, text="original")
    again = post(1, text="edited copy")
    result = store.ingest([first, post(2), again, post(3), first])
    assert result.accepted == ["post-1", "post-2", "post-3"]
    assert result.duplicates == ["post-1", "post-1"]
    assert store.get_event("post-1") == first
    assert count_rows(store)["events"] == 3


def test_ids_stored_by_an_earlier_batch_are_duplicates(store: Store) -> None:
    store.ingest(posts(3))
    result = store.ingest([post(9), *posts(3), post(10)])
    assert result.accepted == ["post-9", "post-10"]
    assert result.duplicates == ["post-0", "post-1", "post-2"]
    assert count_rows(store)["events"] == 5


def test_replaying_a_processed_event_changes_nothing(store: Store) -> None:
    store.ingest(posts(2))
    assert store.process_pending(10, allow_all) == 2
    before = count_rows(store)
    result = store.ingest(posts(2))
    assert result.duplicates == ["post-0", "post-1"]
    assert store.event_status("post-0") == "processed"
    assert store.process_pending(10, allow_all) == 0
    assert count_rows(store) == before


def test_an_empty_batch_is_fine(store: Store) -> None:
    result = store.ingest([])
    assert (result.accepted, result.duplicates) == ([], [])


def test_a_large_batch_goes_in_whole(store: Store) -> None:
    result = store.ingest(posts(12_000))
    assert len(result.accepted) == 12_000
    assert store.stats()["events_pending"] == 12_000


def test_unknown_ids_have_no_event_and_no_status(store: Store) -> None:
    assert store.get_event("nope") is None
    assert store.event_status("nope") is None
