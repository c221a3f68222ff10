"""The ``textmatch`` detector through a real store and pipeline (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from watchkeeper.banks.repository import BankRepository, NewEntry
from watchkeeper.config import Settings
from watchkeeper.detectors.textmatch import EXAMPLE_STATEMENT, KNOWN_TEXT, TextMatchDetector
from watchkeeper.model import AccountEvent, Decision, PostEvent, ReportEvent, Signal
from watchkeeper.pipeline import Pipeline
from watchkeeper.policy import load_default_policy
from watchkeeper.runtime import Runtime
from watchkeeper.store.repository import Store

STATEMENT = EXAMPLE_STATEMENT
EDITED = "Read this!!! " + STATEMENT.replace("blessed", "great").upper() + " #news"
HALF = "hello " + " ".join(STATEMENT.split()[:16])
"""Two thirds of the statement: over the partial threshold, under the full one."""


@pytest.fixture
def repo(store: Store) -> BankRepository:
    repo = BankRepository(store)
    repo.create_bank("statements")
    return repo


def pipeline_for(store: Store) -> Pipeline:
    detector = TextMatchDetector(refresh_seconds=0.001)
    detector.bootstrap(store)
    return Pipeline(store, [detector], load_default_policy())


def decide(pipeline: Pipeline, *items: PostEvent | ReportEvent) -> dict[str, Decision]:
    pipeline.submit(list(items))
    pipeline.drain()
    return pipeline.store.get_decisions([item.id for item in items])


def known_text(decision: Decision) -> Signal | None:
    found = [s for s in decision.signals if s.label == KNOWN_TEXT]
    return found[0] if found else None


def post(event_id: str, text: str) -> PostEvent:
    return PostEvent(id=event_id, author_id="a1", text=text)


def test_an_edited_repost_is_known_text_with_the_span_and_provenance(
    store: Store, repo: BankRepository
) -> None:
    [entry_id] = repo.add_entries(
        "statements", [NewEntry("raw_text", STATEMENT, provenance="al-Hayat 2014-09")]
    ).added
    pipeline = pipeline_for(store)
    decisions = decide(
        pipeline, post("p1", EDITED), post("p2", HALF), post("p3", "see you at lunch")
    )
    found = known_text(decisions["p1"])
    assert found is not None
    assert found.detector == "textmatch"
    assert 0.9 <= found.score < 1.0
    [evidence] = found.evidence
    assert evidence.kind == "span"
    assert evidence.start is not None and evidence.end is not None
    assert evidence.text == EDITED[evidence.start : evidence.end]
    assert evidence.text.startswith("THE SOLDIERS OF THE CALIPHATE")
    assert evidence.source.startswith(f"bank statements entry {entry_id} (")
    assert evidence.source.endswith("of it): al-Hayat 2014-09")
    assert f"in bank statements (entry {entry_id})" in found.reason
    assert "known-terrorist-statement" in decisions["p1"].rule_ids
    partial = known_text(decisions["p2"])
    assert partial is not None and 0.6 <= partial.score < 0.9
    assert decisions["p2"].rule_ids == ["partial-terrorist-statement"]
    assert decisions["p3"].signals == []
    assert {c.event_id for c in store.list_cases(queue="terrorism")} == {"p1", "p2"}


def test_each_bank_keeps_its_own_minimum_score(store: Store, repo: BankRepository) -> None:
    repo.update_bank("statements", text_min_score=0.9)
    repo.add_entries("statements", [NewEntry("raw_text", STATEMENT)])
    pipeline = pipeline_for(store)
    decisions = decide(pipeline, post("full", EDITED), post("part", HALF))
    assert known_text(decisions["full"]) is not None
    assert known_text(decisions["part"]) is None


def test_removed_entries_stop_matching_and_new_ones_start(
    store: Store, repo: BankRepository
) -> None:
    pipeline = pipeline_for(store)
    assert known_text(decide(pipeline, post("p1", EDITED))["p1"]) is None
    [entry_id] = repo.add_entries("statements", [NewEntry("raw_text", STATEMENT)]).added
    assert known_text(decide(pipeline, post("p2", EDITED))["p2"]) is not None
    repo.remove_entries("statements", [entry_id])
    assert known_text(decide(pipeline, post("p3", EDITED))["p3"]) is None


def test_a_negative_entry_suppresses_the_signal(store: Store, repo: BankRepository) -> None:
    repo.create_bank("not-propaganda")
    repo.add_entries("statements", [NewEntry("raw_text", STATEMENT)])
    repo.add_entries(
        "not-propaganda",
        [NewEntry("raw_text", STATEMENT, negative=True, provenance="news quote, reviewed")],
    )
    pipeline = pipeline_for(store)
    decisions = decide(pipeline, post("p1", EDITED))
    assert decisions["p1"].signals == []
    assert decisions["p1"].verdict == "allow"


def test_reports_are_read_and_too_short_entries_never_match(
    store: Store, repo: BankRepository
) -> None:
    repo.add_entries(
        "statements",
        [NewEntry("raw_text", STATEMENT), NewEntry("raw_text", "may Allah accept him")],
    )
    detector = TextMatchDetector()
    detector.bootstrap(store)
    assert detector.matcher is not None and detector.matcher.skipped == 1
    report = ReportEvent(
        id="r1",
        reporter_id="u1",
        target_kind="post",
        target_id="p9",
        reason="terrorism",
        text=EDITED,
    )
    account = AccountEvent(id="a1", action="signup", account_id="x", username="x", bio=STATEMENT)
    results = detector.detect(
        [report, post("p1", "may Allah accept him, may Allah accept him"), account]
    )
    assert [[s.label for s in signals] for signals in results] == [[KNOWN_TEXT], [], []]


def test_a_detector_that_was_not_bootstrapped_finds_nothing() -> None:
    detector = TextMatchDetector()
    assert detector.detect([post("p1", EDITED)]) == [[]]


def test_refresh_seconds_come_from_the_settings(database_url: str) -> None:
    settings = Settings(database_url=database_url, detectors=["textmatch"], bank_refresh_seconds=7)
    assert TextMatchDetector.from_settings(settings).refresh_seconds == 7
    runtime = Runtime.build(settings)
    try:
        [detector] = runtime.detectors
        assert isinstance(detector, TextMatchDetector)
        assert detector.matcher is not None
        assert detector.matcher.follower.refresh_seconds == 7
    finally:
        runtime.close()
