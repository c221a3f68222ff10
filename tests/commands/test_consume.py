"""``watchkeeper consume`` end to end: a real Redis, the real CLI, SQLite and PostgreSQL.

Redis must answer at ``WATCHKEEPER_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``);
if it does not, these tests fail saying how to start it, never skip. The Redis fixtures
repeat those of ``tests/streams/test_redis_source.py``: a ``conftest.py`` shared by both
would be a second module named ``conftest`` to mypy.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import redis
from redis_fixtures import REDIS_URL
from stores import stats
from streams import CAMPAIGN_TEXT, DOX_TEXT, many_posts, post

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))
GROUP = "watchkeeper"


def consume(stream: str, database_url: str, *extra: str, redis_url: str = REDIS_URL) -> list[str]:
    return [
        WATCHKEEPER,
        "consume",
        "--redis",
        redis_url,
        "--stream",
        stream,
        "--group",
        GROUP,
        "--consumer",
        "test-consumer",
        "--db",
        database_url,
        "--block-ms",
        "100",
        *extra,
    ]


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def add(client: redis.Redis, stream: str, *events: Mapping[str, object] | str) -> None:
    with client.pipeline(transaction=False) as batch:
        for event in events:
            batch.xadd(stream, {"event": event if isinstance(event, str) else json.dumps(event)})
        batch.execute()


def pending(client: redis.Redis, stream: str) -> int:
    return int(client.xpending(stream, GROUP)["pending"])


def test_consume_decides_events_and_dead_letters_bad_entries(
    redis_client: redis.Redis, stream: str, database_url: str
) -> None:
    add(
        redis_client,
        stream,
        post("p1", CAMPAIGN_TEXT),
        "{broken json",
        post("p2", "nice day at the beach"),
        post("p1", CAMPAIGN_TEXT),
        post("p3", DOX_TEXT),
    )
    result = run(consume(stream, database_url, "--idle-exit", "0.5"))
    assert result.returncode == 0, result.stderr
    assert (
        f"5 entries consumed from {stream}: 3 events accepted, 1 duplicates, "
        f"1 dead-lettered to {stream}:dead; 3 events decided"
    ) in result.stderr
    final = stats(database_url)
    assert final["decisions"] == 3 and final["events_pending"] == 0
    [(_, letter)] = redis_client.xrange(stream + ":dead") or []
    assert letter and letter.get(b"event") == b"{broken json"
    assert letter.get(b"error") == b"not valid JSON (key must be a string at line 1 column 2)"
    assert pending(redis_client, stream) == 0


def test_max_events_stops_and_the_next_run_goes_on(
    redis_client: redis.Redis, stream: str, database_url: str
) -> None:
    add(redis_client, stream, *(post(f"p{i}", "hello") for i in range(5)))
    first = run(consume(stream, database_url, "--max-events", "2"))
    assert first.returncode == 0, first.stderr
    assert "2 entries consumed" in first.stderr
    assert stats(database_url)["decisions"] == 2
    second = run(consume(stream, database_url, "--idle-exit", "0.3"))
    assert "3 entries consumed" in second.stderr
    assert stats(database_url)["decisions"] == 5


def wait_for_decisions(process: subprocess.Popen[str], database_url: str, at_least: int) -> None:
    deadline = time.monotonic() + 60
    while stats(database_url)["decisions"] < at_least:
        assert process.poll() is None, "consume exited before it could be stopped"
        assert time.monotonic() < deadline, "consume decided nothing in time"
        time.sleep(0.05)


def test_sigterm_stops_cleanly_after_the_batch(
    redis_client: redis.Redis, stream: str, database_url: str
) -> None:
    add(redis_client, stream, post("p1", CAMPAIGN_TEXT))
    process = subprocess.Popen(consume(stream, database_url), stderr=subprocess.PIPE, text=True)
    wait_for_decisions(process, database_url, 1)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "SIGTERM: stopping after the current batch" in stderr
    assert "1 entries consumed" in stderr
    assert pending(redis_client, stream) == 0


def test_killed_mid_stream_resumes_and_decides_each_event_once(
    tmp_path: Path, redis_client: redis.Redis, stream: str, database_url: str
) -> None:
    total = 20_000
    lines = many_posts(tmp_path / "many.jsonl", total).read_text().splitlines()
    add(redis_client, stream, *lines)
    command = consume(stream, database_url, "--batch-size", "200")
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, text=True)
    wait_for_decisions(process, database_url, 1_000)
    process.send_signal(signal.SIGKILL)
    process.wait()
    interrupted = stats(database_url)
    assert 0 < interrupted["decisions"] < total

    result = run([*command, "--idle-exit", "1"])
    assert result.returncode == 0, result.stderr
    final = stats(database_url)
    assert final["decisions"] == final["events_processed"] == total
    assert final["events_pending"] == 0
    assert pending(redis_client, stream) == 0


def test_redis_not_answering_says_how_to_start_it(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(
        consume("s", f"sqlite:///{tmp_path}/x.db", redis_url=f"redis://127.0.0.1:{port}/0")
    )
    assert result.returncode == 2
    assert f"Redis is not answering at redis://127.0.0.1:{port}/0" in result.stderr
    assert "redis-server" in result.stderr
    assert "Traceback" not in result.stderr
