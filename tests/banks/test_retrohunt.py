"""``watchkeeper.banks.retrohunt``: posts decided before their media or text was banked.

The whole path runs for real on SQLite and PostgreSQL: posts go through the pipeline
with the ``media`` and ``textmatch`` detectors (which record the media hashes they
saw), entries are banked afterwards, the hunt reports the earlier posts, and the
reports go through the pipeline again to a case in the ``terrorism`` queue.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pdq_hashes import flip

from watchkeeper.banks.repository import BankRepository, NewEntry
from watchkeeper.banks.retrohunt import CURSOR_KEY, REPORTER, RetroHunt
from watchkeeper.config import Settings
from watchkeeper.detectors.textmatch import EXAMPLE_STATEMENT
from watchkeeper.model import MediaItem, PostEvent, ReportEvent
from watchkeeper.runtime import Runtime
from watchkeeper.store.repository import Store

BANKED = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
STRANGER = "0f" * 32
MD5 = "d41d8cd98f00b204e9800998ecf8427e"
EDITED = "Read this!!! " + EXAMPLE_STATEMENT.replace("blessed", "great") + " #news"


def post(event_id: str, text: str = "", *media: MediaItem) -> PostEvent:
    return PostEvent(id=event_id, author_id=f"author-{event_id}", text=text, media=list(media))


@pytest.fixture
def runtime(database_url: str) -> Iterator[Runtime]:
    settings = Settings(
        database_url=database_url, detectors=["media", "textmatch"], bank_refresh_seconds=0.001
    )
    built = Runtime.build(settings)
    try:
        yield built
    finally:
        built.close()


def decide(runtime: Runtime, *posts: PostEvent) -> None:
    runtime.pipeline.submit(list(posts))
    runtime.pipeline.drain()


def earlier_posts() -> list[PostEvent]:
    return [
        post("photo", "look at this", MediaItem(pdq=flip(BANKED, 5), pdq_quality=90)),
        post("video", "", MediaItem(kind="video", md5=MD5)),
        post("statement", EDITED),
        post("blurry", "", MediaItem(pdq=BANKED, pdq_quality=20)),
        post("holiday", "my holiday", MediaItem(pdq=STRANGER, pdq_quality=90)),
        post("lunch", "see you at lunch"),
    ]


def bank_everything(repo: BankRepository) -> dict[str, int]:
    repo.create_bank("gifct")
    ids = repo.add_entries(
        "gifct",
        [
            NewEntry("pdq", BANKED, provenance="GIFCT"),
            NewEntry("video_md5", MD5),
            NewEntry("raw_text", EXAMPLE_STATEMENT),
        ],
    ).added
    return dict(zip(["pdq", "md5", "text"], ids, strict=True))


def test_posts_seen_before_their_media_was_banked_are_reported_and_queued(
    runtime: Runtime,
) -> None:
    store = runtime.store
    decide(runtime, *earlier_posts())
    assert all(
        d.verdict == "allow" for d in store.get_decisions(["photo", "video", "statement"]).values()
    )
    repo = BankRepository(store)
    ids = bank_everything(repo)

    result = RetroHunt(store, settle_seconds=0).run_once()
    expected = {
        f"retrohunt:{ids['pdq']}:photo",
        f"retrohunt:{ids['md5']}:video",
        f"retrohunt:{ids['text']}:statement",
    }
    assert set(result.reports) == expected  # not the blurry copy (quality 20 < 50)
    assert result.entries == 3
    assert result.media_scanned == 4  # photo, video, blurry, holiday
    assert result.posts_scanned == 6
    assert repo.get_state(CURSOR_KEY) == str(repo.last_log_seq())

    report = store.get_event(f"retrohunt:{ids['pdq']}:photo")
    assert isinstance(report, ReportEvent)
    assert (report.reporter_id, report.target_kind, report.target_id) == (REPORTER, "post", "photo")
    assert (report.target_author_id, report.reason) == ("author-photo", "known_media")
    assert report.text == "look at this"
    assert [item.pdq for item in report.media] == [flip(BANKED, 5)]
    assert f"gifct entry {ids['pdq']}" in report.comment
    assert report.meta == {"retrohunt": {"entries": [ids["pdq"]], "post": "photo"}}
    text_report = store.get_event(f"retrohunt:{ids['text']}:statement")
    assert isinstance(text_report, ReportEvent) and text_report.reason == "known_text"

    again = RetroHunt(store, settle_seconds=0).run_once()
    assert (again.entries, again.reports) == (0, [])

    runtime.pipeline.drain()
    decisions = store.get_decisions(sorted(expected))
    labels = {event_id: {s.label for s in d.signals} for event_id, d in decisions.items()}
    assert labels == {
        f"retrohunt:{ids['pdq']}:photo": {"known_media"},
        f"retrohunt:{ids['md5']}:video": {"known_media"},
        f"retrohunt:{ids['text']}:statement": {"known_text"},
    }
    assert all(d.rule_ids == ["retro-hunt-match"] for d in decisions.values())
    cases = store.list_cases(queue="terrorism")
    assert {case.event_id for case in cases} == expected
    for event_id in ("photo", "video", "statement", "blurry", "holiday", "lunch"):
        assert store.get_decision(event_id) is not None  # decided once, untouched
    assert len(store.list_cases(state=None)) == 3


def test_only_new_entries_are_hunted_and_a_post_is_reported_once_per_entry(
    runtime: Runtime,
) -> None:
    store = runtime.store
    decide(runtime, *earlier_posts())
    repo = BankRepository(store)
    repo.create_bank("gifct")
    [first] = repo.add_entries("gifct", [NewEntry("pdq", BANKED)]).added
    hunt = RetroHunt(store, settle_seconds=0)
    assert hunt.run_once().reports == [f"retrohunt:{first}:photo"]
    repo.create_bank("other")
    [second] = repo.add_entries("other", [NewEntry("pdq", flip(BANKED, 3))]).added
    repo.add_entries("gifct", [NewEntry("pdq", BANKED)])  # unchanged: no log row
    assert hunt.run_once().reports == [f"retrohunt:{second}:photo"]
    repo.remove_entries("gifct", [first])
    repo.add_entries("gifct", [NewEntry("pdq", BANKED)])  # revived: hunted again, same id
    assert hunt.run_once().reports == []  # ... but that report exists already
    assert hunt.run_once().entries == 0


def test_media_known_only_by_url_is_reported_with_the_hashes_that_were_seen(
    runtime: Runtime,
) -> None:
    store = runtime.store
    linked = post("linked", "new video", MediaItem(url="https://cdn.example.invalid/v.jpg"))
    decide(runtime, linked)
    # what the detector records after fetching an allowlisted URL (tests/detectors/test_media.py)
    BankRepository(store).record_media_seen([("linked", "pdq", flip(BANKED, 2), 80)])
    ids = bank_everything(BankRepository(store))
    [report_id] = RetroHunt(store, settle_seconds=0).run_once().reports
    assert report_id == f"retrohunt:{ids['pdq']}:linked"
    report = store.get_event(report_id)
    assert isinstance(report, ReportEvent)
    assert [(item.pdq, item.pdq_quality) for item in report.media] == [(flip(BANKED, 2), 80)]
    runtime.pipeline.drain()
    decision = store.get_decision(report_id)
    assert decision is not None and decision.rule_ids == ["retro-hunt-match"]


def test_a_newly_banked_video_finds_the_posts_that_carried_most_of_its_frames(
    runtime: Runtime,
) -> None:
    store = runtime.store
    frames = [flip(BANKED, bits) for bits in (0, 40, 80, 120, 160)]
    copy = [flip(frame, 3) for frame in frames[:4]] + [STRANGER]  # 4 of 5 frames
    glimpse = [frames[0], STRANGER, flip(STRANGER, 64)]  # 1 of 3: not the video
    decide(
        runtime,
        post("reupload", "", MediaItem(kind="video", vpdq=copy)),
        post("glimpse", "", MediaItem(kind="video", vpdq=glimpse)),
        *earlier_posts(),
    )
    repo = BankRepository(store)
    repo.create_bank("videos")
    banked = json.dumps([f"{frame},100,{second}.0" for second, frame in enumerate(frames)])
    [entry_id] = repo.add_entries("videos", [NewEntry("vpdq", banked)]).added
    result = RetroHunt(store, settle_seconds=0).run_once()
    assert result.reports == [f"retrohunt:{entry_id}:reupload"]
    runtime.pipeline.drain()
    decision = store.get_decision(result.reports[0])
    assert decision is not None and "known_media" in {s.label for s in decision.signals}


def test_one_pass_with_a_new_photo_and_a_new_video_finds_both(runtime: Runtime) -> None:
    store = runtime.store
    frames = [flip(BANKED, bits) for bits in (0, 40, 80, 120, 160)]
    photo = flip(STRANGER, 100)  # far from every frame
    decide(
        runtime,
        post("reupload", "", MediaItem(kind="video", vpdq=frames[:4])),
        post("still", "", MediaItem(pdq=flip(photo, 4), pdq_quality=90)),
    )
    repo = BankRepository(store)
    repo.create_bank("both")
    banked = json.dumps([f"{frame},100,{second}.0" for second, frame in enumerate(frames)])
    video_id, photo_id = repo.add_entries(
        "both", [NewEntry("vpdq", banked), NewEntry("pdq", photo)]
    ).added
    result = RetroHunt(store, settle_seconds=0).run_once()
    assert sorted(result.reports) == sorted(
        [f"retrohunt:{video_id}:reupload", f"retrohunt:{photo_id}:still"]
    )


def test_negative_removed_and_disabled_entries_are_not_hunted(runtime: Runtime) -> None:
    store = runtime.store
    decide(runtime, *earlier_posts())
    repo = BankRepository(store)
    repo.create_bank("fp")
    repo.create_bank("off", enabled=False)
    repo.create_bank("gifct")
    repo.add_entries("fp", [NewEntry("pdq", BANKED, negative=True)])
    repo.add_entries("off", [NewEntry("video_md5", MD5)])
    [removed] = repo.add_entries("gifct", [NewEntry("raw_text", EXAMPLE_STATEMENT)]).added
    repo.remove_entries("gifct", [removed])
    result = RetroHunt(store, settle_seconds=0).run_once()
    assert (result.entries, result.reports) == (0, [])


def test_a_banks_distance_applies_to_the_hunt(runtime: Runtime) -> None:
    store = runtime.store
    decide(runtime, *earlier_posts())
    repo = BankRepository(store)
    repo.create_bank("tight", pdq_max_distance=4, pdq_min_quality=0)
    [entry_id] = repo.add_entries("tight", [NewEntry("pdq", BANKED)]).added
    result = RetroHunt(store, settle_seconds=0).run_once()
    assert result.reports == [f"retrohunt:{entry_id}:blurry"]  # "photo" is 5 bits away


def test_entries_wait_until_they_have_settled(runtime: Runtime) -> None:
    store = runtime.store
    decide(runtime, *earlier_posts())
    ids = bank_everything(BankRepository(store))
    now = datetime.now(UTC)
    early = RetroHunt(store, settle_seconds=60, clock=lambda: now)
    assert early.run_once().reports == []
    later = RetroHunt(store, settle_seconds=60, clock=lambda: now + timedelta(seconds=61))
    assert f"retrohunt:{ids['md5']}:video" in later.run_once().reports


def test_posts_older_than_the_window_are_not_hunted(runtime: Runtime) -> None:
    store = runtime.store
    now = datetime.now(UTC)
    old_store = Store(store.engine, clock=lambda: now - timedelta(days=40))
    old_store.ingest([post("old-statement", EDITED)])
    # the old photo's hash was recorded when it was decided, 40 days ago (the drain
    # below decides it again for the pipeline, but the first sighting is kept)
    old_repo = BankRepository(store, clock=lambda: now - timedelta(days=40))
    old_repo.record_media_seen([("old-photo", "pdq", BANKED, 90)])
    old_store.ingest([post("old-photo", "", MediaItem(pdq=BANKED, pdq_quality=90))])
    decide(runtime, post("new-statement", EDITED), post("new-video", "", MediaItem(md5=MD5)))
    ids = bank_everything(BankRepository(store))
    result = RetroHunt(store, days=30, settle_seconds=0).run_once()
    assert set(result.reports) == {
        f"retrohunt:{ids['text']}:new-statement",
        f"retrohunt:{ids['md5']}:new-video",
    }
    assert result.posts_scanned == 2


def test_a_hunt_far_in_the_future_finds_nothing_in_its_window(runtime: Runtime) -> None:
    store = runtime.store
    decide(runtime, *earlier_posts())
    bank_everything(BankRepository(store))
    future = datetime.now(UTC) + timedelta(days=31)
    result = RetroHunt(store, days=30, settle_seconds=0, clock=lambda: future).run_once()
    assert result.entries == 3
    assert (result.media_scanned, result.posts_scanned, result.reports) == (0, 0, [])


def test_nothing_to_do_without_new_entries(store: Store) -> None:
    result = RetroHunt(store, settle_seconds=0).run_once()
    assert (result.entries, result.media_scanned, result.posts_scanned) == (0, 0, 0)
    assert BankRepository(store).get_state(CURSOR_KEY) is None
