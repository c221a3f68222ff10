"""The shared types: what an event is about, who wrote it, and what is never stored in clear."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from watchkeeper.model import (
    EVENT_ADAPTER,
    AccountEvent,
    Action,
    AppealEvent,
    Decision,
    EnforcementEvent,
    PostEvent,
    ReportEvent,
    author_of,
    subject_of,
    text_of,
)

NOW = datetime(2014, 9, 20, tzinfo=UTC)


def test_subject_author_and_text_of_each_kind() -> None:
    post = PostEvent(id="p1", author_id="a1", text="hello")
    report = ReportEvent(
        id="r1",
        reporter_id="u",
        target_kind="post",
        target_id="p1",
        target_author_id="a1",
        reason="threat",
        text="reported words",
    )
    account = AccountEvent(
        id="s1", action="signup", account_id="a2", username="name", display_name="Name", bio="b"
    )
    appeal = AppealEvent(id="ap1", account_id="a1", appealed_event_id="p1", text="not me")
    enforcement = EnforcementEvent(id="e1", action="suspend", account_id="a3")
    assert [subject_of(e) for e in (post, report, account, appeal, enforcement)] == [
        ("post", "p1"),
        ("post", "p1"),
        ("account", "a2"),
        ("account", "a1"),
        ("account", "a3"),
    ]
    assert [author_of(e) for e in (post, report, account, appeal, enforcement)] == [
        "a1",
        "a1",
        "a2",
        "a1",
        "a3",
    ]
    assert text_of(report) == "reported words"
    assert text_of(account) == "name Name b"
    assert text_of(enforcement) == ""


def test_email_and_ip_are_hashed_on_arrival_and_stay_equal_when_resent_hashed() -> None:
    raw = {
        "kind": "account",
        "id": "s1",
        "action": "signup",
        "account_id": "a1",
        "username": "u",
        "email": "J.Doe+new@GMAIL.com",
        "ip": "10.0.0.1",
    }
    event = EVENT_ADAPTER.validate_python(raw)
    assert isinstance(event, AccountEvent)
    assert event.email is not None and event.email.startswith("sha256:")
    assert "doe" not in event.model_dump_json().lower()
    same_mailbox = EVENT_ADAPTER.validate_python({**raw, "id": "s2", "email": "jdoe@gmail.com"})
    assert isinstance(same_mailbox, AccountEvent) and same_mailbox.email == event.email
    resent = EVENT_ADAPTER.validate_json(event.model_dump_json())
    assert isinstance(resent, AccountEvent) and resent.email == event.email


def test_a_bad_avatar_hash_names_the_expected_form() -> None:
    with pytest.raises(ValidationError, match="expected a PDQ hash: 64 hexadecimal digits"):
        AccountEvent(id="s1", action="signup", account_id="a1", username="u", avatar_pdq="zz")


def test_verdict_is_the_strongest_action() -> None:
    def decision(*kinds: str) -> Decision:
        actions = [
            Action.model_validate(
                {"kind": k, "target_kind": "post", "target_id": "p1", "rule_id": "r"}
            )
            for k in kinds
        ]
        return Decision(
            event_id="p1", event_kind="post", actions=actions, policy_version="t", decided_at=NOW
        )

    assert decision().verdict == "allow"
    assert decision("label", "review").verdict == "review"
    assert decision("review", "remove", "suspend").verdict == "suspend"
    assert decision("remove").model_dump()["verdict"] == "remove"
