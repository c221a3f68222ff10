"""Fixtures for the whole suite: real databases, never mocks (practice 9).

``database_url`` runs a test twice, on a SQLite file and on a real PostgreSQL server,
because the store promises the same behaviour on both (practice 4) and only running
both proves it. PostgreSQL tests use one database created for this test session
(``wk_test_<pid>_<random>``, dropped at the end) and emptied before every test.

PostgreSQL must answer at ``WATCHKEEPER_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``, an administrative database
used only to create and drop test databases). If it does not, the PostgreSQL tests
fail with instructions; they are never skipped, so a green run always means both
backends were tested. ``pytest -m "not postgres"`` runs the SQLite half alone.
"""

from __future__ import annotations

import gc
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from watchkeeper.store.engine import make_engine
from watchkeeper.store.repository import Store
from watchkeeper.store.tables import metadata

pytest_plugins = ["redis_fixtures"]

POSTGRES_ADMIN_URL = os.environ.get(
    "WATCHKEEPER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)

HOW_TO_START_POSTGRES = """\
PostgreSQL is not answering at {url}:
    {error}
The store tests run against a real PostgreSQL server and are never skipped. Either
  * start the local server:    sudo pg_ctlcluster 15 main start
                               (or: sudo service postgresql start)
  * or run one in a container: docker run -d -p 5432:5432 \\
                                   -e POSTGRES_HOST_AUTH_METHOD=trust postgres:16
  * or point WATCHKEEPER_TEST_POSTGRES_URL at a server where you may CREATE DATABASE.
To test SQLite alone, deselect them: pytest -m "not postgres"
"""

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@dataclass
class PostgresServer:
    """The server, reached through its administrative database, that makes test databases."""

    admin: Engine
    admin_url: URL

    def create_database(self, label: str = "") -> str:
        name = f"wk_test_{os.getpid()}_{label}{secrets.token_hex(4)}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL server, or a loud failure saying how to start it."""
    admin_url = make_url(POSTGRES_ADMIN_URL)
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    admin = create_engine(
        admin_url,
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
        connect_args={"connect_timeout": 5},
    )
    failure: OperationalError | None = None
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        failure = error
    if failure is not None:  # outside the except block, so only our message is shown
        admin.dispose()
        shown = admin_url.render_as_string(hide_password=True)
        pytest.fail(HOW_TO_START_POSTGRES.format(url=shown, error=failure.orig), pytrace=False)
    try:
        yield PostgresServer(admin, admin_url)
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_session_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A migrated database for this test session, dropped when it ends."""
    url = postgres_server.create_database()
    try:
        with Store.open(url) as store:
            store.migrate()
        yield url
    finally:
        postgres_server.drop_database(url)


def empty_postgres_database(url: str) -> None:
    """Remove every row (the audit log's guard is lifted for this one transaction)."""
    names = ", ".join(table.name for table in metadata.sorted_tables)
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
    finally:
        engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database with no rows, on each backend in turn."""
    if request.param == "sqlite":
        path_url = sqlite_url(tmp_path / "watchkeeper.db")
        with Store.open(path_url) as store:
            store.migrate()
        return path_url
    session_url: str = request.getfixturevalue("postgres_session_url")
    empty_postgres_database(session_url)
    return session_url


@pytest.fixture(params=BACKENDS)
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database that was never migrated, on each backend in turn."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "fresh.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database("fresh_")
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated, empty :class:`Store` on each backend in turn."""
    with Store.open(database_url) as opened:
        yield opened


@pytest.fixture
def postgres_store(postgres_session_url: str) -> Iterator[Store]:
    """A migrated, empty :class:`Store` on PostgreSQL only (mark the test ``postgres``)."""
    empty_postgres_database(postgres_session_url)
    with Store.open(postgres_session_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty :class:`Store` on a SQLite file, for tests of one backend only."""
    with Store.open(sqlite_url(tmp_path / "watchkeeper.db")) as opened:
        opened.migrate()
        yield opened


@pytest.fixture(autouse=True)
def _collectable_heap() -> Iterator[None]:
    """Undo ``heap.settle`` after each test: commands under test freeze the heap as a
    long-running process should, but in one pytest process that would keep every
    earlier test's cyclic garbage (and hide unclosed-connection warnings) until exit."""
    yield
    gc.unfreeze()
