"""The few statements that differ between SQLite and PostgreSQL, chosen in one place.

``INSERT ... ON CONFLICT`` is what makes ingest and decisions idempotent by event id,
and SQLAlchemy exposes it per dialect; the repositories ask here instead of testing
the dialect themselves. Long ``IN`` lists are cut into chunks because SQLite refuses
statements with more than 32,766 parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

T = TypeVar("T")

IN_CHUNK = 5_000
"""Most values bound into one ``IN (...)`` list."""


def insert_ignoring(connection: Connection, table: Table, key: Sequence[str]) -> Insert:
    """``INSERT`` that silently skips rows whose ``key`` already exists."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(key))
    if connection.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(key))
    raise NotImplementedError(connection.dialect.name)


def insert_or_update(
    connection: Connection,
    table: Table,
    key: Sequence[str],
    set_: Callable[[Any], Mapping[str, ColumnElement[Any]]],
) -> Insert:
    """``INSERT`` that updates the existing row on a ``key`` conflict.

    ``set_`` receives the ``excluded`` pseudo-table (the row that was refused) and
    returns the column assignments for the existing row.
    """
    if connection.dialect.name == "postgresql":
        pg = postgresql.insert(table)
        return pg.on_conflict_do_update(index_elements=list(key), set_=dict(set_(pg.excluded)))
    if connection.dialect.name == "sqlite":
        lite = sqlite.insert(table)
        return lite.on_conflict_do_update(index_elements=list(key), set_=dict(set_(lite.excluded)))
    raise NotImplementedError(connection.dialect.name)


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
