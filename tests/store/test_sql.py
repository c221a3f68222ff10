"""Dialect helpers: ON CONFLICT on both backends, and IN lists cut to SQLite's limits."""

from __future__ import annotations

from sqlalchemy import select

from watchkeeper.store import sql
from watchkeeper.store.repository import Store
from watchkeeper.store.tables import accounts

from .support import T0


def test_chunks_cover_everything_once_in_order() -> None:
    items = list(range(12))
    assert [list(c) for c in sql.chunks(items, 5)] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]]
    assert list(sql.chunks([], 5)) == []


def test_insert_ignoring_and_insert_or_update(store: Store) -> None:
    row = {"id": "a", "created_at": None, "strikes": 1, "suspended": False, "updated_at": T0}
    with store.engine.begin() as connection:
        ignoring = sql.insert_ignoring(connection, accounts, ["id"])
        connection.execute(ignoring, [row, {**row, "strikes": 5}])
        adding = sql.insert_or_update(
            connection,
            accounts,
            ["id"],
            lambda excluded: {"strikes": accounts.c.strikes + excluded.strikes},
        )
        connection.execute(adding, [{**row, "strikes": 2}, {**row, "id": "b", "strikes": 7}])
    with store.engine.connect() as connection:
        found = connection.execute(
            select(accounts.c.id, accounts.c.strikes).order_by(accounts.c.id)
        )
        assert [tuple(r) for r in found] == [("a", 3), ("b", 7)]
