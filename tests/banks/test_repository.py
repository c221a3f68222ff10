"""``watchkeeper.banks.repository`` on SQLite and PostgreSQL: banks, entries, the change log.

Every test takes the ``store`` fixture, so it runs once per backend (practice 4).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

import watchkeeper.banks.repository as repository_module
from watchkeeper.banks.repository import (
    DEFAULT_PDQ_MAX_DISTANCE,
    DEFAULT_PDQ_MIN_QUALITY,
    DEFAULT_TEXT_MIN_SCORE,
    BankError,
    BankRepository,
    NewEntry,
)
from watchkeeper.model import AccountEvent, PostEvent, ReportEvent
from watchkeeper.store.repository import Store
from watchkeeper.store.sql import IN_CHUNK
from watchkeeper.store.tables import bank_entries, bank_log, media_seen

T0 = datetime(2015, 2, 3, 10, 0, tzinfo=UTC)
PDQ_A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
PDQ_B = "0" * 32 + "f" * 32
MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA = hashlib.sha256(b"x").hexdigest()
STATEMENT = "the soldiers of the caliphate carried out a blessed operation " * 2


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def repo(store: Store, clock: Clock) -> BankRepository:
    return BankRepository(store, clock=clock)


def entries_of(repo: BankRepository, bank: str | None = None) -> list[tuple[str, str, bool]]:
    return [(e.signal_type, e.value, e.negative) for e in repo.entries(bank)]


# -- banks ----------------------------------------------------------------------------


def test_a_new_bank_has_the_default_settings(repo: BankRepository) -> None:
    info = repo.create_bank("gifct-2024", description="hashes from GIFCT")
    assert info.name == "gifct-2024"
    assert info.description == "hashes from GIFCT"
    assert info.label == "terrorism"
    assert info.enabled is True
    assert info.pdq_max_distance == DEFAULT_PDQ_MAX_DISTANCE == 31
    assert info.pdq_min_quality == DEFAULT_PDQ_MIN_QUALITY == 50
    assert info.text_min_score == pytest.approx(DEFAULT_TEXT_MIN_SCORE)
    assert info.created_at == T0
    assert (info.entries, info.negatives) == (0, 0)
    assert repo.get_bank("gifct-2024") == info


@pytest.mark.parametrize("name", ["", "Upper", "-dash-first", "_under", "a b", "a/b", "x" * 65])
def test_a_bad_bank_name_is_refused_saying_what_is_allowed(repo: BankRepository, name: str) -> None:
    with pytest.raises(BankError, match=r"must be 1-64 of a-z, 0-9, '_', '\.', '-'"):
        repo.create_bank(name)
    assert repo.list_banks() == []


def test_bank_names_at_the_edges_are_accepted(repo: BankRepository) -> None:
    for name in ("a", "0", "x" * 64, "is.media_v2-old"):
        repo.create_bank(name)
    assert [bank.name for bank in repo.list_banks()] == sorted(
        ["a", "0", "x" * 64, "is.media_v2-old"]
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"pdq_max_distance": 65}, "pdq_max_distance must be 0-64, not 65"),
        ({"pdq_max_distance": -1}, "pdq_max_distance must be 0-64, not -1"),
        ({"pdq_min_quality": 101}, "pdq_min_quality must be 0-100, not 101"),
        ({"pdq_min_quality": -5}, "pdq_min_quality must be 0-100, not -5"),
        ({"text_min_score": 0.4}, r"text_min_score must be in \[0.5, 1\], not 0.4"),
        ({"text_min_score": 1.5}, r"text_min_score must be in \[0.5, 1\], not 1.5"),
    ],
)
def test_settings_out_of_range_are_refused_on_create_and_update(
    repo: BankRepository, settings: dict[str, float], message: str
) -> None:
    with pytest.raises(BankError, match=message):
        repo.create_bank("b1", **settings)  # type: ignore[arg-type]
    repo.create_bank("b2")
    with pytest.raises(BankError, match=message):
        repo.update_bank("b2", **settings)
    assert repo.get_bank("b2").pdq_max_distance == 31


def test_a_bank_name_is_taken_once(repo: BankRepository) -> None:
    repo.create_bank("isis-media", pdq_max_distance=10)
    with pytest.raises(BankError, match="bank 'isis-media' already exists"):
        repo.create_bank("isis-media")
    assert repo.get_bank("isis-media").pdq_max_distance == 10


def test_update_changes_only_what_is_asked(repo: BankRepository) -> None:
    repo.create_bank("b", description="old")
    updated = repo.update_bank(
        "b", enabled=False, pdq_max_distance=20, text_min_score=0.8, label="violent_extremism"
    )
    assert (updated.enabled, updated.pdq_max_distance, updated.text_min_score) == (False, 20, 0.8)
    assert (updated.label, updated.description, updated.pdq_min_quality) == (
        "violent_extremism",
        "old",
        50,
    )
    assert repo.update_bank("b") == updated  # nothing to change
    with pytest.raises(BankError, match="unknown bank setting\\(s\\): colour, created_at"):
        repo.update_bank("b", created_at=T0, colour="red")
    with pytest.raises(BankError, match="no bank named 'nope'"):
        repo.update_bank("nope", enabled=False)
    with pytest.raises(BankError, match="no bank named 'nope'"):
        repo.get_bank("nope")


def test_list_banks_counts_live_entries_and_negatives(repo: BankRepository) -> None:
    repo.create_bank("zeta")
    repo.create_bank("alpha")
    repo.add_entries(
        "alpha",
        [
            NewEntry("pdq", PDQ_A),
            NewEntry("pdq", PDQ_B, negative=True),
            NewEntry("video_md5", MD5),
        ],
    )
    first = next(repo.entries("alpha"))
    repo.remove_entries("alpha", [first.id])
    listed = repo.list_banks()
    assert [(b.name, b.entries, b.negatives) for b in listed] == [("alpha", 2, 1), ("zeta", 0, 0)]
    assert repo.get_bank("alpha") == listed[0]


# -- entries ----------------------------------------------------------------------------


def test_bad_entries_are_reported_by_position_and_the_good_ones_added(
    repo: BankRepository,
) -> None:
    repo.create_bank("b")
    result = repo.add_entries(
        "b",
        [
            NewEntry("pdq", PDQ_A.upper(), provenance="tx:123"),
            NewEntry("pdq", "not-a-hash"),
            NewEntry("video_md5", f"  {MD5.upper()} "),
            NewEntry("tmk", PDQ_B),
            NewEntry("raw_text", "   "),
            NewEntry("raw_text", "x" * 20_001),
            NewEntry("video_sha256", SHA),
        ],
    )
    assert result.errors == [
        "entry 2: invalid pdq value 'not-a-hash': invalid PDQ hash",
        "entry 4: unknown signal type 'tmk' (known: pdq, raw_text, video_md5, video_sha256, vpdq)",
        "entry 5: empty raw_text value",
        "entry 6: raw_text value longer than 20,000 characters",
    ]
    assert len(result.added) == 3 and result.unchanged == 0
    assert entries_of(repo, "b") == [
        ("pdq", PDQ_A, False),  # stored in canonical (lowercase) form
        ("video_md5", MD5, False),
        ("video_sha256", SHA, False),
    ]
    stored = repo.entries_by_id(result.added)
    assert [stored[i].provenance for i in result.added] == ["tx:123", "", ""]
    assert all(stored[i].added_at == T0 and stored[i].removed_at is None for i in result.added)


def test_adding_to_an_unknown_bank_is_refused(repo: BankRepository) -> None:
    with pytest.raises(BankError, match="no bank named 'ghost'"):
        repo.add_entries("ghost", [NewEntry("pdq", PDQ_A)])
    with pytest.raises(BankError, match="no bank named 'ghost'"):
        repo.remove_entries("ghost", [1])


def test_duplicates_are_left_unchanged(repo: BankRepository, clock: Clock) -> None:
    repo.create_bank("b")
    repo.create_bank("other")
    first = repo.add_entries("b", [NewEntry("pdq", PDQ_A, provenance="first")])
    clock.tick(hours=1)
    again = repo.add_entries(
        "b",
        [
            NewEntry("pdq", PDQ_A.upper(), negative=True, provenance="second"),
            NewEntry("pdq", PDQ_A),  # repeated within the call: one entry
            NewEntry("pdq", PDQ_B),
            NewEntry("pdq", PDQ_B),
        ],
    )
    assert again.unchanged == 1 and again.errors == []
    assert len(again.added) == 1
    [kept] = repo.entries_by_id(first.added).values()
    assert (kept.provenance, kept.negative, kept.added_at) == ("first", False, T0)
    # the same value in another bank is another entry
    other = repo.add_entries("other", [NewEntry("pdq", PDQ_A)])
    assert len(other.added) == 1 and other.added != first.added
    assert [op for _, _, op in repo.log_since(0)] == ["add"] * 3


def test_long_text_is_kept_whole_and_deduplicated_by_its_digest(repo: BankRepository) -> None:
    repo.create_bank("b")
    long_text = STATEMENT * 3
    assert len(long_text) > 64
    first = repo.add_entries(
        "b", [NewEntry("raw_text", long_text), NewEntry("raw_text", "short one")]
    )
    again = repo.add_entries("b", [NewEntry("raw_text", f"  {long_text}  ")])
    assert (again.added, again.unchanged) == ([], 1)
    stored = repo.entries_by_id(first.added)
    assert stored[first.added[0]].value == long_text.strip()
    assert [e.id for e in repo.find_entries("b", "raw_text", long_text)] == [first.added[0]]
    assert [e.id for e in repo.find_entries("b", "raw_text", "short one")] == [first.added[1]]
    assert repo.find_entries("b", "raw_text", "never banked") == []
    assert repo.find_entries("elsewhere", "raw_text", "short one") == []


def test_removed_then_added_again_revives_the_same_entry(
    repo: BankRepository, clock: Clock
) -> None:
    repo.create_bank("b")
    [entry_id] = repo.add_entries("b", [NewEntry("pdq", PDQ_A, provenance="v1")]).added
    clock.tick(minutes=5)
    assert repo.remove_entries("b", [entry_id]) == 1
    [removed] = repo.find_entries("b", "pdq", PDQ_A)
    assert removed.removed_at == clock.now
    assert entries_of(repo, "b") == []
    clock.tick(minutes=5)
    revived = repo.add_entries("b", [NewEntry("pdq", PDQ_A, negative=True, provenance="v2")])
    assert (revived.added, revived.unchanged) == ([entry_id], 0)
    [entry] = repo.find_entries("b", "pdq", PDQ_A)
    assert (entry.id, entry.removed_at, entry.negative, entry.provenance) == (
        entry_id,
        None,
        True,
        "v2",
    )
    assert entry.added_at == clock.now
    assert [(e, op) for _, e, op in repo.log_since(0)] == [
        (entry_id, "add"),
        (entry_id, "remove"),
        (entry_id, "add"),
    ]


def test_remove_touches_only_live_entries_of_that_bank(repo: BankRepository) -> None:
    repo.create_bank("a")
    repo.create_bank("b")
    a_ids = repo.add_entries("a", [NewEntry("pdq", PDQ_A), NewEntry("video_md5", MD5)]).added
    b_ids = repo.add_entries("b", [NewEntry("pdq", PDQ_A)]).added
    assert repo.remove_entries("a", [*b_ids, 999_999]) == 0  # another bank's id, an unknown one
    assert repo.remove_entries("a", [a_ids[0], a_ids[0]]) == 1
    assert repo.remove_entries("a", [a_ids[0]]) == 0  # already removed
    assert repo.remove_entries("a", []) == 0
    assert [e.id for e in repo.entries()] == [a_ids[1], *b_ids]
    # an id given twice, far enough apart to fall in two IN (...) chunks, is removed once
    assert repo.remove_entries("a", [a_ids[1], *[0] * IN_CHUNK, a_ids[1]]) == 1
    assert [e.id for e in repo.entries()] == b_ids
    assert [(e, op) for _, e, op in repo.log_since(0)] == [
        (a_ids[0], "add"),
        (a_ids[1], "add"),
        (b_ids[0], "add"),
        (a_ids[0], "remove"),
        (a_ids[1], "remove"),
    ]


def test_entries_page_through_everything_in_id_order_with_filters(
    repo: BankRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository_module, "PAGE", 2)  # several pages from a few rows
    monkeypatch.setattr(repository_module, "LEAN_PAGE", 2)
    repo.create_bank("a")
    repo.create_bank("b")
    hashes = [f"{n:064x}" for n in range(1, 6)]
    a_ids = repo.add_entries("a", [NewEntry("pdq", h) for h in hashes]).added
    b_ids = repo.add_entries(
        "b", [NewEntry("video_md5", MD5), NewEntry("raw_text", "words", negative=True)]
    ).added
    repo.remove_entries("a", [a_ids[1]])
    live_a = [a_ids[0], *a_ids[2:]]
    assert [e.id for e in repo.entries("a")] == live_a
    assert [e.id for e in repo.entries("a", include_removed=True)] == a_ids
    assert [e.id for e in repo.entries()] == [*live_a, *b_ids]
    assert [e.id for e in repo.entries(after_id=a_ids[3])] == [a_ids[4], *b_ids]
    assert [e.id for e in repo.entries(signal_types=["video_md5", "raw_text"])] == b_ids
    assert [e.id for e in repo.entries("a", signal_types=["raw_text"])] == []
    assert [e.bank for e in repo.entries()] == ["a"] * 4 + ["b"] * 2
    pages = list(repo.live_signals(["pdq", "raw_text"]))
    assert [len(page) for page in pages] == [2, 2, 1]
    flat = [row for page in pages for row in page]
    assert flat[0] == (a_ids[0], "a", "pdq", hashes[0], False)
    assert flat[-1] == (b_ids[1], "b", "raw_text", "words", True)
    assert list(repo.live_signals(["video_sha256"])) == []
    assert set(repo.entries_by_id([*b_ids, 12345])) == set(b_ids)
    assert repo.entries_by_id([]) == {}


def test_adding_many_entries_in_chunks(
    repo: BankRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository_module, "ADD_CHUNK", 7)
    repo.create_bank("b")
    hashes = [f"{n:064x}" for n in range(1, 31)]
    first = repo.add_entries("b", [NewEntry("pdq", h) for h in hashes[:20]])
    second = repo.add_entries("b", [NewEntry("pdq", h) for h in hashes])
    assert len(first.added) == 20 and (len(second.added), second.unchanged) == (10, 20)
    stored = repo.entries_by_id(first.added + second.added)
    assert [stored[i].value for i in first.added + second.added] == hashes
    assert repo.get_bank("b").entries == 30


# -- the change log ---------------------------------------------------------------------


def test_the_log_is_read_in_order_and_up_to_a_time(repo: BankRepository, clock: Clock) -> None:
    repo.create_bank("b")
    assert repo.last_log_seq() == 0 and repo.log_since(0) == []
    t1 = clock.now
    [x] = repo.add_entries("b", [NewEntry("pdq", PDQ_A)]).added
    t2 = clock.tick(seconds=30)
    [y] = repo.add_entries("b", [NewEntry("pdq", PDQ_B)]).added
    t3 = clock.tick(seconds=30)
    repo.remove_entries("b", [x])
    log = repo.log_since(0)
    assert [(e, op) for _, e, op in log] == [(x, "add"), (y, "add"), (x, "remove")]
    seqs = [seq for seq, _, _ in log]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    assert repo.last_log_seq() == seqs[-1]
    assert repo.log_since(seqs[0]) == log[1:]
    assert repo.log_since(0, limit=2) == log[:2]
    assert repo.log_since(seqs[-1]) == []
    assert repo.log_until(0, t1) == log[:1]
    assert repo.log_until(0, t2 - timedelta(seconds=1)) == log[:1]
    assert repo.log_until(0, t2) == log[:2]
    assert repo.log_until(seqs[0], t3) == log[1:]
    assert repo.log_until(0, t3, limit=1) == log[:1]
    assert repo.log_until(0, t1 - timedelta(seconds=1)) == []


def test_state_is_set_and_replaced(repo: BankRepository, clock: Clock) -> None:
    assert repo.get_state("retrohunt_log_seq") is None
    repo.set_state("retrohunt_log_seq", "12")
    clock.tick(seconds=1)
    repo.set_state("retrohunt_log_seq", "40")
    repo.set_state("exchange:tx:cursor", "abc")
    assert repo.get_state("retrohunt_log_seq") == "40"
    assert repo.get_state("exchange:tx:cursor") == "abc"


# -- media seen, posts, preserved media ---------------------------------------------------


def test_media_seen_is_recorded_once_and_read_back_by_time(
    store: Store, repo: BankRepository, clock: Clock
) -> None:
    repo.record_media_seen([])
    repo.record_media_seen(
        [
            ("p1", "pdq", PDQ_A, 90),
            ("p1", "video_md5", MD5, None),
            ("p1", "video_md5", MD5, None),  # the same photo twice in one post
        ]
    )
    t1 = clock.tick(hours=1)
    repo.record_media_seen([("p1", "pdq", PDQ_A, 10), ("p2", "pdq", PDQ_A, 80)])  # p1 again
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(media_seen)).scalar() == 3
    everything = repo.media_seen_since(T0)
    assert [row[1:] for row in everything] == [
        ("p1", "pdq", PDQ_A, 90),  # the first sighting is kept
        ("p1", "video_md5", MD5, None),
        ("p2", "pdq", PDQ_A, 80),
    ]
    ids = [row[0] for row in everything]
    assert ids == sorted(ids)
    assert [row[1] for row in repo.media_seen_since(t1)] == ["p2"]
    assert repo.media_seen_since(T0, after_id=ids[0]) == everything[1:]
    assert repo.media_seen_since(T0, limit=1) == everything[:1]
    assert repo.media_seen_since(t1 + timedelta(seconds=1)) == []
    assert repo.media_seen_of("p1") == [("pdq", PDQ_A, 90), ("video_md5", MD5, None)]
    assert repo.media_seen_of("nobody") == []


def test_posts_since_reads_posts_only_in_receive_order(store: Store) -> None:
    clock = Clock()
    timed = Store(store.engine, clock=clock)
    old = PostEvent(id="old", author_id="a", text="old post")
    timed.ingest([old])
    t1 = clock.tick(days=1)
    timed.ingest(
        [
            PostEvent(id="p2", author_id="a", text="second"),
            AccountEvent(id="acc", action="signup", account_id="a", username="a"),
            ReportEvent(id="r1", reporter_id="u", target_kind="post", target_id="p2", reason="x"),
            PostEvent(id="p3", author_id="b", text="third"),
        ]
    )
    repo = BankRepository(store)
    posts = repo.posts_since(T0)
    assert [post.id for _, post in posts] == ["old", "p2", "p3"]
    assert [post.text for _, post in posts] == ["old post", "second", "third"]
    seqs = [seq for seq, _ in posts]
    assert seqs == sorted(seqs)
    assert [post.id for _, post in repo.posts_since(t1)] == ["p2", "p3"]
    assert [post.id for _, post in repo.posts_since(T0, after_seq=seqs[1])] == ["p3"]
    assert [post.id for _, post in repo.posts_since(T0, limit=1)] == ["old"]
    assert repo.posts_since(t1 + timedelta(seconds=1)) == []


def test_media_bytes_are_kept_once_by_digest(repo: BankRepository) -> None:
    one, two = b"\x89PNG first", b"GIF89a second"
    digest_one = hashlib.sha256(one).hexdigest()
    digest_two = hashlib.sha256(two).hexdigest()
    assert repo.keep_media([]) == 0
    assert repo.keep_media([(digest_one, one, "p1")]) == 1
    assert repo.keep_media([(digest_one, b"other bytes", "p2"), (digest_two, two, "p2")]) == 1
    assert repo.keep_media([(digest_two, two, "p3"), (digest_two, two, "p4")]) == 0
    three = b"the same upload in two posts of one batch"
    digest_three = hashlib.sha256(three).hexdigest()
    assert repo.keep_media([(digest_three, three, "p5"), (digest_three, three, "p6")]) == 1
    assert repo.preserved_media(digest_three) == three
    assert repo.preserved_media(digest_one) == one  # the first copy stays
    assert repo.preserved_media(digest_two) == two
    assert repo.preserved_media("0" * 64) is None


def test_entries_of_a_bank_survive_in_the_table_when_removed(
    store: Store, repo: BankRepository
) -> None:
    repo.create_bank("b")
    ids = repo.add_entries("b", [NewEntry("pdq", PDQ_A), NewEntry("pdq", PDQ_B)]).added
    repo.remove_entries("b", ids)
    with store.engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(bank_entries)).scalar()
    assert count == 2
    assert [e.id for e in repo.entries("b", include_removed=True)] == ids
    assert repo.get_bank("b").entries == 0


def test_log_rows_become_visible_in_sequence_order(repo: BankRepository) -> None:
    """A follower reading by seq must never see a higher seq before a lower one commits.

    One bank write holds its transaction open; a second one must wait for it (an
    advisory lock on PostgreSQL, the write lock on SQLite), so the log never shows
    the second write's row while the first's, with a lower seq, is still invisible.
    """
    import threading

    repo.create_bank("b")
    started = threading.Event()
    release = threading.Event()
    second_done = threading.Event()

    def slow_first() -> None:
        with repo._logged_write() as connection:
            connection.execute(
                bank_log.insert().values(entry_id=999, op="add", at=datetime.now(UTC))
            )
            started.set()
            release.wait(10)

    def second() -> None:
        repo.add_entries("b", [NewEntry("pdq", PDQ_A)])
        second_done.set()

    first = threading.Thread(target=slow_first)
    first.start()
    assert started.wait(10)
    other = threading.Thread(target=second)
    other.start()
    assert not second_done.wait(0.5), "a second bank write ran while the first was open"
    assert repo.log_since(0) == []  # nothing committed yet, so nothing visible
    release.set()
    first.join(10)
    other.join(10)
    assert second_done.is_set()
    seqs = [seq for seq, _, _ in repo.log_since(0)]
    assert seqs == sorted(seqs) and len(seqs) == 2


def test_live_videos_reads_only_live_vpdq_entries_through_their_own_index(store: Store) -> None:
    repo = BankRepository(store)
    repo.create_bank("b")
    video = f'["{PDQ_B},90,0.0"]'
    [kept, gone, _photo] = repo.add_entries(
        "b",
        [
            NewEntry("vpdq", video),
            NewEntry("vpdq", video.replace("90", "80")),
            NewEntry("pdq", PDQ_B),
        ],
    ).added
    repo.remove_entries("b", [gone])
    pages = list(repo.live_videos())
    assert pages == [[(kept, "b", "vpdq", video, False)]]
    if store.backend == "sqlite":  # a bound parameter would keep SQLite off the partial index
        statements: list[tuple[str, object]] = []

        @event.listens_for(store.engine, "before_cursor_execute")
        def record(_c: object, _cur: object, sql: str, params: object, *_: object) -> None:
            if "'vpdq'" in sql and not sql.startswith("EXPLAIN"):
                statements.append((sql, params))

        list(repo.live_videos())
        event.remove(store.engine, "before_cursor_execute", record)
        sql, params = statements[0]
        with store.engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).all()  # type: ignore[arg-type]
        assert "ix_bank_entries_vpdq" in str(plan)
