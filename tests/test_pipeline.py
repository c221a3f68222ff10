"""The pipeline with the shipped detectors, default policy and a real store (both backends)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import pytest
from streams import CAMPAIGN_TEXT, DOX_TEXT

from watchkeeper.config import Settings
from watchkeeper.detectors.base import Detector, DetectorExample, load_detectors
from watchkeeper.model import (
    AccountContext,
    Decision,
    EnforcementEvent,
    Event,
    EventKind,
    PostEvent,
    ReportEvent,
    Signal,
)
from watchkeeper.pipeline import (
    DETECTOR_ERROR,
    Pipeline,
    account_changes,
    policy_context,
    run_detectors,
)
from watchkeeper.policy import load_default_policy
from watchkeeper.store.repository import Store

NOW = datetime(2014, 9, 20, 12, 0, tzinfo=UTC)


class EveryOther(Detector):
    """Flags every second post it sees; reads posts only."""

    name = "every_other"
    reads: ClassVar[frozenset[EventKind]] = frozenset({"post"})
    labels: ClassVar[dict[str, float]] = {"odd": 0.5}
    short_by: int = 0

    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        out = [
            [Signal(detector=self.name, label="odd", score=1.0, reason="odd position")]
            if index % 2
            else []
            for index in range(len(batch))
        ]
        return out[: len(out) - self.short_by]

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        return []


def make_pipeline(store: Store) -> Pipeline:
    detectors = load_detectors(Settings())
    return Pipeline(store, detectors, load_default_policy(), clock=lambda: NOW)


def post(event_id: str, text: str, author: str = "a1", **extra: object) -> PostEvent:
    return PostEvent.model_validate({"id": event_id, "author_id": author, "text": text, **extra})


def test_run_detectors_gives_each_detector_only_what_it_reads() -> None:
    report = ReportEvent(
        id="r1", reporter_id="u", target_kind="post", target_id="p9", reason="threat"
    )
    events: list[Event] = [post("p1", "a"), report, post("p2", "b"), post("p3", "c")]
    merged = run_detectors([EveryOther()], events)
    assert [len(signals) for signals in merged] == [0, 0, 1, 0]


def test_a_failing_detector_isolates_the_events_it_fails_on() -> None:
    broken = EveryOther()
    broken.short_by = 1  # always one result too few: a broken contract on every call
    merged = run_detectors([broken], [post("p1", "a"), post("p2", "b")])
    assert [[s.label for s in signals] for signals in merged] == [[DETECTOR_ERROR]] * 2
    assert "returned 0 results for 1 events" in merged[0][0].reason

    class FailsOnBoom(EveryOther):
        def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
            if any(isinstance(e, PostEvent) and "boom" in e.text for e in batch):
                raise ValueError("cannot parse")
            return super().detect(batch)

    merged = run_detectors([FailsOnBoom()], [post("p1", "a"), post("p2", "boom"), post("p3", "c")])
    assert [[s.label for s in signals] for signals in merged] == [[], [DETECTOR_ERROR], []]
    assert "ValueError: cannot parse" in merged[1][0].reason


def test_policy_context_prefers_the_store_and_falls_back_to_the_event() -> None:
    known = {"a1": AccountContext(account_id="a1", created_at=NOW - timedelta(days=2), strikes=3)}
    context = policy_context(post("p1", "x"), known, NOW)
    assert context.account_age_days == pytest.approx(2.0)
    assert context.prior_strikes == 3
    fresh = post("p2", "x", author="new", author_created_at=NOW - timedelta(hours=12))
    assert policy_context(fresh, known, NOW).account_age_days == pytest.approx(0.5)
    report = ReportEvent(
        id="r1",
        reporter_id="u",
        reporter_trust=0.95,
        target_kind="post",
        target_id="p1",
        reason="terrorism",
    )
    assert policy_context(report, known, NOW).reporter_trust == 0.95


def test_account_changes_from_enforcement_and_our_own_removals() -> None:
    suspend = EnforcementEvent(id="e1", action="suspend", account_id="a1")
    empty = Decision(event_id="e1", event_kind="enforcement", policy_version="t", decided_at=NOW)
    [change] = account_changes(suspend, empty)
    assert (change.account_id, change.strikes_delta, change.suspended) == ("a1", 1, True)
    unsuspend = EnforcementEvent(id="e2", action="unsuspend", account_id="a1")
    assert account_changes(unsuspend, empty)[0].suspended is False


def test_same_event_twice_gives_one_decision_and_one_action(store: Store) -> None:
    pipeline = make_pipeline(store)
    event = post("p1", DOX_TEXT + " I will find her and kill her")
    assert pipeline.submit([event, event]).accepted == ["p1"]
    assert pipeline.drain() == 1
    assert pipeline.submit([event]).duplicates == ["p1"]
    assert pipeline.drain() == 0
    decision = store.get_decision("p1")
    assert decision is not None and decision.verdict != "allow"
    stats = store.stats()
    assert stats["decisions"] == 1
    assert stats["cases_open"] == 1
    assert stats["outbox_pending"] == 1


def test_every_decision_records_rules_and_signals(store: Store) -> None:
    pipeline = make_pipeline(store)
    pipeline.submit([post("p1", CAMPAIGN_TEXT), post("p2", "see you at lunch")])
    pipeline.drain()
    flagged = store.get_decision("p1")
    clean = store.get_decision("p2")
    assert flagged is not None and clean is not None
    assert flagged.rule_ids and {s.label for s in flagged.signals} >= {"extremist_campaign"}
    assert all(action.rule_id in flagged.rule_ids for action in flagged.actions)
    assert all(action.reason for action in flagged.actions)
    assert clean.verdict == "allow" and clean.rule_ids == [] and clean.signals == []
    assert flagged.policy_version == load_default_policy().version
    kinds = [entry.kind for entry in store.audit_entries(event_id="p1")]
    assert "decision" in kinds and "case_opened" in kinds


def test_new_accounts_get_their_campaign_posts_reviewed_sooner(store: Store) -> None:
    pipeline = make_pipeline(store)
    pipeline.submit(
        [
            post(
                "old", CAMPAIGN_TEXT, author="veteran", author_created_at=NOW - timedelta(days=900)
            ),
            post("new", CAMPAIGN_TEXT, author="fresh", author_created_at=NOW - timedelta(days=1)),
        ]
    )
    pipeline.drain()
    cases = store.list_cases()
    assert [case.subject_id for case in cases] == ["new", "old"]
    assert cases[0].priority > cases[1].priority


def test_strikes_and_suspensions_carry_into_later_decisions(store: Store) -> None:
    pipeline = make_pipeline(store)
    pipeline.submit([EnforcementEvent(id="e1", action="suspend", account_id="a9")])
    pipeline.drain()
    account = store.account("a9")
    assert account is not None and account.suspended and account.strikes == 1
    pipeline.submit([post("p1", "we always come back", author="a9")])
    pipeline.drain()
    decision = store.get_decision("p1")
    assert decision is not None and decision.verdict == "review"


def user_report(event_id: str, reason: str, text: str) -> ReportEvent:
    return ReportEvent(
        id=event_id,
        reporter_id="victim",
        reporter_trust=0.1,
        target_kind="post",
        target_id=f"target-{event_id}",
        target_author_id="attacker",
        reason=reason,
        text=text,
    )


def test_an_ordinary_users_threat_report_reaches_the_threats_queue_first(store: Store) -> None:
    pipeline = make_pipeline(store)
    pipeline.submit(
        [
            user_report("r-spam", "spam", "buy cheap followers"),
            user_report("r-threat", "threat", "you will regret this"),
            user_report("r-address", "threat", "you will regret this. " + DOX_TEXT),
        ]
    )
    pipeline.drain()
    cases = store.list_cases()
    assert [(c.subject_id, c.queue) for c in cases] == [
        ("target-r-address", "threats"),
        ("target-r-threat", "threats"),
        ("target-r-spam", "reports"),
    ]
    sla = {c.subject_id: c.sla_deadline - NOW for c in cases}
    assert sla["target-r-threat"] <= timedelta(hours=1) < sla["target-r-spam"]


def test_an_event_a_detector_fails_on_goes_to_a_person(store: Store) -> None:
    class Explodes(EveryOther):
        name = "explodes"

        def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
            raise MemoryError("simulated")

    pipeline = Pipeline(store, [Explodes()], load_default_policy(), clock=lambda: NOW)
    pipeline.submit([post("p1", "anything")])
    assert pipeline.drain() == 1
    decision = store.get_decision("p1")
    assert decision is not None
    assert decision.rule_ids == ["detector-failed"] and decision.verdict == "review"
