"""process_pending: one transaction per batch, exactly one decision per event, ever."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

import pytest
from sqlalchemy import func, select, update

from watchkeeper.model import AccountContext, Event
from watchkeeper.store.records import ProcessedEvent
from watchkeeper.store.repository import Store
from watchkeeper.store.tables import decisions, events

from .support import T0, allow, allow_all, count_rows, flag_all, post, posts


def test_each_event_gets_exactly_one_decision_and_a_second_run_does_nothing(store: Store) -> None:
    store.ingest(posts(7))
    assert store.process_pending(5, allow_all) == 5
    assert store.process_pending(5, allow_all) == 2
    assert store.process_pending(5, allow_all) == 0
    counts = count_rows(store)
    assert counts["decisions"] == 7
    assert counts["audit_log"] == 7
    assert store.stats()["events_processed"] == 7
    assert all(store.event_status(f"post-{i}") == "processed" for i in range(7))


def test_events_are_judged_in_the_order_they_were_received(store: Store) -> None:
    store.ingest([post(5), post(1)])
    store.ingest([post(3), post(2)])
    seen: list[list[str]] = []

    def judge(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        seen.append([e.id for e in batch])
        return allow_all(batch, known)

    while store.process_pending(3, judge):
        pass
    assert seen == [["post-5", "post-1", "post-3"], ["post-2"]]


def test_a_judge_that_raises_leaves_everything_as_it_was(store: Store) -> None:
    store.ingest(posts(4, authors=2))
    before = count_rows(store)

    def explode(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        raise RuntimeError("detector crashed")

    with pytest.raises(RuntimeError, match="detector crashed"):
        store.process_pending(10, explode)
    assert count_rows(store) == before
    assert store.stats()["events_pending"] == 4
    assert store.process_pending(10, flag_all) == 4  # and the batch is simply retried


def test_a_failure_while_writing_rolls_back_what_was_already_written(store: Store) -> None:
    store.ingest(posts(3))

    def naive_case(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        results = flag_all(batch, known)
        case = results[-1].cases[0]
        broken = type(case)(**{**case.__dict__, "sla_deadline": T0.replace(tzinfo=None)})
        results[-1] = ProcessedEvent(
            event=results[-1].event, decision=results[-1].decision, cases=[broken]
        )
        return results

    before = count_rows(store)
    with pytest.raises(Exception, match="naive datetime"):
        store.process_pending(10, naive_case)
    assert count_rows(store) == before


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda results: results[:-1], "no result for 1 event"),
        (lambda results: [*results, results[0]], "two results"),
        (lambda results: [*results[:-1], allow(post(99))], "unclaimed event"),
    ],
    ids=["missing", "twice", "stranger"],
)
def test_a_judge_must_answer_once_for_every_event(
    store: Store, mangle: object, message: str
) -> None:
    store.ingest(posts(3))

    def judge(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        assert callable(mangle)
        result: list[ProcessedEvent] = mangle(allow_all(batch, known))
        return result

    with pytest.raises(ValueError, match=message):
        store.process_pending(10, judge)
    assert store.stats()["events_pending"] == 3
    assert count_rows(store)["decisions"] == 0


def test_a_decision_for_another_event_is_refused(store: Store) -> None:
    store.ingest(posts(1))

    def judge(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        return [ProcessedEvent(event=batch[0], decision=allow(post(42)).decision)]

    with pytest.raises(ValueError, match="attached to event 'post-0'"):
        store.process_pending(10, judge)


def test_an_event_made_pending_again_is_not_decided_twice(store: Store) -> None:
    store.ingest(posts(3))
    store.process_pending(10, flag_all)
    before = count_rows(store)
    with store.engine.begin() as connection:  # e.g. an operator replaying by hand
        connection.execute(update(events).values(status="pending", processed_at=None))
    assert store.process_pending(10, flag_all) == 3
    assert count_rows(store) == before
    assert store.stats()["events_pending"] == 0
    assert store.account("user-0") == AccountContext(account_id="user-0", strikes=3)


def test_everything_a_flagged_event_implies_is_written(store: Store) -> None:
    store.ingest([post(1, author="alice")])
    store.process_pending(10, flag_all)
    counts = count_rows(store)
    assert counts == {
        "events": 1,
        "decisions": 1,
        "signals": 1,
        "cases": 1,
        "accounts": 1,
        "outbox": 1,
        "audit_log": 2,
    }
    entries = store.audit_entries("post-1")
    assert [e.kind for e in entries] == ["decision", "case_opened"]
    assert entries[0].detail == {
        "verdict": "review",
        "rule_ids": ["threats.review"],
        "policy_version": "test-1",
    }
    case = store.list_cases()[0]
    assert entries[1].detail["case_id"] == case.id
    assert entries[1].detail["queue"] == "threats"


def test_nothing_pending_means_the_judge_is_not_called(store: Store) -> None:
    def judge(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        raise AssertionError("called with nothing to judge")

    assert store.process_pending(10, judge) == 0


def test_limit_must_be_positive(store: Store) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        store.process_pending(0, allow_all)


def test_two_workers_never_decide_the_same_event_twice(database_url: str) -> None:
    total = 300
    with Store.open(database_url) as setup:
        setup.ingest(posts(total, authors=7))
    start = threading.Barrier(2)
    processed = [0, 0]
    errors: list[BaseException] = []

    def slow_flag(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
        time.sleep(0.005)  # hold the batch a while so the workers overlap
        return flag_all(batch, known)

    def work(slot: int) -> None:
        try:
            with Store.open(database_url) as worker:
                start.wait()
                while n := worker.process_pending(20, slow_flag):
                    processed[slot] += n
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(processed) == total
    with Store.open(database_url) as check:
        if check.backend == "postgresql":  # SKIP LOCKED lets both make progress at once
            assert min(processed) > 0
        counts = count_rows(check)
        assert counts["decisions"] == counts["cases"] == counts["outbox"] == total
        with check.engine.connect() as connection:
            distinct = connection.execute(select(func.count(func.distinct(decisions.c.event_id))))
            assert distinct.scalar_one() == total
        strikes = {f"user-{i}": check.account(f"user-{i}") for i in range(7)}
        assert sum(a.strikes for a in strikes.values() if a is not None) == total
        assert check.stats()["events_pending"] == 0


def test_events_left_pending_by_a_crash_are_processed_once_after_a_restart(
    database_url: str,
) -> None:
    with Store.open(database_url) as before_crash:
        before_crash.ingest(posts(5))
    # The process died here: nothing judged. A new process opens the same database.
    with Store.open(database_url) as after_restart:
        after_restart.migrate()
        assert after_restart.stats()["events_pending"] == 5
        assert after_restart.process_pending(100, flag_all) == 5
        assert after_restart.process_pending(100, flag_all) == 0
        assert count_rows(after_restart)["decisions"] == 5
        assert after_restart.ingest(posts(5)).duplicates == [f"post-{i}" for i in range(5)]
