"""The Redis Stream source on a real Redis and a real store (SQLite and PostgreSQL).

What it must prove: events XADDed are decided; bad entries are dead-lettered with a
clear error and acknowledged while the good ones beside them go through; entries are
acknowledged only after their events are committed, so a consumer that dies between
reading and committing loses nothing and re-delivery never decides an event twice.

Redis must answer at ``WATCHKEEPER_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``);
if it does not, these tests fail saying how to start it. Each test reads its own stream
(``wk_test:<uuid>:events``), deleted with its dead letters afterwards. The fixtures live
here rather than in a ``tests/streams/conftest.py``, which mypy would report as a second
module named ``conftest``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pytest
import redis
from streams import CAMPAIGN_TEXT, DOX_TEXT, post

from watchkeeper.config import Settings
from watchkeeper.detectors.base import load_detectors
from watchkeeper.model import Event
from watchkeeper.pipeline import Pipeline
from watchkeeper.policy import load_default_policy
from watchkeeper.store.records import IngestResult
from watchkeeper.store.repository import Store
from watchkeeper.streams.redis_source import (
    MAX_EVENT_BYTES,
    DeadLetter,
    RedisSource,
    StreamOptions,
    hide_password,
    parse_entry,
)

GROUP = "watchkeeper"


class Crash(Exception):
    """Stands in for the process dying at a chosen point."""


class CrashingPipeline(Pipeline):
    """A pipeline whose next ``submit`` dies, before or after the events are committed."""

    def __init__(self, store: Store, *, after_commit: bool) -> None:
        super().__init__(store, load_detectors(Settings()), load_default_policy())
        self.after_commit = after_commit

    def submit(self, events: Sequence[Event]) -> IngestResult:
        if self.after_commit:
            super().submit(events)
        raise Crash("the consumer died")


def make_pipeline(store: Store) -> Pipeline:
    return Pipeline(store, load_detectors(Settings()), load_default_policy())


def source(
    client: redis.Redis,
    pipeline: Pipeline,
    stream: str,
    consumer: str = "c1",
    *,
    batch_size: int = 500,
    claim_idle_ms: int = 60_000,
) -> RedisSource:
    options = StreamOptions(
        stream, GROUP, consumer, batch_size=batch_size, block_ms=10, claim_idle_ms=claim_idle_ms
    )
    return RedisSource(client, pipeline, options)


def text(value: bytes | str | None) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def add(client: redis.Redis, stream: str, *events: Mapping[str, object] | str) -> list[bytes]:
    ids: list[bytes] = []
    for event in events:
        value = event if isinstance(event, str) else json.dumps(event)
        ids.append(text(client.xadd(stream, {"event": value})).encode())
    return ids


def pending(client: redis.Redis, stream: str) -> dict[str, int]:
    """Pending entries per consumer name."""
    summary = client.xpending(stream, GROUP)
    return {text(c["name"]): int(c["pending"]) for c in summary["consumers"]}


def dead_letters(client: redis.Redis, stream: str) -> list[dict[str, str]]:
    return [
        {text(key): text(value) for key, value in (fields or {}).items()}
        for _, fields in client.xrange(stream + ":dead") or []
    ]


def test_events_are_decided_and_bad_entries_dead_lettered(
    store: Store, redis_client: redis.Redis, stream: str
) -> None:
    ids = add(
        redis_client,
        stream,
        post("p1", CAMPAIGN_TEXT),
        "{broken json",
        post("p2", "nice day at the beach"),
        {"kind": "post", "id": "p3", "text": "no author"},
        {"kind": "tweet", "id": "t1"},
        post("p4", DOX_TEXT),
    )
    redis_client.xadd(stream, {"payload": "wrong field name"})

    stats = source(redis_client, make_pipeline(store), stream).run(idle_exit=0.1)

    assert store.stats()["decisions"] == 3
    assert (decision := store.get_decision("p1")) and decision.verdict == "review"
    assert (decision := store.get_decision("p4")) and decision.verdict != "allow"
    letters = dead_letters(redis_client, stream)
    assert [(letter["source_id"], letter["error"]) for letter in letters[:3]] == [
        (ids[1].decode(), "not valid JSON (key must be a string at line 1 column 2)"),
        (ids[3].decode(), "author_id: Field required"),
        (ids[4].decode(), "kind: 'tweet' is not one of post, account, report, enforcement, appeal"),
    ]
    assert letters[0]["event"] == "{broken json"
    assert letters[3]["error"] == "no 'event' field (the entry has: payload)"
    assert pending(redis_client, stream) == {}
    assert (stats.entries, stats.accepted, stats.dead_lettered, stats.decided) == (7, 3, 4, 3)


def test_the_same_event_id_twice_is_decided_once(
    store: Store, redis_client: redis.Redis, stream: str
) -> None:
    add(redis_client, stream, post("p1", CAMPAIGN_TEXT), post("p2", "hi"), post("p1", "edited"))

    stats = source(redis_client, make_pipeline(store), stream, batch_size=1).run(idle_exit=0.1)

    assert store.stats()["decisions"] == 2
    assert (stats.accepted, stats.duplicates) == (2, 1)
    assert pending(redis_client, stream) == {}


@pytest.mark.parametrize("after_commit", [False, True], ids=["before-commit", "after-commit"])
def test_a_crash_leaves_entries_pending_and_another_consumer_claims_them(
    store: Store, redis_client: redis.Redis, stream: str, after_commit: bool
) -> None:
    add(redis_client, stream, *(post(f"p{i}", CAMPAIGN_TEXT, f"a{i}") for i in range(5)))
    crashing = source(redis_client, CrashingPipeline(store, after_commit=after_commit), stream)
    with pytest.raises(Crash):
        crashing.run()
    assert pending(redis_client, stream) == {"c1": 5}  # read, never acknowledged
    assert store.stats()["decisions"] == 0
    assert store.stats()["events_pending"] == (5 if after_commit else 0)

    rescuer = source(redis_client, make_pipeline(store), stream, "c2", claim_idle_ms=0)
    stats = rescuer.run(idle_exit=0.1)

    assert store.stats()["decisions"] == 5
    assert pending(redis_client, stream) == {}
    assert stats.redelivered == 5
    assert (stats.accepted, stats.duplicates) == ((0, 5) if after_commit else (5, 0))


def test_a_restarted_consumer_reads_its_own_pending_entries_first(
    store: Store, redis_client: redis.Redis, stream: str
) -> None:
    add(redis_client, stream, post("p1", CAMPAIGN_TEXT), post("p2", "hi"))
    crashing = source(redis_client, CrashingPipeline(store, after_commit=True), stream)
    with pytest.raises(Crash):
        crashing.run()
    add(redis_client, stream, post("p3", DOX_TEXT))

    restarted = source(redis_client, make_pipeline(store), stream)  # same name, long claim idle
    restarted.ensure_group()
    assert restarted.step() == 2  # its own pending entries, before anything new
    assert restarted.stats.redelivered == 2 and restarted.stats.duplicates == 2
    restarted.run(idle_exit=0.1)

    assert store.stats()["decisions"] == 3
    assert pending(redis_client, stream) == {}


def test_entries_of_a_live_consumer_are_left_alone_until_idle_long_enough(
    store: Store, redis_client: redis.Redis, stream: str
) -> None:
    add(redis_client, stream, post("p1", "hello"), post("p2", CAMPAIGN_TEXT))
    source(redis_client, make_pipeline(store), stream).ensure_group()
    redis_client.xreadgroup(GROUP, "busy", {stream: ">"}, count=10)  # read and still working

    patient = source(redis_client, make_pipeline(store), stream, "c2", claim_idle_ms=60_000)
    patient.run(idle_exit=0.1)
    assert store.stats()["decisions"] == 0
    assert pending(redis_client, stream) == {"busy": 2}


def test_claims_are_swept_again_while_running(
    store: Store, redis_client: redis.Redis, stream: str
) -> None:
    now = [0.0]
    pipeline = make_pipeline(store)
    options = StreamOptions(stream, GROUP, "c2", block_ms=10, claim_idle_ms=0)
    running = RedisSource(redis_client, pipeline, options, clock=lambda: now[0])
    running.ensure_group()
    assert running.step() == 0  # on start: its own pending entries (none)
    assert running.step() == 0  # then the first sweep (nothing abandoned yet)
    add(redis_client, stream, post("p1", CAMPAIGN_TEXT), post("p2", "hi"))
    redis_client.xreadgroup(GROUP, "died", {stream: ">"}, count=10)
    assert running.step() == 0  # the entries went to the consumer that died
    now[0] += 1.5  # past the sweep interval (claim_idle_ms, at least a second)
    assert running.step() == 2
    assert store.stats()["decisions"] == 2
    assert pending(redis_client, stream) == {}


def test_pending_entries_deleted_from_the_stream_are_counted_not_lost_track_of(
    store: Store, redis_client: redis.Redis, stream: str
) -> None:
    ids = add(redis_client, stream, post("p1", "hi"), post("p2", "hello"), post("p3", "hey"))
    source(redis_client, make_pipeline(store), stream).ensure_group()
    redis_client.xreadgroup(GROUP, "died", {stream: ">"}, count=10)
    redis_client.xreadgroup(GROUP, "c2", {stream: ">"}, count=10)  # nothing left for c2
    redis_client.xdel(stream, ids[1])

    stats = source(redis_client, make_pipeline(store), stream, "c2", claim_idle_ms=0).run(
        idle_exit=0.1
    )

    assert stats.vanished == 1
    assert store.stats()["decisions"] == 2
    assert pending(redis_client, stream) == {}


def test_decide_false_only_stores_and_acknowledges(
    store: Store, redis_client: redis.Redis, stream: str
) -> None:
    add(redis_client, stream, post("p1", CAMPAIGN_TEXT))
    options = StreamOptions(stream, GROUP, "c1", block_ms=10, decide=False)
    stats = RedisSource(redis_client, make_pipeline(store), options).run(idle_exit=0.1)
    assert stats.accepted == 1 and stats.decided == 0
    assert store.stats()["events_pending"] == 1
    assert pending(redis_client, stream) == {}


def test_max_entries_stops_exactly_there(
    store: Store, redis_client: redis.Redis, stream: str
) -> None:
    add(redis_client, stream, *(post(f"p{i}", "hi") for i in range(5)))
    stats = source(redis_client, make_pipeline(store), stream).run(max_entries=3)
    assert stats.entries == 3
    assert store.stats()["decisions"] == 3
    assert pending(redis_client, stream) == {}


def test_parse_entry_names_what_is_wrong() -> None:
    assert parse_entry(b"1-0", {b"event": json.dumps(post("p1", "hi")).encode()}) == (
        parse_entry(b"1-0", {b"event": json.dumps(post("p1", "hi")).encode(), b"trace": b"x"})
    )
    too_long = b" " * (MAX_EVENT_BYTES + 1)
    assert parse_entry(b"1-0", {b"event": too_long}) == DeadLetter(
        b"1-0", too_long, f"event is longer than {MAX_EVENT_BYTES} bytes"
    )
    assert parse_entry(b"1-0", {b"event": b"[1]"}) == DeadLetter(
        b"1-0", b"[1]", "expected a JSON object"
    )


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="consumer must not be empty"):
        StreamOptions("s", "g", "")
    with pytest.raises(ValueError, match="at least"):
        StreamOptions("s", "g", "c", block_ms=0)
    assert StreamOptions("s", "g", "c").dead_letter_stream == "s:dead"


def test_messages_never_show_the_redis_password() -> None:
    assert hide_password("redis://user:s3cret@host:6379/0") == "redis://user:***@host:6379/0"
    assert hide_password("redis://:s3cret@host") == "redis://:***@host"
    assert hide_password("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
