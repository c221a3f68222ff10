"""Tests of ``watchkeeper.store``, each run on SQLite and on PostgreSQL."""
