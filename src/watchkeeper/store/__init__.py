"""Persistence behind one narrow interface: SQLite (WAL) by default, PostgreSQL at scale."""
