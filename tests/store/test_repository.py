"""Store as a whole: opening, closing, its clock, and one store shared by many threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.pool import QueuePool

from watchkeeper.store.repository import Store

from .support import allow_all, posts


def test_open_migrate_use_close(database_url: str) -> None:
    with Store.open(database_url) as store:
        store.migrate()
        assert store.backend in {"sqlite", "postgresql"}
        assert store.ingest(posts(2)).accepted == ["post-0", "post-1"]
    with Store.open(database_url) as reopened:
        assert reopened.stats()["events_pending"] == 2


def test_closing_leaves_no_connection_behind(database_url: str) -> None:
    store = Store.open(database_url)
    store.ingest(posts(3))
    store.process_pending(10, allow_all)
    store.get_decision("post-0")
    pool = store.engine.pool
    assert isinstance(pool, QueuePool)
    store.close()
    assert pool.checkedout() == 0
    gc.collect()  # an unclosed DBAPI connection would warn here (warnings are errors)


def test_the_store_clock_stamps_what_it_writes(database_url: str) -> None:
    fixed = datetime(2030, 6, 1, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    with Store.open(database_url, clock=lambda: fixed) as store:
        store.append_audit("note", None, {"n": 1})
        [entry] = store.audit_entries()
        assert entry.at == fixed
        assert entry.at.tzinfo is UTC


def test_a_sqlite_store_is_a_file_that_survives_reopening(
    sqlite_store: Store, tmp_path: Path
) -> None:
    sqlite_store.ingest(posts(1))
    sqlite_store.close()
    with Store.open(f"sqlite:///{tmp_path / 'watchkeeper.db'}") as again:
        assert again.event_status("post-0") == "pending"


def test_an_unsupported_url_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        Store.open("mysql://localhost/wk")


def test_one_store_serves_many_threads_at_once(store: Store) -> None:
    """As in the web app: request threads ingest and read while workers process."""
    errors: list[BaseException] = []

    def ingest(k: int) -> None:
        for i in range(10):
            store.ingest(posts(20, start=k * 1000 + i * 20))

    def process() -> None:
        for _ in range(30):
            store.process_pending(25, allow_all)
            store.stats()

    def guarded(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except BaseException as error:  # reported below, in the test's thread
                errors.append(error)

        return run

    jobs = [lambda k=k: ingest(k) for k in range(3)] + [process] * 3
    threads = [threading.Thread(target=guarded(job)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    while store.process_pending(500, allow_all):
        pass
    stats = store.stats()
    assert (stats["events_processed"], stats["decisions"], stats["events_pending"]) == (600, 600, 0)
