"""The evasion detector in the pipeline: suspensions feed the index, comebacks are flagged."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from watchkeeper.config import Settings
from watchkeeper.detectors.evasion import EvasionDetector
from watchkeeper.model import AccountEvent, EnforcementEvent, Event, PostEvent
from watchkeeper.runtime import Runtime

NOW = datetime(2015, 1, 6, 21, 0, tzinfo=UTC)


def signup(event_id: str, account: str, username: str, **extra: object) -> AccountEvent:
    return AccountEvent.model_validate(
        {"id": event_id, "action": "signup", "account_id": account, "username": username, **extra}
    )


def decide(runtime: Runtime, *events: Event) -> None:
    runtime.pipeline.submit(list(events))
    runtime.pipeline.drain()


def evasion_signal(runtime: Runtime, event_id: str) -> tuple[float, str] | None:
    decision = runtime.store.get_decision(event_id)
    assert decision is not None
    found = [s for s in decision.signals if s.label == "evasion"]
    return (found[0].score, found[0].reason) if found else None


def test_a_suspended_account_coming_back_under_a_bumped_name_is_queued(
    database_url: str,
) -> None:
    runtime = Runtime.build(Settings(database_url=database_url))
    try:
        decide(
            runtime,
            signup("s1", "acct-1", "GunsandCoffee70", display_name="GunsandCoffee"),
            EnforcementEvent(id="e1", action="suspend", account_id="acct-1"),
        )
        decide(
            runtime,
            signup("s2", "acct-2", "GunsandCoffee71", display_name="GunsandCoffee"),
            signup("s3", "acct-3", "kitten_pics_daily", display_name="Kittens"),
        )
        found = evasion_signal(runtime, "s2")
        assert found is not None
        score, reason = found
        evasion = next(d for d in runtime.detectors if isinstance(d, EvasionDetector))
        profile = evasion.matcher.index.get("acct-1")
        assert profile is not None
        assert score >= min(evasion.matcher.model.thresholds.values())
        assert "matches suspended @GunsandCoffee70" in reason
        assert evasion_signal(runtime, "s3") is None
        queues = {(c.subject_id, c.queue) for c in runtime.store.list_cases()}
        assert ("acct-2", "evasion") in queues
    finally:
        runtime.close()


def test_the_index_is_rebuilt_after_a_restart_and_unsuspension_removes(
    database_url: str,
) -> None:
    first = Runtime.build(Settings(database_url=database_url))
    try:
        decide(
            first,
            signup("s1", "acct-1", "lNSlDER_Sham", email="insider.sham@gmail.com"),
            EnforcementEvent(id="e1", action="suspend", account_id="acct-1"),
        )
    finally:
        first.close()
    second = Runtime.build(Settings(database_url=database_url))
    try:
        evasion = next(d for d in second.detectors if isinstance(d, EvasionDetector))
        assert "acct-1" in evasion.matcher.index
        decide(second, signup("s2", "acct-2", "INSIDER_Sham2", email="insidersham+new@gmail.com"))
        assert evasion_signal(second, "s2") is not None
        decide(second, EnforcementEvent(id="e2", action="unsuspend", account_id="acct-1"))
        assert "acct-1" not in evasion.matcher.index
    finally:
        second.close()


def test_our_own_suspension_feeds_the_index(tmp_path: Path, database_url: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: strict\nqueues:\n  evasion: {sla_minutes: 60}\nrules:\n"
        "  - id: suspend-campaigners\n    when: {signal: {label: extremist_campaign}}\n"
        "    then: [suspend]\n"
        "  - id: evaders\n    when: {signal: {label: evasion, min_score: 0.01}}\n"
        "    then: [{review: {queue: evasion, priority: 50}}]\n"
    )
    runtime = Runtime.build(Settings(database_url=database_url, policy_path=policy))
    try:
        decide(runtime, signup("s1", "acct-1", "abufalah040", display_name="Abu Falah"))
        decide(
            runtime,
            PostEvent(
                id="p1",
                author_id="acct-1",
                text="#AttackingTwitterEmployees watch your doorstep",
                created_at=NOW,
            ),
        )
        decision = runtime.store.get_decision("p1")
        assert decision is not None and decision.verdict == "suspend"
        decide(runtime, signup("s2", "acct-2", "abufalah041", display_name="Abu Falah"))
        found = evasion_signal(runtime, "s2")
        assert found is not None and "@abufalah040" in found[1]
    finally:
        runtime.close()


def test_the_default_policy_queues_every_flagged_account() -> None:
    from watchkeeper.model import PolicyContext, Signal
    from watchkeeper.policy import load_default_policy

    detector = EvasionDetector()
    policy = load_default_policy()
    event = signup("s9", "acct-9", "someone")
    context = PolicyContext(event_kind="account")

    def rules_at(score: float) -> list[str]:
        signal = Signal(detector="evasion", label="evasion", score=score, reason="test")
        return policy.decide(event, [signal], context, NOW).rule_ids

    for threshold in detector.matcher.model.thresholds.values():
        assert rules_at(threshold) == ["possible-ban-evasion"]
    assert rules_at(0.97) == ["ban-evasion-certain", "possible-ban-evasion"]


def test_a_weak_resemblance_is_not_emitted(database_url: str) -> None:
    runtime = Runtime.build(Settings(database_url=database_url))
    try:
        decide(
            runtime,
            signup("s1", "acct-1", "mike"),
            EnforcementEvent(id="e1", action="suspend", account_id="acct-1"),
        )
        decide(runtime, signup("s2", "acct-2", "mikey_the_baker_from_leeds"))
        assert evasion_signal(runtime, "s2") is None
    finally:
        runtime.close()


def test_early_posts_seen_before_a_restart_are_kept_for_a_later_suspension(
    database_url: str,
) -> None:
    first = Runtime.build(Settings(database_url=database_url))
    try:
        decide(first, signup("s1", "acct-1", "Mosul_Reporter7"))
        decide(
            first,
            PostEvent(
                id="p1", author_id="acct-1", text="Morning news from the river", created_at=NOW
            ),
            PostEvent(
                id="p2", author_id="acct-9", text="an account never signed up", created_at=NOW
            ),
        )
    finally:
        first.close()
    second = Runtime.build(Settings(database_url=database_url))
    try:
        decide(
            second,
            PostEvent(
                id="p3", author_id="acct-1", text="Evening report, stay tuned", created_at=NOW
            ),
            EnforcementEvent(id="e1", action="suspend", account_id="acct-1"),
        )
        evasion = next(d for d in second.detectors if isinstance(d, EvasionDetector))
        profile = evasion.matcher.index.get("acct-1")
        assert profile is not None
        assert profile.posts == ["Morning news from the river", "Evening report, stay tuned"]
    finally:
        second.close()
