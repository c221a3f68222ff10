"""``watchkeeper.banks.media_matcher`` and the ``follower`` it uses, on a real store.

Runs on SQLite and PostgreSQL. Bank changes reach the matcher through the store's
change log on the follower's beat, which the tests drive with a hand-moved clock.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from pdq_hashes import flip

import watchkeeper.banks.media_matcher as media_matcher_module
from watchkeeper.banks.follower import DEFAULT_REFRESH_SECONDS, BankFollower
from watchkeeper.banks.media_matcher import TOKEN_KEY, MediaMatch, MediaMatcher, MediaQuery
from watchkeeper.banks.repository import BankRepository, NewEntry
from watchkeeper.store.repository import Store

BASE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
OTHER = "0f" * 32
MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"


@dataclass
class Ticker:
    """A monotonic clock moved by hand."""

    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def repo(store: Store) -> BankRepository:
    return BankRepository(store)


def matcher_for(repo: BankRepository, folder: Path | None = None) -> tuple[MediaMatcher, Ticker]:
    matcher = MediaMatcher(repo, folder)
    ticker = Ticker()
    matcher.follower = BankFollower(repo, monotonic=ticker)
    matcher.start()
    return matcher, ticker


def refresh(matcher: MediaMatcher, ticker: Ticker) -> None:
    ticker.now += DEFAULT_REFRESH_SECONDS
    matcher.refresh_if_due()


def pdq(value: str, quality: int | None = None) -> MediaQuery:
    return MediaQuery("pdq", value, quality)


def found(matcher: MediaMatcher, query: MediaQuery) -> list[tuple[str, int, bool]]:
    """(bank, distance, negative) of each match of one query, sorted."""
    [matches] = matcher.match([query])
    return sorted((m.bank, m.distance, m.negative) for m in matches)


def test_pdq_matches_within_each_banks_own_distance(repo: BankRepository) -> None:
    repo.create_bank("tight", pdq_max_distance=10)
    repo.create_bank("loose", pdq_max_distance=40)
    repo.add_entries("tight", [NewEntry("pdq", BASE)])
    repo.add_entries("loose", [NewEntry("pdq", BASE), NewEntry("pdq", OTHER)])
    matcher, _ = matcher_for(repo)
    assert len(matcher) == 3
    assert found(matcher, pdq(BASE)) == [("loose", 0, False), ("tight", 0, False)]
    assert found(matcher, pdq(flip(BASE, 10))) == [("loose", 10, False), ("tight", 10, False)]
    assert found(matcher, pdq(flip(BASE, 11))) == [("loose", 11, False)]
    assert found(matcher, pdq(flip(BASE, 40))) == [("loose", 40, False)]  # past the usual 31
    assert found(matcher, pdq(flip(BASE, 41))) == []
    assert found(matcher, pdq(OTHER.upper())) == [("loose", 0, False)]


def test_match_gives_entry_ids_types_and_a_score(repo: BankRepository) -> None:
    repo.create_bank("b")
    [entry_id] = repo.add_entries("b", [NewEntry("pdq", BASE)]).added
    matcher, _ = matcher_for(repo)
    results = matcher.match([pdq(BASE), pdq(OTHER), pdq(flip(BASE, 16))])
    assert results[0] == [MediaMatch(entry_id, "b", "pdq", 0, False, 31)]
    assert results[1] == []
    assert results[2][0].score == pytest.approx(1.0 - 0.5 * 16 / 32)
    assert results[0][0].score == 1.0
    at_the_bar = matcher.match([pdq(flip(BASE, 31))])[0][0]
    assert at_the_bar.score > 0.5  # within the bank's distance: at or over known_media's 0.5
    assert matcher.match([]) == []


def test_quality_below_the_banks_minimum_is_not_matched(repo: BankRepository) -> None:
    repo.create_bank("strict", pdq_min_quality=70)
    repo.create_bank("lenient", pdq_min_quality=0)
    repo.add_entries("strict", [NewEntry("pdq", BASE)])
    repo.add_entries("lenient", [NewEntry("pdq", BASE)])
    matcher, _ = matcher_for(repo)
    assert [bank for bank, _, _ in found(matcher, pdq(BASE, quality=69))] == ["lenient"]
    assert [bank for bank, _, _ in found(matcher, pdq(BASE, quality=70))] == ["lenient", "strict"]
    assert [bank for bank, _, _ in found(matcher, pdq(BASE))] == ["lenient", "strict"]  # unknown


def test_a_disabled_bank_is_not_matched_until_enabled_again(repo: BankRepository) -> None:
    repo.create_bank("off", enabled=False)
    repo.create_bank("on")
    repo.add_entries("off", [NewEntry("pdq", BASE), NewEntry("video_md5", MD5)])
    matcher, ticker = matcher_for(repo)
    assert found(matcher, pdq(BASE)) == []
    assert found(matcher, MediaQuery("video_md5", MD5)) == []
    repo.update_bank("off", enabled=True)
    repo.update_bank("on", enabled=False)
    assert found(matcher, pdq(BASE)) == []  # settings are re-read on the follower's beat
    refresh(matcher, ticker)
    assert found(matcher, pdq(BASE)) == [("off", 0, False)]
    assert found(matcher, MediaQuery("video_md5", MD5)) == [("off", 0, False)]


def test_negative_entries_are_flagged(repo: BankRepository) -> None:
    repo.create_bank("b")
    repo.create_bank("fp")
    repo.add_entries("b", [NewEntry("pdq", BASE)])
    repo.add_entries("fp", [NewEntry("pdq", flip(BASE, 3), negative=True)])
    matcher, _ = matcher_for(repo)
    assert found(matcher, pdq(BASE)) == [("b", 0, False), ("fp", 3, True)]


def test_md5_and_sha256_match_exactly_and_only_their_own_type(repo: BankRepository) -> None:
    repo.create_bank("b")
    ids = repo.add_entries(
        "b", [NewEntry("video_md5", MD5.upper()), NewEntry("video_sha256", SHA)]
    ).added
    matcher, _ = matcher_for(repo)
    results = matcher.match(
        [
            MediaQuery("video_md5", MD5),
            MediaQuery("video_sha256", SHA),
            MediaQuery("video_md5", MD5[:-1] + "f"),
            MediaQuery("video_sha256", MD5),
            pdq(SHA),  # a SHA-256 is 64 hex characters, but it is not a PDQ hash
        ]
    )
    assert [[(m.entry_id, m.signal_type, m.distance) for m in r] for r in results] == [
        [(ids[0], "video_md5", 0)],
        [(ids[1], "video_sha256", 0)],
        [],
        [],
        [],
    ]


def test_entries_added_after_start_match_after_a_refresh(repo: BankRepository) -> None:
    repo.create_bank("b")
    repo.add_entries("b", [NewEntry("pdq", OTHER)])
    matcher, ticker = matcher_for(repo)
    repo.create_bank("late", pdq_max_distance=5)
    repo.add_entries("b", [NewEntry("pdq", BASE), NewEntry("video_md5", MD5)])
    repo.add_entries("late", [NewEntry("pdq", flip(BASE, 2))])
    ticker.now += DEFAULT_REFRESH_SECONDS - 0.5
    matcher.refresh_if_due()  # not due yet
    assert found(matcher, pdq(BASE)) == []
    ticker.now += 0.5
    matcher.refresh_if_due()
    assert found(matcher, pdq(BASE)) == [("b", 0, False), ("late", 2, False)]
    assert found(matcher, MediaQuery("video_md5", MD5)) == [("b", 0, False)]
    assert found(matcher, pdq(OTHER)) == [("b", 0, False)]
    assert len(matcher) == 4


def test_removed_entries_stop_matching_and_revived_ones_match_again(
    repo: BankRepository,
) -> None:
    repo.create_bank("b")
    [old_pdq, old_md5] = repo.add_entries(
        "b", [NewEntry("pdq", BASE), NewEntry("video_md5", MD5)]
    ).added
    matcher, ticker = matcher_for(repo)
    [new_pdq] = repo.add_entries("b", [NewEntry("pdq", OTHER)]).added
    refresh(matcher, ticker)
    assert found(matcher, pdq(OTHER)) == [("b", 0, False)]
    repo.remove_entries("b", [old_pdq, old_md5, new_pdq])  # from the main, exact, delta sets
    refresh(matcher, ticker)
    assert len(matcher) == 0
    for query in (pdq(BASE), pdq(OTHER), MediaQuery("video_md5", MD5)):
        assert found(matcher, query) == []
    repo.add_entries("b", [NewEntry("pdq", BASE, negative=True), NewEntry("pdq", OTHER)])
    refresh(matcher, ticker)
    assert found(matcher, pdq(BASE)) == [("b", 0, True)]  # revived as a known false positive
    assert found(matcher, pdq(OTHER)) == [("b", 0, False)]
    assert found(matcher, MediaQuery("video_md5", MD5)) == []
    assert len(matcher) == 2


def test_an_entry_added_and_removed_between_refreshes_never_matches(
    repo: BankRepository,
) -> None:
    repo.create_bank("b")
    matcher, ticker = matcher_for(repo)
    [entry_id] = repo.add_entries("b", [NewEntry("pdq", BASE)]).added
    repo.remove_entries("b", [entry_id])
    refresh(matcher, ticker)
    assert found(matcher, pdq(BASE)) == []
    assert len(matcher) == 0


def test_the_follower_reports_adds_and_removes_once(repo: BankRepository) -> None:
    repo.create_bank("b")
    ticker = Ticker()
    follower = BankFollower(repo, refresh_seconds=10, monotonic=ticker)
    assert follower.due()
    assert follower.start() == 0
    assert not follower.due()
    [a, _text] = repo.add_entries("b", [NewEntry("pdq", BASE), NewEntry("raw_text", "words")]).added
    [c] = repo.add_entries("b", [NewEntry("pdq", OTHER)]).added
    repo.remove_entries("b", [c])
    changes = follower.changes(frozenset({"pdq"}))
    assert [entry.id for entry in changes.added] == [a]  # not the text, not the removed one
    assert changes.removed == {c}
    assert follower.log_seq == repo.last_log_seq()
    again = follower.changes(frozenset({"pdq"}))
    assert (again.added, again.removed) == ([], set())
    repo.update_bank("b", enabled=False)
    follower.changes(frozenset({"pdq"}))
    assert follower.usable("b") is None and follower.usable("nope") is None
    ticker.now = 9.9
    assert not follower.due()
    ticker.now = 10.0
    assert follower.due()


# -- the saved index ------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "bank-index"


def test_start_saves_the_index_and_a_second_matcher_loads_it(
    repo: BankRepository, folder: Path
) -> None:
    repo.create_bank("b")
    added = repo.add_entries("b", [NewEntry("pdq", BASE), NewEntry("video_md5", MD5)]).added
    first_id = added[0]
    first, _ = matcher_for(repo, folder)
    assert not first.loaded_from_snapshot
    header = json.loads((folder / "header.json").read_text(encoding="utf-8"))
    assert header["token"] == repo.get_state(TOKEN_KEY)
    assert header["log_seq"] == repo.last_log_seq()
    assert (folder / "pdq" / "header.json").exists()
    assert not folder.with_name(folder.name + ".new").exists()
    # changes after the snapshot reach the next process through the log
    [late_id] = repo.add_entries("b", [NewEntry("pdq", OTHER)]).added
    repo.remove_entries("b", [first_id])
    repo.add_entries("b", [NewEntry("video_sha256", SHA)])
    second, _ = matcher_for(repo, folder)
    assert second.loaded_from_snapshot
    saved = json.loads((folder / "header.json").read_text(encoding="utf-8"))
    assert saved == header  # loaded and caught up, not rebuilt and saved again
    assert found(second, pdq(BASE)) == []
    assert [m.entry_id for m in second.match([pdq(OTHER)])[0]] == [late_id]
    assert found(second, MediaQuery("video_md5", MD5)) == [("b", 0, False)]
    assert found(second, MediaQuery("video_sha256", SHA)) == [("b", 0, False)]
    assert len(second) == 3


def test_a_folder_saved_from_another_database_is_not_used(
    repo: BankRepository, folder: Path, tmp_path: Path
) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'elsewhere.db'}") as elsewhere:
        elsewhere.migrate()
        other_repo = BankRepository(elsewhere)
        other_repo.create_bank("b")
        other_repo.add_entries("b", [NewEntry("pdq", OTHER), NewEntry("video_md5", MD5)])
        matcher_for(other_repo, folder)
    foreign_token = json.loads((folder / "header.json").read_text(encoding="utf-8"))["token"]
    repo.create_bank("b")
    repo.add_entries("b", [NewEntry("pdq", BASE)])
    mine, _ = matcher_for(repo, folder)
    assert not mine.loaded_from_snapshot
    assert found(mine, pdq(BASE)) == [("b", 0, False)]
    assert found(mine, pdq(OTHER)) == []
    assert found(mine, MediaQuery("video_md5", MD5)) == []
    header = json.loads((folder / "header.json").read_text(encoding="utf-8"))
    assert header["token"] == repo.get_state(TOKEN_KEY) != foreign_token  # saved again, ours


@pytest.mark.parametrize(
    "damage",
    ["pdq/words.npy", "entry_ids.npy", "entry_codes.npy", "header.json", "pdq/header.json"],
)
def test_a_damaged_folder_is_rebuilt(repo: BankRepository, folder: Path, damage: str) -> None:
    repo.create_bank("b")
    repo.add_entries("b", [NewEntry("pdq", BASE), NewEntry("video_md5", MD5)])
    matcher_for(repo, folder)
    (folder / damage).write_bytes(b"")  # e.g. truncated by a full disk
    again, _ = matcher_for(repo, folder)
    assert not again.loaded_from_snapshot
    assert found(again, pdq(BASE)) == [("b", 0, False)]
    assert found(again, MediaQuery("video_md5", MD5)) == [("b", 0, False)]
    third, _ = matcher_for(repo, folder)  # and the rebuilt folder is good again
    assert third.loaded_from_snapshot


def test_compact_folds_the_changes_into_the_saved_index(repo: BankRepository, folder: Path) -> None:
    repo.create_bank("b")
    [gone] = repo.add_entries("b", [NewEntry("pdq", BASE)]).added
    matcher, ticker = matcher_for(repo, folder)
    repo.add_entries("b", [NewEntry("pdq", OTHER), NewEntry("video_md5", MD5)])
    repo.remove_entries("b", [gone])
    refresh(matcher, ticker)
    before = [found(matcher, q) for q in (pdq(BASE), pdq(OTHER), MediaQuery("video_md5", MD5))]
    matcher.compact()
    after = [found(matcher, q) for q in (pdq(BASE), pdq(OTHER), MediaQuery("video_md5", MD5))]
    assert before == after == [[], [("b", 0, False)], [("b", 0, False)]]
    assert len(matcher) == 2
    header = json.loads((folder / "header.json").read_text(encoding="utf-8"))
    assert header["log_seq"] == repo.last_log_seq()
    reloaded, _ = matcher_for(repo, folder)
    assert reloaded.loaded_from_snapshot and len(reloaded) == 2
    assert found(reloaded, pdq(OTHER)) == [("b", 0, False)]


def test_a_large_delta_is_compacted_on_refresh(
    repo: BankRepository, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media_matcher_module, "COMPACT_DELTA", 3)
    repo.create_bank("b")
    matcher, ticker = matcher_for(repo, folder)
    seq_at_start = json.loads((folder / "header.json").read_text(encoding="utf-8"))["log_seq"]
    repo.add_entries("b", [NewEntry("pdq", flip(BASE, n)) for n in (40, 80, 120)])
    refresh(matcher, ticker)
    assert matcher.rebuilding  # in a child process, on a store it can open again
    assert matcher.wait_for_rebuild(timeout=120) and not matcher.rebuilding
    header = json.loads((folder / "header.json").read_text(encoding="utf-8"))
    assert header["log_seq"] == repo.last_log_seq() != seq_at_start
    assert found(matcher, pdq(flip(BASE, 80))) == [("b", 0, False)]
    assert matcher.compactions == 2  # start's and this one


def test_matching_goes_on_during_a_background_rebuild_and_its_changes_survive_it(
    repo: BankRepository, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media_matcher_module, "COMPACT_DELTA", 3)
    repo.create_bank("b")
    [early] = repo.add_entries("b", [NewEntry("pdq", BASE)]).added
    matcher, ticker = matcher_for(repo, folder)
    added = [flip(BASE, n) for n in (40, 80, 120)]
    repo.add_entries("b", [NewEntry("pdq", value) for value in added])
    refresh(matcher, ticker)
    assert matcher.rebuilding  # a child process, which takes a while to start
    # meanwhile the old index and the delta still answer and follow the log
    repo.remove_entries("b", [early])
    repo.add_entries("b", [NewEntry("pdq", OTHER), NewEntry("video_md5", MD5)])
    refresh(matcher, ticker)
    assert found(matcher, pdq(flip(BASE, 80))) == [("b", 0, False)]
    assert found(matcher, pdq(OTHER)) == [("b", 0, False)]
    assert found(matcher, pdq(BASE)) == []
    assert matcher.wait_for_rebuild(timeout=120) and not matcher.rebuilding
    assert matcher.compactions == 2
    # whenever the child read the store, the log after that is replayed on top
    assert [found(matcher, pdq(value)) for value in added] == [[("b", 0, False)]] * 3
    assert found(matcher, pdq(OTHER)) == [("b", 0, False)]
    assert found(matcher, MediaQuery("video_md5", MD5)) == [("b", 0, False)]
    assert found(matcher, pdq(BASE)) == []
    assert len(matcher) == 5
    header = json.loads((folder / "header.json").read_text(encoding="utf-8"))
    assert 0 < header["log_seq"] <= repo.last_log_seq()
    reloaded, _ = matcher_for(repo, folder)
    assert reloaded.loaded_from_snapshot and len(reloaded) == 5
    assert found(reloaded, pdq(BASE)) == [] and found(reloaded, pdq(OTHER)) == [("b", 0, False)]


def test_a_failed_rebuild_keeps_the_index_and_waits_for_the_delta_to_grow_again(
    repo: BankRepository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media_matcher_module, "COMPACT_DELTA", 3)
    (tmp_path / "not-a-folder").write_text("a file where the index folder's parent should be")
    repo.create_bank("b")
    matcher, ticker = matcher_for(repo, tmp_path / "not-a-folder" / "index")
    repo.add_entries("b", [NewEntry("pdq", flip(BASE, n)) for n in (40, 80, 120)])
    refresh(matcher, ticker)
    assert matcher.rebuilding
    assert matcher.wait_for_rebuild(timeout=120) and matcher.compactions == 1  # start's only
    assert found(matcher, pdq(flip(BASE, 120))) == [("b", 0, False)]
    repo.add_entries("b", [NewEntry("pdq", OTHER)])
    refresh(matcher, ticker)
    assert not matcher.rebuilding  # 4 in the delta: not tried again before 3 + 3
    repo.add_entries("b", [NewEntry("pdq", flip(OTHER, n)) for n in (40, 80)])
    refresh(matcher, ticker)
    assert matcher.rebuilding
    assert matcher.wait_for_rebuild(timeout=120)
    assert found(matcher, pdq(OTHER)) == [("b", 0, False)]


def rebuilds_in_place(repo: BankRepository, folder: Path | None) -> None:
    repo.create_bank("b")
    matcher, ticker = matcher_for(repo, folder)
    assert not matcher.background
    repo.add_entries("b", [NewEntry("pdq", flip(BASE, n)) for n in (40, 80, 120)])
    refresh(matcher, ticker)
    assert not matcher.rebuilding and matcher.compactions == 2
    assert found(matcher, pdq(flip(BASE, 80))) == [("b", 0, False)]


def test_without_a_folder_a_large_delta_is_rebuilt_on_the_matching_thread(
    repo: BankRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media_matcher_module, "COMPACT_DELTA", 3)
    rebuilds_in_place(repo, None)


def test_an_in_memory_store_is_rebuilt_on_the_matching_thread(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media_matcher_module, "COMPACT_DELTA", 3)
    with Store.open("sqlite://") as memory:  # a second process could not open it
        memory.migrate()
        rebuilds_in_place(BankRepository(memory), folder)


# -- banked videos (vPDQ) ---------------------------------------------------------------


def video(*frames: tuple[str, int]) -> str:
    """A vPDQ value in threatexchange's form: (PDQ, quality) per frame, a second apart."""
    return json.dumps(
        [f"{pdq},{quality},{second}.0" for second, (pdq, quality) in enumerate(frames)]
    )


FRAMES = [flip(BASE, bits) for bits in (0, 40, 80, 120, 160)]
"""Five frames, each at least 40 bits from the others."""


def video_query(frames: list[str]) -> MediaQuery:
    return MediaQuery("vpdq", ",".join(frames))


def test_a_video_matches_when_80_percent_of_its_frames_match_a_banked_one(
    repo: BankRepository,
) -> None:
    repo.create_bank("b")
    [entry_id] = repo.add_entries("b", [NewEntry("vpdq", video(*((f, 90) for f in FRAMES)))]).added
    matcher, _ = matcher_for(repo)
    near = [flip(frame, 3) for frame in FRAMES[:4]] + [OTHER]  # 4 of 5 frames, slightly off
    [[match]] = matcher.match([video_query(near)])
    assert (match.entry_id, match.bank, match.signal_type) == (entry_id, "b", "vpdq")
    assert (match.query_percent, match.banked_percent, match.distance) == (80.0, 80.0, 3)
    assert match.score == pytest.approx(0.8)
    # 3 of 5 is not enough; repeated frames count once
    assert matcher.match([video_query([*FRAMES[:3], OTHER, flip(OTHER, 60)])]) == [[]]
    [[again]] = matcher.match([video_query(FRAMES[:1] * 9)])
    assert (again.query_percent, again.banked_percent) == (100.0, 20.0)
    # a video's frames are not matched as photos, nor a photo as a video
    assert found(matcher, pdq(FRAMES[0])) == []


def test_banked_frames_below_the_banks_quality_do_not_count(repo: BankRepository) -> None:
    repo.create_bank("b", pdq_min_quality=50)
    frames = [(FRAMES[0], 90), (FRAMES[1], 30), (FRAMES[2], 30)]
    repo.add_entries("b", [NewEntry("vpdq", video(*frames))])
    matcher, _ = matcher_for(repo)
    [[match]] = matcher.match([video_query([FRAMES[0]])])
    assert (match.query_percent, match.banked_percent) == (100.0, 100.0)  # 1 good frame
    assert matcher.match([video_query([FRAMES[1]])]) == [[]]


def test_banked_videos_follow_the_log_and_come_back_after_a_restart(
    repo: BankRepository, folder: Path
) -> None:
    repo.create_bank("b")
    repo.create_bank("off")
    matcher, ticker = matcher_for(repo, folder)
    [kept, gone] = repo.add_entries(
        "b",
        [NewEntry("vpdq", video((FRAMES[0], 90))), NewEntry("vpdq", video((FRAMES[1], 90)))],
    ).added
    repo.add_entries("off", [NewEntry("vpdq", video((FRAMES[2], 90)), negative=True)])
    repo.update_bank("off", enabled=False)
    refresh(matcher, ticker)
    assert [
        [m.entry_id for m in hits]
        for hits in matcher.match(
            [video_query([FRAMES[0]]), video_query([FRAMES[1]]), video_query([FRAMES[2]])]
        )
    ] == [[kept], [gone], []]
    repo.remove_entries("b", [gone])
    refresh(matcher, ticker)
    assert matcher.match([video_query([FRAMES[1]])]) == [[]]
    restarted, _ = matcher_for(repo, folder)
    assert restarted.loaded_from_snapshot
    assert [m.entry_id for m in restarted.match([video_query([FRAMES[0]])])[0]] == [kept]
    assert restarted.match([video_query([FRAMES[1]])]) == [[]]
    repo.update_bank("off", enabled=True)
    rebuilt = MediaMatcher(repo)  # no folder: built from the store
    rebuilt.start()
    [[negative]] = rebuilt.match([video_query([FRAMES[2]])])
    assert negative.negative and negative.bank == "off"


def test_start_removes_copies_of_the_index_that_a_dead_process_left_half_written(
    repo: BankRepository, folder: Path
) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    dead, dead_old = (
        folder.with_name(f"{folder.name}.999999999.{t}") for t in ("ab12", "cd34.old")
    )
    alive = folder.with_name(f"{folder.name}.{os.getpid()}.ef56")
    other = folder.with_name(f"{folder.name}.backup")
    for path in (dead, dead_old, alive, other):
        path.mkdir()
        (path / "pdq").write_bytes(b"half written")
    repo.create_bank("b")
    matcher_for(repo, folder)
    assert not dead.exists() and not dead_old.exists()
    assert alive.exists() and other.exists() and (folder / "header.json").exists()
