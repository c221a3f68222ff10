"""Which destination hears about a decision, and what evidence an escalation preserves."""

from __future__ import annotations

from datetime import UTC, datetime

from watchkeeper.model import Action, Decision, Evidence, PostEvent, Signal
from watchkeeper.outbox.messages import messages_for

NOW = datetime(2014, 9, 20, 12, 0, tzinfo=UTC)
EVENT = PostEvent(id="p1", author_id="a1", text="she lives at 12 Elm Street")
SIGNAL = Signal(
    detector="doxxing",
    label="doxxing",
    score=0.95,
    evidence=[Evidence(kind="address", text="12 Elm Street", start=13, end=26)],
    reason="street address",
)


def decide(*kinds: str) -> Decision:
    actions = [
        Action(kind=kind, target_kind="post", target_id="p1", rule_id="r1", team="security")
        for kind in kinds
    ]
    return Decision(
        event_id="p1",
        event_kind="post",
        actions=actions,
        rule_ids=["r1"],
        signals=[SIGNAL],
        policy_version="test",
        decided_at=NOW,
    )


def test_allow_and_review_only_send_nothing() -> None:
    assert messages_for(EVENT, decide()) == []
    assert messages_for(EVENT, decide("review")) == []


def test_platform_gets_actions_security_gets_preserved_evidence() -> None:
    messages = messages_for(EVENT, decide("remove", "review", "escalate"))
    assert [m.destination for m in messages] == ["platform", "security"]
    platform, security = messages
    assert [a["kind"] for a in platform.payload["actions"]] == ["remove"]
    evidence = security.payload["evidence"]
    assert evidence["event"]["text"] == "she lives at 12 Elm Street"
    assert evidence["signals"][0]["evidence"][0]["text"] == "12 Elm Street"
    assert security.payload["teams"] == ["security"]
    assert security.payload["rule_ids"] == ["r1"]
