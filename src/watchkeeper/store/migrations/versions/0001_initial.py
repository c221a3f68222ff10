"""The first schema: events, decisions, signals, cases, accounts, outbox, audit log.

Revision ID: 0001
Revises:
Created: 2025-01-01

The audit log is append-only in the database itself, not just by convention in our
code: a trigger aborts every UPDATE and DELETE on ``audit_log`` (and TRUNCATE on
PostgreSQL), so neither a bug nor a hand-typed query can rewrite history.

The tables are spelled out here rather than imported from ``tables.py``: a revision is
a snapshot of the schema at one point in time and must not change when the
application's table definitions move on. A test checks the two agree today.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = 256
APPEND_ONLY_MESSAGE = "audit_log is append-only"


def _auto_id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("seq", _auto_id(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("received_at", _ts(), nullable=False),
        sa.Column("processed_at", _ts(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_events"),
        sa.UniqueConstraint("id", name="uq_events_id"),
        sa.CheckConstraint("status IN ('pending', 'processed')", name="ck_events_status"),
    )
    op.create_index("ix_events_status_seq", "events", ["status", "seq"])

    op.create_table(
        "decisions",
        sa.Column("event_id", sa.String(ID), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("rule_ids", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("policy_version", sa.String(128), nullable=False),
        sa.Column("decided_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_decisions"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_decisions_event_id_events"),
    )

    op.create_table(
        "signals",
        sa.Column("id", _auto_id(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(ID), nullable=False),
        sa.Column("detector", sa.String(64), nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_signals"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_signals_event_id_events"),
    )
    op.create_index("ix_signals_label_score", "signals", ["label", "score"])
    op.create_index("ix_signals_event_id", "signals", ["event_id"])

    op.create_table(
        "cases",
        sa.Column("id", _auto_id(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(ID), nullable=False),
        sa.Column("subject_kind", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(ID), nullable=False),
        sa.Column("queue", sa.String(64), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("sla_deadline", _ts(), nullable=False),
        sa.Column("closed_at", _ts(), nullable=True),
        sa.Column("rule_ids", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_cases_event_id_events"),
        sa.CheckConstraint("state IN ('open', 'closed')", name="ck_cases_state"),
        sa.CheckConstraint("subject_kind IN ('post', 'account')", name="ck_cases_subject_kind"),
    )
    op.create_index("ix_cases_event_id", "cases", ["event_id"])
    op.create_index(
        "ix_cases_queue_order",
        "cases",
        ["state", "queue", sa.text("priority DESC"), "sla_deadline"],
    )

    op.create_table(
        "accounts",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("created_at", _ts(), nullable=True),
        sa.Column("strikes", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
    )

    op.create_table(
        "outbox",
        sa.Column("id", _auto_id(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(ID), nullable=True),
        sa.Column("destination", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _ts(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("delivered_at", _ts(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.CheckConstraint("status IN ('pending', 'delivered', 'dead')", name="ck_outbox_status"),
    )
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])

    op.create_table(
        "audit_log",
        sa.Column("id", _auto_id(), primary_key=True, autoincrement=True),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(ID), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_event_id", "audit_log", ["event_id"])
    _create_append_only_guard()


def downgrade() -> None:
    _drop_append_only_guard()
    for table in ("audit_log", "outbox", "accounts", "cases", "signals", "decisions", "events"):
        op.drop_table(table)


def _create_append_only_guard() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION watchkeeper_audit_log_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE} (% refused)', TG_OP "
            "USING ERRCODE = 'restrict_violation'; "
            "END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION watchkeeper_audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION watchkeeper_audit_log_append_only()"
        )
    else:
        raise NotImplementedError(f"no append-only guard for {dialect}")


def _drop_append_only_guard() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS watchkeeper_audit_log_append_only()")
