"""The read side: decisions rebuilt as made, review queues in urgency order, counts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from watchkeeper.model import AccountContext, Event
from watchkeeper.store.reads import STAT_KEYS
from watchkeeper.store.records import ProcessedEvent
from watchkeeper.store.repository import Store

from .support import T0, allow_all, flag, flag_all, post, posts


def test_a_stored_decision_reads_back_equal_to_the_one_made(store: Store) -> None:
    made: dict[str, ProcessedEvent] = {}

    def judge(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        results = flag_all(batch, known)
        made.update((r.event.id, r) for r in results)
        return results

    store.ingest(posts(2))
    store.process_pending(10, judge)
    for event_id, result in made.items():
        stored = store.get_decision(event_id)
        assert stored == result.decision
        assert stored is not None
        assert stored.verdict == "review"
        assert stored.decided_at.tzinfo is not None
    assert store.get_decision("never-seen") is None


def test_an_allowed_event_has_a_decision_with_no_actions(store: Store) -> None:
    store.ingest([post(1)])
    store.process_pending(10, allow_all)
    decision = store.get_decision("post-1")
    assert decision is not None
    assert (decision.verdict, decision.actions, decision.signals) == ("allow", [], [])


def test_cases_come_most_urgent_first(store: Store) -> None:
    # (post number, priority, hours to SLA deadline)
    plan = {0: (50, 4), 1: (90, 8), 2: (50, 1), 3: (10, 1), 4: (90, 2)}

    def judge(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        out = []
        for event in batch:
            priority, hours = plan[int(event.id.split("-")[1])]
            out.append(flag(event, priority=priority, sla=timedelta(hours=hours)))
        return out

    store.ingest(posts(5))
    store.process_pending(10, judge)
    order = [c.event_id for c in store.list_cases()]
    assert order == ["post-4", "post-1", "post-2", "post-0", "post-3"]
    assert [c.event_id for c in store.list_cases(limit=2, offset=1)] == ["post-1", "post-2"]
    assert store.list_cases(queue="elsewhere") == []
    assert len(store.list_cases(queue="threats")) == 5
    first = store.list_cases()[0]
    assert first.sla_deadline == T0 + timedelta(hours=2)
    assert first.sla_deadline.tzinfo is not None
    assert (first.rule_ids, first.reasons) == (["threats.review"], ["a threat of violence"])


def test_a_closed_case_leaves_the_open_queue(store: Store) -> None:
    store.ingest(posts(2))
    store.process_pending(10, flag_all)
    case = store.list_cases()[0]
    assert store.get_case(case.id) == case
    assert store.close_case(case.id, reason="removed by moderator", by="mod-1")
    assert not store.close_case(case.id)
    assert [c.id for c in store.list_cases()] != [case.id]
    assert len(store.list_cases()) == 1
    closed = store.list_cases(state="closed")
    assert [(c.id, c.state) for c in closed] == [(case.id, "closed")]
    assert len(store.list_cases(state=None)) == 2
    assert store.stats()["cases_open"] == 1
    last = store.audit_entries(case.event_id)[-1]
    assert (last.kind, last.detail) == (
        "case_closed",
        {"case_id": case.id, "reason": "removed by moderator", "by": "mod-1"},
    )
    assert store.get_case(999_999) is None


def test_stats_count_everything_and_start_at_zero(store: Store) -> None:
    assert store.stats() == dict.fromkeys(STAT_KEYS, 0)
    store.ingest(posts(4))
    store.process_pending(3, flag_all)
    assert store.stats() == {
        "events_pending": 1,
        "events_processed": 3,
        "decisions": 3,
        "cases_open": 3,
        "outbox_pending": 3,
        "outbox_delivered": 0,
        "outbox_dead": 0,
    }


def test_recent_decisions_come_newest_event_first_with_their_signals(store: Store) -> None:
    store.ingest(posts(3))
    store.process_pending(10, flag_all)
    store.ingest([post(3)])
    store.process_pending(10, allow_all)
    recent = store.recent_decisions(limit=3)
    assert [d.event_id for d in recent] == ["post-3", "post-2", "post-1"]
    assert [d.verdict for d in recent] == ["allow", "review", "review"]
    assert recent[1] == store.get_decision("post-2")
    assert len(recent[1].signals) == 1
    assert store.recent_decisions(limit=100)[-1].event_id == "post-0"


def test_decisions_by_id_in_one_call_skip_unknown_and_pending_ids(store: Store) -> None:
    store.ingest(posts(3))
    store.process_pending(2, flag_all)  # post-2 stays pending
    found = store.get_decisions(["post-1", "nope", "post-0", "post-2", "post-1"])
    assert set(found) == {"post-0", "post-1"}
    assert found["post-1"] == store.get_decision("post-1")
    assert store.get_decisions([]) == {}
