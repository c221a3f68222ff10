"""Accounts: every involved account shown to the judge, changes merged and accumulated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from watchkeeper.model import AccountContext, AccountEvent, EnforcementEvent, Event, ReportEvent
from watchkeeper.store.accounts_repo import merge_changes
from watchkeeper.store.records import AccountChange, ProcessedEvent
from watchkeeper.store.repository import Store

from .support import T0, allow, allow_all, flag_all, post, posts


def test_changes_to_one_account_merge_into_one() -> None:
    merged = merge_changes(
        [
            AccountChange(account_id="a", strikes_delta=1),
            AccountChange(account_id="b", suspended=True),
            AccountChange(account_id="a", created_at=T0, strikes_delta=2, suspended=True),
            AccountChange(account_id="a", created_at=T0 + timedelta(days=1), suspended=False),
            AccountChange(account_id="a"),
        ]
    )
    assert sorted(merged) == ["a", "b"]
    a = merged["a"]
    assert (a.created_at, a.strikes_delta, a.suspended) == (T0, 3, False)
    assert (merged["b"].strikes_delta, merged["b"].suspended) == (0, True)


def test_the_judge_sees_every_account_involved_known_or_not(store: Store) -> None:
    store.ingest([post(1, author="alice")])
    store.process_pending(10, flag_all)  # alice now has a strike
    store.ingest(
        [
            post(2, author="alice"),
            AccountEvent(id="a1", action="signup", account_id="newbie", username="newbie"),
            EnforcementEvent(id="e1", action="suspend", account_id="mallory"),
            ReportEvent(
                id="r1", reporter_id="carol", target_kind="account", target_id="dave", reason="x"
            ),
            ReportEvent(
                id="r2", reporter_id="carol", target_kind="post", target_id="p", reason="x"
            ),
        ]
    )
    given: dict[str, AccountContext] = {}

    def judge(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        given.update(known)
        return allow_all(batch, known)

    store.process_pending(10, judge)
    assert set(given) == {"alice", "newbie", "mallory", "dave"}
    assert given["alice"].strikes == 1
    assert given["newbie"] == AccountContext(account_id="newbie")


def test_account_changes_accumulate_within_and_across_batches(store: Store) -> None:
    born = T0 - timedelta(days=30)

    def judge(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        out = []
        for event in batch:
            n = int(event.id.split("-")[1])
            changes = [
                AccountChange(account_id="alice", strikes_delta=2),
                AccountChange(
                    account_id="alice",
                    created_at=born if n == 0 else born + timedelta(days=n),
                    suspended={0: None, 1: True, 2: None, 3: False, 4: None}[n],
                ),
            ]
            out.append(
                ProcessedEvent(event=event, decision=allow(event).decision, account_changes=changes)
            )
        return out

    store.ingest(posts(5))
    store.process_pending(1, judge)  # post-0: strikes 2, created_at set, not suspended
    assert store.account("alice") == AccountContext(
        account_id="alice", created_at=born, strikes=2, suspended=False
    )
    store.process_pending(1, judge)  # post-1: suspended
    alice = store.account("alice")
    assert alice is not None
    assert (alice.strikes, alice.suspended, alice.created_at) == (4, True, born)
    store.process_pending(1, judge)  # post-2: None leaves the suspension alone
    alice = store.account("alice")
    assert alice is not None
    assert (alice.strikes, alice.suspended) == (6, True)
    store.process_pending(2, judge)  # post-3 lifts it, post-4 leaves it lifted
    alice = store.account("alice")
    assert alice is not None
    assert (alice.strikes, alice.suspended, alice.created_at) == (10, False, born)
    assert alice.created_at is not None
    assert alice.created_at.tzinfo is not None
    assert store.account("nobody") is None


def test_an_account_is_unknown_until_an_event_teaches_us_about_it(store: Store) -> None:
    assert store.account("user-0") is None
    store.ingest(posts(1))
    store.process_pending(10, flag_all)
    assert store.account("user-0") == AccountContext(account_id="user-0", strikes=1)
