"""Read a database's counts from outside the process under test (CLI and e2e tests)."""

from __future__ import annotations

from watchkeeper.store.repository import Store


def stats(database_url: str) -> dict[str, int]:
    """``Store.stats()`` of the database at ``database_url`` (migrated first if new)."""
    store = Store.open(database_url)
    try:
        store.migrate()
        return store.stats()
    finally:
        store.close()
