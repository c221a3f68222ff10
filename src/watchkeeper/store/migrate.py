"""Running the packaged Alembic migrations from code.

An operator upgrades by starting the new version (``Store.migrate()``); there is no
separate tool to install or ini file to find. The upgrade runs in one transaction
(DDL is transactional on both backends), under a lock, so two processes starting at
once do not both try to create the tables: SQLite's write lock, or a PostgreSQL
advisory lock.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from watchkeeper.store.engine import writer

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

MIGRATION_LOCK_KEY = 0x5741_5443_484B  # "WATCHK": any constant shared by all our processes
"""PostgreSQL advisory lock held while migrating."""


def alembic_config() -> Config:
    """Alembic's configuration for the packaged migrations (no ini file needed)."""
    config = Config()
    # ConfigParser interpolates '%', so a path containing one must be escaped.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The newest revision this version of Watchkeeper ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None if it was never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; does nothing if it is already there."""
    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
