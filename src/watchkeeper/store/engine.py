"""Engines tuned for how Watchkeeper writes: one SQLite writer in WAL, or pooled PostgreSQL.

SQLite is the default so a small operator needs nothing but a file, but its defaults
are wrong for a service: rollback journaling blocks readers while a batch commits,
``synchronous=FULL`` fsyncs every commit, foreign keys are off, and a second writer
fails at once with "database is locked". Python's ``sqlite3`` also starts transactions
lazily and only for DML, so a batch could read outside the transaction it later
writes in. Here every connection gets WAL, ``synchronous=NORMAL``, foreign keys and a
busy timeout, and SQLAlchemy emits ``BEGIN`` itself: ``BEGIN IMMEDIATE`` for write
transactions (see :func:`writer`), so a writer takes the lock before it reads and
can never fail half-way on a lock upgrade.

PostgreSQL gets a bounded pool with pre-ping, and every session runs in UTC so
timestamps never depend on the server's locale.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another writer's transaction before giving up."""

BEGIN_OPTION = "watchkeeper_sqlite_begin"
"""Execution option naming the SQLite ``BEGIN`` flavour: ``DEFERRED`` or ``IMMEDIATE``."""

_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


def normalize_url(url: str | URL) -> URL:
    """Parse ``url``, choosing psycopg 3 for a bare ``postgresql://`` or ``postgres://``."""
    if isinstance(url, str) and url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_memory_sqlite(url: URL) -> bool:
    """True for a private in-memory SQLite database (it lives as long as its one connection)."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: str | URL, **engine_kwargs: Any) -> Engine:
    """An engine for ``url`` with Watchkeeper's connection settings applied.

    A relative SQLite path is taken relative to the current directory when the engine is
    made (and then fixed, so a later ``chdir`` cannot move the database); its parent
    directories are created. ``sqlite://`` (in memory) shares one connection and is
    for single-threaded tests and demos only. ``engine_kwargs`` go to
    :func:`sqlalchemy.create_engine` and override the defaults chosen here
    (``connect_args`` are added to ours rather than replacing them).
    """
    parsed = normalize_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _make_sqlite_engine(parsed, engine_kwargs)
    if backend == "postgresql":
        return _make_postgresql_engine(parsed, engine_kwargs)
    raise ValueError(
        f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}: "
        "use sqlite:///path.db or postgresql+psycopg://user@host/db"
    )


def writer(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions take SQLite's write lock up front.

    On PostgreSQL this changes nothing; row locks do the work there.
    """
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


def _make_sqlite_engine(url: URL, engine_kwargs: dict[str, Any]) -> Engine:
    kwargs: dict[str, Any] = {}
    if is_memory_sqlite(url):
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        database = url.database or ""
        if not database.startswith("file:"):
            path = Path(database).expanduser()
            if not path.is_absolute():
                path = Path.cwd() / path
            path.parent.mkdir(parents=True, exist_ok=True)
            url = url.set(database=str(path))
    _merge(kwargs, engine_kwargs)
    engine = create_engine(url, **kwargs)
    in_memory = is_memory_sqlite(url)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy (see the "begin" hook below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not in_memory:
                _enable_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = str(connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")).upper()
        if mode not in _BEGIN_MODES:
            raise ValueError(f"{BEGIN_OPTION} must be one of {sorted(_BEGIN_MODES)}, not {mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _enable_wal(cursor: Any) -> None:
    """Switch the database to WAL, waiting out other connections doing the same.

    Switching a new database needs an exclusive lock, and SQLite does not call the busy
    handler when two connections race for it (each would wait for the other), so two
    processes opening a fresh database at once would otherwise fail with "locked".
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def _make_postgresql_engine(url: URL, engine_kwargs: dict[str, Any]) -> Engine:
    kwargs: dict[str, Any] = {
        "pool_pre_ping": True,
        "pool_recycle": 1800,
        "connect_args": {"options": "-c timezone=UTC", "application_name": "watchkeeper"},
    }
    if "poolclass" not in engine_kwargs:  # sizing only applies to the default QueuePool
        kwargs.update(pool_size=10, max_overflow=10, pool_timeout=30)
    _merge(kwargs, engine_kwargs)
    return create_engine(url, **kwargs)


def _merge(defaults: dict[str, Any], given: dict[str, Any]) -> None:
    """Apply the caller's engine arguments; ``connect_args`` add to ours, not replace them."""
    for key, value in given.items():
        if key == "connect_args":
            defaults[key] = {**defaults.get(key, {}), **value}
        else:
            defaults[key] = value
