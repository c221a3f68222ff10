"""The schema as SQLAlchemy Core tables: one definition both backends and all queries share.

Core rather than the ORM because the hot path writes thousands of rows a second with
``executemany``; mapped objects would cost more than the database does. JSON columns
are plain text holding JSON that the store serializes once with pydantic, so both
backends store byte-identical documents and nothing re-encodes them on the way.

Timestamps go through :class:`UTCDateTime`: PostgreSQL stores ``timestamptz``, SQLite
stores naive UTC text (which sorts chronologically), and both hand back aware UTC
datetimes. A naive datetime is refused rather than guessed at.

The migrations in ``migrations/versions`` create exactly this schema (a test compares
them); change both together.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Deterministic constraint names, so later migrations can drop what earlier ones made."""

metadata = MetaData(naming_convention=NAMING_CONVENTION)

ID_LENGTH = 256
"""Matches the longest id :mod:`watchkeeper.model` accepts."""

# An integer key that autoincrements on both backends: BIGINT on PostgreSQL,
# INTEGER on SQLite (only ``INTEGER PRIMARY KEY`` is SQLite's rowid alias).
AutoId = BigInteger().with_variant(Integer(), "sqlite")


class _SQLiteUTCText(sqlite.DATETIME):
    """SQLite's DATETIME column with conversion left entirely to :class:`UTCDateTime`.

    SQLAlchemy's own SQLite datetime processing formats and parses in Python per value;
    on the hot path (three timestamps per event) it cost more than the inserts. The
    text written is the same ``YYYY-MM-DD HH:MM:SS.ffffff`` that SQLAlchemy writes.
    """

    def bind_processor(self, dialect: Dialect) -> None:
        return None

    def result_processor(self, dialect: Dialect, coltype: object) -> None:
        return None


@lru_cache(maxsize=256)
def _sqlite_utc_text(value: datetime) -> str:
    # Cached because a batch stamps thousands of rows with the same instant; equal
    # aware datetimes are the same instant, so they share one UTC text.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC; always read back aware, in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLiteUTCText())  # type: ignore[no-untyped-call]
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: give it a timezone")
        if dialect.name == "sqlite":
            return _sqlite_utc_text(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if not isinstance(value, datetime):
            raise TypeError(f"expected a timestamp, found {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_literal_param(self, value: Any, dialect: Dialect) -> str:
        raise NotImplementedError("timestamps are always bound as parameters")

    @property
    def python_type(self) -> type[datetime]:
        return datetime


EVENT_STATUSES = ("pending", "processed")
CASE_STATES = ("open", "closed")
OUTBOX_STATUSES = ("pending", "delivered", "dead")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


events = Table(
    "events",
    metadata,
    # ``seq`` is the storage key and gives receive order; ``id`` is the platform's key.
    # SQLite can only autoincrement an INTEGER PRIMARY KEY, hence seq is the primary
    # key and id is UNIQUE (which is what ON CONFLICT and foreign keys need).
    Column("seq", AutoId, primary_key=True, autoincrement=True),
    Column("id", String(ID_LENGTH), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("processed_at", UTCDateTime, nullable=True),
    CheckConstraint(_one_of("status", EVENT_STATUSES), name="status"),
    Index(None, "status", "seq"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("event_id", String(ID_LENGTH), ForeignKey("events.id"), primary_key=True),
    Column("verdict", String(16), nullable=False),
    Column("rule_ids", Text, nullable=False),
    Column("actions", Text, nullable=False),
    Column("policy_version", String(128), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
)

signals = Table(
    "signals",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("event_id", String(ID_LENGTH), ForeignKey("events.id"), nullable=False),
    Column("detector", String(64), nullable=False),
    Column("label", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Index(None, "label", "score"),
    Index(None, "event_id"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("event_id", String(ID_LENGTH), ForeignKey("events.id"), nullable=False),
    Column("subject_kind", String(16), nullable=False),
    Column("subject_id", String(ID_LENGTH), nullable=False),
    Column("queue", String(64), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sla_deadline", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("rule_ids", Text, nullable=False),
    Column("reasons", Text, nullable=False),
    CheckConstraint(_one_of("state", CASE_STATES), name="state"),
    CheckConstraint(_one_of("subject_kind", ("post", "account")), name="subject_kind"),
    Index(None, "event_id"),
)
# The review queue's order: open cases of one queue, most urgent first.
Index(
    "ix_cases_queue_order",
    cases.c.state,
    cases.c.queue,
    cases.c.priority.desc(),
    cases.c.sla_deadline,
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("created_at", UTCDateTime, nullable=True),
    Column("strikes", Integer, nullable=False),
    Column("suspended", Boolean, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    # Which event's decision produced the message (None for messages from elsewhere);
    # lets the audit trail follow an event all the way to the platform.
    Column("event_id", String(ID_LENGTH), nullable=True),
    Column("destination", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("last_error", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime, nullable=True),
    CheckConstraint(_one_of("status", OUTBOX_STATUSES), name="status"),
    Index(None, "status", "next_attempt_at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("kind", String(64), nullable=False),
    # No foreign key: the log must outlive anything it mentions.
    Column("event_id", String(ID_LENGTH), nullable=True),
    Column("detail", Text, nullable=False),
    Index(None, "event_id"),
)

# -- hash banks (``watchkeeper.banks``) ---------------------------------------------

banks = Table(
    "banks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("description", Text, nullable=False),
    Column("label", String(64), nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("pdq_max_distance", Integer, nullable=False),
    Column("pdq_min_quality", Integer, nullable=False),
    Column("text_min_score", Float, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

bank_entries = Table(
    "bank_entries",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("bank", String(64), ForeignKey("banks.name"), nullable=False),
    Column("signal_type", String(32), nullable=False),
    # ``value_key`` is the value itself for hashes and a SHA-256 of it for long text,
    # so one entry per (bank, type, value) can be enforced by an ordinary index.
    Column("value_key", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("negative", Boolean, nullable=False),
    Column("provenance", Text, nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("removed_at", UTCDateTime, nullable=True),
    Index(None, "bank", "signal_type", "value_key", unique=True),
)
# Banked videos are read apart from the (maybe millions of) photo hashes at every start.
Index(
    "ix_bank_entries_vpdq",
    bank_entries.c.id,
    sqlite_where=text("signal_type = 'vpdq'"),
    postgresql_where=text("signal_type = 'vpdq'"),
)

# Every add and remove in order: matchers and the retro-hunt follow it by ``seq``.
bank_log = Table(
    "bank_log",
    metadata,
    Column("seq", AutoId, primary_key=True, autoincrement=True),
    Column("entry_id", BigInteger, nullable=False),
    Column("op", String(8), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    CheckConstraint(_one_of("op", ("add", "remove")), name="op"),
)

# Hashes of media seen in posts (never the media itself), for the retro-hunt.
media_seen = Table(
    "media_seen",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("event_id", String(ID_LENGTH), nullable=False),
    Column("signal_type", String(32), nullable=False),
    Column("value", String(128), nullable=False),
    Column("quality", Integer, nullable=True),
    Column("seen_at", UTCDateTime, nullable=False),
    Index(None, "event_id", "signal_type", "value", unique=True),
    Index(None, "seen_at"),
)

# Small named values the bank machinery keeps: exchange checkpoints, cursors.
bank_state = Table(
    "bank_state",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Media bytes, kept only when the operator turns evidence preservation on.
media_evidence = Table(
    "media_evidence",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("content", LargeBinary, nullable=False),
    Column("first_event_id", String(ID_LENGTH), nullable=False),
    Column("stored_at", UTCDateTime, nullable=False),
)
