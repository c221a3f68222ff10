"""Hash banks: banks, their entries and change log, media hashes seen, bank state.

Revision ID: 0002
Revises: 0001
Created: 2026-11-24

Adds what ``watchkeeper.banks`` keeps: the banks and their entries (with provenance
and negative entries), an ordered log of adds and removes that matchers and the
retro-hunt follow, the hashes of media seen in posts (never the media itself), small
named state such as exchange checkpoints, and media bytes for operators who turn
evidence preservation on. Spelled out rather than imported, like 0001.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 256


def _auto_id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "banks",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("pdq_max_distance", sa.Integer(), nullable=False),
        sa.Column("pdq_min_quality", sa.Integer(), nullable=False),
        sa.Column("text_min_score", sa.Float(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_banks"),
    )
    op.create_table(
        "bank_entries",
        sa.Column("id", _auto_id(), primary_key=True, autoincrement=True),
        sa.Column("bank", sa.String(64), nullable=False),
        sa.Column("signal_type", sa.String(32), nullable=False),
        sa.Column("value_key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("negative", sa.Boolean(), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.Column("added_at", _ts(), nullable=False),
        sa.Column("removed_at", _ts(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_bank_entries"),
        sa.ForeignKeyConstraint(["bank"], ["banks.name"], name="fk_bank_entries_bank_banks"),
    )
    op.create_index(
        "ix_bank_entries_bank_signal_type_value_key",
        "bank_entries",
        ["bank", "signal_type", "value_key"],
        unique=True,
    )
    op.create_table(
        "bank_log",
        sa.Column("seq", _auto_id(), primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_bank_log"),
        sa.CheckConstraint("op IN ('add', 'remove')", name="ck_bank_log_op"),
    )
    op.create_table(
        "media_seen",
        sa.Column("id", _auto_id(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(ID), nullable=False),
        sa.Column("signal_type", sa.String(32), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("seen_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_media_seen"),
    )
    op.create_index(
        "ix_media_seen_event_id_signal_type_value",
        "media_seen",
        ["event_id", "signal_type", "value"],
        unique=True,
    )
    op.create_index("ix_media_seen_seen_at", "media_seen", ["seen_at"])
    op.create_table(
        "bank_state",
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_bank_state"),
    )
    op.create_table(
        "media_evidence",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("first_event_id", sa.String(ID), nullable=False),
        sa.Column("stored_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_media_evidence"),
    )


def downgrade() -> None:
    for table in (
        "media_evidence",
        "bank_state",
        "media_seen",
        "bank_log",
        "bank_entries",
        "banks",
    ):
        op.drop_table(table)
