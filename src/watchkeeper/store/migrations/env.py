"""Alembic's entry point, written for two callers.

``Store.migrate()`` hands over an open connection (in ``config.attributes``) so the
upgrade runs in the caller's transaction and under its locks, and logging is left
as the application configured it. A person running ``alembic -c .../alembic.ini``
gets an engine built by :func:`watchkeeper.store.engine.make_engine` (same SQLite
pragmas as the service) from ``-x url=...`` or the ini's ``sqlalchemy.url``.

Offline (``--sql``) mode is not supported: the triggers differ per backend and are
easier to trust when they are applied by the code that tests them.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from watchkeeper.store.engine import make_engine, writer
from watchkeeper.store.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLAlchemy emits BEGIN for SQLite too (see engine.py), so DDL is
        # transactional on both backends: a failed upgrade leaves nothing behind.
        transactional_ddl=True,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    if context.is_offline_mode():
        raise SystemExit("watchkeeper migrations run online only; pass a database URL")
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
        return
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("no database URL: pass -x url=... or set sqlalchemy.url")
    engine = make_engine(url)
    try:
        with writer(engine).connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


main()
