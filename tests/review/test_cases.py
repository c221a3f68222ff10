"""Cases come from review actions, due at now + the queue's SLA, with reasons attached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from watchkeeper.model import Action, Decision, Signal
from watchkeeper.review.cases import cases_for

NOW = datetime(2014, 9, 20, 12, 0, tzinfo=UTC)
SLA = {"threats": timedelta(hours=1), "reports": timedelta(days=1)}


def decision(*actions: Action) -> Decision:
    return Decision(
        event_id="p1",
        event_kind="post",
        actions=list(actions),
        rule_ids=["r-threat"],
        signals=[Signal(detector="doxxing", label="doxxing", score=0.9, reason="an address")],
        policy_version="test",
        decided_at=NOW,
    )


def test_one_case_per_review_action_with_sla_deadline() -> None:
    made = cases_for(
        decision(
            Action(kind="remove", target_kind="post", target_id="p1", rule_id="r-threat"),
            Action(
                kind="review",
                target_kind="post",
                target_id="p1",
                rule_id="r-threat",
                queue="threats",
                priority=100,
                reason="credible threat",
            ),
        ),
        NOW,
        SLA.__getitem__,
    )
    assert len(made) == 1
    case = made[0]
    assert (case.queue, case.priority, case.subject_id) == ("threats", 100, "p1")
    assert case.sla_deadline == NOW + timedelta(hours=1)
    assert case.reasons == ["credible threat", "an address"]
    assert case.rule_ids == ["r-threat"]


def test_no_review_action_no_case() -> None:
    remove = Action(kind="remove", target_kind="post", target_id="p1", rule_id="r")
    assert cases_for(decision(remove), NOW, SLA.__getitem__) == []
