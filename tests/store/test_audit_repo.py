"""The audit log as written and read: every line kept, in order, with its JSON detail."""

from __future__ import annotations

from datetime import UTC, datetime

from watchkeeper.store.repository import Store

from .support import allow_all, posts


def test_audit_entries_filter_by_event_limit_and_order(store: Store) -> None:
    store.ingest(posts(3))
    store.process_pending(10, allow_all)
    store.append_audit("moderator_note", "post-1", {"text": "looked at it"})
    store.append_audit("policy_loaded", None, {"version": "test-1"})
    everything = store.audit_entries()
    assert [e.kind for e in everything] == ["decision"] * 3 + ["moderator_note", "policy_loaded"]
    assert [e.id for e in everything] == sorted(e.id for e in everything)
    assert all(e.at.tzinfo is not None for e in everything)
    assert [e.kind for e in store.audit_entries("post-1")] == ["decision", "moderator_note"]
    assert [e.kind for e in store.audit_entries(limit=2)] == ["decision", "decision"]
    newest = store.audit_entries(limit=2, newest_first=True)
    assert [e.kind for e in newest] == ["policy_loaded", "moderator_note"]


def test_append_audit_keeps_any_json_detail(store: Store) -> None:
    detail = {
        "nested": {"list": [1, 2.5, "three", None, True]},
        "when": datetime(2024, 1, 1, tzinfo=UTC),
    }
    store.append_audit("moderator_action", "post-1", detail)
    [entry] = store.audit_entries("post-1")
    assert entry.detail == {
        "nested": {"list": [1, 2.5, "three", None, True]},
        "when": "2024-01-01T00:00:00Z",
    }
