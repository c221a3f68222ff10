"""Banked videos: a partial index over the ``vpdq`` entries of ``bank_entries``.

Revision ID: 0003
Revises: 0002
Created: 2026-11-24

Every matcher reads the banked videos (``vpdq`` entries) back from the store when it
starts; at 10M photo hashes in the same table, finding the few videos without an index
meant reading every row (1.4 s on SQLite). The index holds only those rows, so it
costs nothing for photo hashes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIDEOS_ONLY = "signal_type = 'vpdq'"


def upgrade() -> None:
    op.create_index(
        "ix_bank_entries_vpdq",
        "bank_entries",
        ["id"],
        sqlite_where=sa.text(VIDEOS_ONLY),
        postgresql_where=sa.text(VIDEOS_ONLY),
    )


def downgrade() -> None:
    op.drop_index("ix_bank_entries_vpdq", table_name="bank_entries")
