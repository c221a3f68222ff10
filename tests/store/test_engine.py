"""make_engine: the SQLite pragmas, paths and locking, and PostgreSQL's session settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from watchkeeper.store.engine import SQLITE_BUSY_TIMEOUT_MS, make_engine, normalize_url, writer


def test_sqlite_connections_get_wal_normal_sync_foreign_keys_and_busy_timeout(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as connection:
            found = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
        assert found == {
            "journal_mode": "wal",
            "synchronous": 1,  # NORMAL
            "foreign_keys": 1,
            "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
        }
    finally:
        engine.dispose()


def test_relative_sqlite_path_is_taken_from_the_current_directory_and_parents_are_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    engine = make_engine("sqlite:///data/deep/wk.db")
    monkeypatch.chdir("/")  # a later chdir must not move the database
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.commit()
    finally:
        engine.dispose()
    assert (tmp_path / "data" / "deep" / "wk.db").is_file()


def test_in_memory_sqlite_works_on_one_connection() -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT x FROM t")).scalar_one() == 1
    finally:
        engine.dispose()


def test_a_writer_takes_the_sqlite_lock_up_front_while_readers_carry_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = make_engine(url)
    impatient = make_engine(url)

    @event.listens_for(impatient, "connect")
    def _no_waiting(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        with writer(engine).begin():
            # The first writer has not written anything yet, but already holds the lock...
            with (
                pytest.raises(OperationalError, match="locked"),
                writer(impatient).begin() as other,
            ):
                other.execute(text("INSERT INTO t VALUES (2)"))
            # ...and a reader is not blocked by it (WAL).
            with engine.connect() as reader:
                assert reader.execute(text("SELECT count(*) FROM t")).scalar_one() == 1
    finally:
        impatient.dispose()
        engine.dispose()


def test_bare_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


def test_other_databases_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported database URL"):
        make_engine("mysql://u:secret@h/db")


def test_every_backend_answers_in_utc(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
            if connection.dialect.name == "postgresql":
                assert connection.execute(text("SHOW timezone")).scalar_one() == "UTC"
    finally:
        engine.dispose()
