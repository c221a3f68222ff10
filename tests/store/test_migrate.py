"""The packaged migrations: from nothing to head, idempotent, equal to tables.py, usable by hand."""

from __future__ import annotations

import subprocess
import sys
import threading

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from watchkeeper.store.migrate import MIGRATIONS_DIR, current_revision, head_revision
from watchkeeper.store.repository import Store
from watchkeeper.store.tables import metadata

from .support import allow_all, posts

TABLES = {"events", "decisions", "signals", "cases", "accounts", "outbox", "audit_log"}


def test_migrate_creates_the_schema_from_nothing(fresh_database_url: str) -> None:
    with Store.open(fresh_database_url) as store:
        assert current_revision(store.engine) is None
        store.migrate()
        assert current_revision(store.engine) == head_revision()
        assert set(inspect(store.engine).get_table_names()) >= TABLES


def test_migrate_twice_is_a_no_op(fresh_database_url: str) -> None:
    with Store.open(fresh_database_url) as store:
        store.migrate()
        store.ingest(posts(3))
        store.process_pending(2, allow_all)
        before = store.stats()
        store.migrate()
        assert store.stats() == before
        assert current_revision(store.engine) == head_revision()


def test_the_migrated_schema_is_exactly_tables_py(database_url: str) -> None:
    with Store.open(database_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_two_processes_migrating_at_once_do_not_collide(fresh_database_url: str) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def migrate() -> None:
        try:
            with Store.open(fresh_database_url) as store:
                start.wait()
                store.migrate()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=migrate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store.open(fresh_database_url) as store:
        assert current_revision(store.engine) == head_revision()


def test_alembic_can_be_run_by_hand_with_the_packaged_ini(fresh_database_url: str) -> None:
    ini = MIGRATIONS_DIR / "alembic.ini"
    command = [sys.executable, "-m", "alembic", "-c", str(ini), "-x", f"url={fresh_database_url}"]
    upgraded = subprocess.run([*command, "upgrade", "head"], capture_output=True, text=True)
    assert upgraded.returncode == 0, upgraded.stderr
    shown = subprocess.run([*command, "current"], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert f"{head_revision()} (head)" in shown.stdout
    with Store.open(fresh_database_url) as store:
        store.migrate()  # already there: nothing to do
        assert store.ingest(posts(1)).accepted == ["post-0"]
