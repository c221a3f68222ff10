"""Banks and their entries in the store: create, list, add, remove, and the change log.

Every add and remove is written with a row in ``bank_log`` in the same transaction,
so anything that follows the banks (the matchers in each process, the retro-hunt)
reads one ordered feed by sequence number and never misses a change or sees half of
one. Entries are never deleted: a removed entry keeps its row with ``removed_at``
set, so provenance and history survive, and adding it again revives it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    URL,
    ColumnElement,
    Connection,
    Integer,
    Row,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)

from watchkeeper.banks.signals import validate_signal, value_key
from watchkeeper.banks.text_index import DEFAULT_THRESHOLD, MIN_SCORE
from watchkeeper.banks.vpdq import VPDQ_TYPE
from watchkeeper.model import PostEvent
from watchkeeper.store import codec, sql
from watchkeeper.store.engine import is_memory_sqlite, writer
from watchkeeper.store.repository import Store
from watchkeeper.store.tables import (
    bank_entries,
    bank_log,
    bank_state,
    banks,
    events,
    media_evidence,
    media_seen,
)

BANK_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
DEFAULT_PDQ_MAX_DISTANCE = 31
MAX_PDQ_DISTANCE = 64
"""Beyond this PDQ matches unrelated photos; the index stays exact at any distance."""
DEFAULT_PDQ_MIN_QUALITY = 50
DEFAULT_TEXT_MIN_SCORE = DEFAULT_THRESHOLD
PAGE = 10_000
ADD_CHUNK = 2_000
LOG_LOCK = 0x5742_414E_4B4C  # "WBANKL": any constant shared by our processes
LEAN_PAGE = 200_000
"""Entries checked for duplicates and inserted per statement."""


class BankError(ValueError):
    """A bank operation refused: unknown bank, bad name or settings."""


@dataclass(frozen=True)
class BankInfo:
    """A bank's settings and how many live entries it holds."""

    name: str
    description: str
    label: str
    enabled: bool
    pdq_max_distance: int
    pdq_min_quality: int
    text_min_score: float
    created_at: datetime
    entries: int = 0
    negatives: int = 0

    def accepts_pdq(self, distance: int, quality: int | None) -> bool:
        """Whether a PDQ hit at ``distance`` (of a photo of ``quality``) counts here."""
        if distance > self.pdq_max_distance:
            return False
        return quality is None or quality >= self.pdq_min_quality


@dataclass(frozen=True)
class NewEntry:
    """An entry to add: a signal and where it came from."""

    signal_type: str
    value: str
    negative: bool = False
    provenance: str = ""


@dataclass(frozen=True)
class BankEntry:
    """A stored entry; ``removed_at`` is set once it was removed."""

    id: int
    bank: str
    signal_type: str
    value: str
    negative: bool
    provenance: str
    added_at: datetime
    removed_at: datetime | None


@dataclass
class AddResult:
    """What an add did: new ids, revived or unchanged entries, and refused lines."""

    added: list[int]
    unchanged: int
    errors: list[str]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _entry(row: Row[Any]) -> BankEntry:
    return BankEntry(
        id=row.id,
        bank=row.bank,
        signal_type=row.signal_type,
        value=row.value,
        negative=bool(row.negative),
        provenance=row.provenance,
        added_at=row.added_at,
        removed_at=row.removed_at,
    )


class BankRepository:
    """The banks' tables, behind the same store (SQLite or PostgreSQL) as everything else."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = store.engine
        self._writer = writer(store.engine)
        self._clock = clock

    @property
    def url(self) -> URL:
        """Where the store is (with its password), for a process that opens it again."""
        return self._engine.url

    @property
    def single_connection(self) -> bool:
        """True for an in-memory SQLite store: one connection, not to be used by two
        threads at once."""
        return is_memory_sqlite(self._engine.url)

    @contextmanager
    def _logged_write(self) -> Iterator[Connection]:
        """A write transaction that appends to ``bank_log``, one at a time.

        Followers read the log by sequence number, so a row must never become visible
        after a higher one: on PostgreSQL, sequence values are handed out before
        commit, so bank writers take a transaction-scoped advisory lock first (SQLite's
        write lock already does this).
        """
        with self._writer.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOG_LOCK})
            yield connection

    # -- banks -------------------------------------------------------------------

    def create_bank(
        self,
        name: str,
        *,
        description: str = "",
        label: str = "terrorism",
        enabled: bool = True,
        pdq_max_distance: int = DEFAULT_PDQ_MAX_DISTANCE,
        pdq_min_quality: int = DEFAULT_PDQ_MIN_QUALITY,
        text_min_score: float = DEFAULT_TEXT_MIN_SCORE,
    ) -> BankInfo:
        """A new bank; refused if the name is taken or a setting is out of range."""
        if not BANK_NAME.fullmatch(name):
            raise BankError(
                f"bank name {name!r} must be 1-64 of a-z, 0-9, '_', '.', '-', starting alphanumeric"
            )
        _check_settings(pdq_max_distance, pdq_min_quality, text_min_score)
        with self._writer.begin() as connection:
            if connection.execute(select(banks.c.name).where(banks.c.name == name)).first():
                raise BankError(f"bank {name!r} already exists")
            connection.execute(
                insert(banks).values(
                    name=name,
                    description=description,
                    label=label,
                    enabled=enabled,
                    pdq_max_distance=pdq_max_distance,
                    pdq_min_quality=pdq_min_quality,
                    text_min_score=text_min_score,
                    created_at=self._clock(),
                )
            )
        return self.get_bank(name)

    def update_bank(self, name: str, **changes: Any) -> BankInfo:
        """Change a bank's settings (``enabled``, thresholds, description, label)."""
        allowed = {
            "description",
            "label",
            "enabled",
            "pdq_max_distance",
            "pdq_min_quality",
            "text_min_score",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise BankError(f"unknown bank setting(s): {', '.join(sorted(unknown))}")
        current = self.get_bank(name, counts=False)
        _check_settings(
            changes.get("pdq_max_distance", current.pdq_max_distance),
            changes.get("pdq_min_quality", current.pdq_min_quality),
            changes.get("text_min_score", current.text_min_score),
        )
        if changes:
            with self._writer.begin() as connection:
                connection.execute(update(banks).where(banks.c.name == name).values(**changes))
        return self.get_bank(name)

    def list_banks(self, *, counts: bool = True) -> list[BankInfo]:
        """Every bank; ``counts=False`` skips counting entries (a scan of a big bank)."""
        with self._engine.connect() as connection:
            found = _entry_counts(connection) if counts else {}
            rows = connection.execute(select(banks).order_by(banks.c.name)).all()
        return [_bank(row, found) for row in rows]

    def get_bank(self, name: str, *, counts: bool = True) -> BankInfo:
        """One bank, or BankError naming it; ``counts=False`` as for ``list_banks``."""
        with self._engine.connect() as connection:
            row = connection.execute(select(banks).where(banks.c.name == name)).first()
            if row is None:
                raise BankError(f"no bank named {name!r}")
            return _bank(row, _entry_counts(connection, name) if counts else {})

    # -- entries -----------------------------------------------------------------

    def add_entries(self, bank: str, entries: Sequence[NewEntry]) -> AddResult:
        """Add entries; invalid ones are reported by position, the rest are added.

        An entry already live in the bank is left as it is (counted ``unchanged``); one
        that was removed is revived with the new provenance and logged as an add.
        """
        self.get_bank(bank, counts=False)
        errors: list[str] = []
        valid: dict[tuple[str, str], tuple[str, NewEntry]] = {}
        for position, entry in enumerate(entries, start=1):
            try:
                value = validate_signal(entry.signal_type, entry.value)
            except ValueError as error:
                errors.append(f"entry {position}: {error}")
                continue
            valid.setdefault((entry.signal_type, value_key(value)), (value, entry))
        added: list[int] = []
        unchanged = 0
        keys = list(valid)
        with self._logged_write() as connection:
            now = self._clock()  # after the lock, so log times follow log order
            for part in sql.chunks(keys, ADD_CHUNK):
                existing = _existing(connection, bank, part)
                rows: list[dict[str, Any]] = []
                for key in part:
                    value, entry = valid[key]
                    found = existing.get(key)
                    if found is None:
                        rows.append(
                            {
                                "bank": bank,
                                "signal_type": key[0],
                                "value_key": key[1],
                                "value": value,
                                "negative": entry.negative,
                                "provenance": entry.provenance,
                                "added_at": now,
                                "removed_at": None,
                            }
                        )
                    elif found.removed_at is None:
                        unchanged += 1
                    else:
                        connection.execute(
                            update(bank_entries)
                            .where(bank_entries.c.id == found.id)
                            .values(
                                removed_at=None,
                                added_at=now,
                                negative=entry.negative,
                                provenance=entry.provenance,
                            )
                        )
                        added.append(found.id)
                if rows:  # one executemany, then one read of the new ids
                    connection.execute(insert(bank_entries), rows)
                    fresh = _ids_of(
                        connection, bank, [(r["signal_type"], r["value_key"]) for r in rows]
                    )
                    added.extend(fresh[r["signal_type"], r["value_key"]] for r in rows)
            if added:
                connection.execute(
                    insert(bank_log),
                    [{"entry_id": entry_id, "op": "add", "at": now} for entry_id in added],
                )
        return AddResult(added=added, unchanged=unchanged, errors=errors)

    def remove_entries(self, bank: str, entry_ids: Sequence[int]) -> int:
        """Remove live entries of ``bank`` by id; returns how many were removed."""
        self.get_bank(bank, counts=False)
        removed: list[int] = []
        with self._logged_write() as connection:
            now = self._clock()
            for part in sql.chunks(list(dict.fromkeys(entry_ids))):  # each id once
                live = connection.execute(
                    select(bank_entries.c.id).where(
                        bank_entries.c.bank == bank,
                        bank_entries.c.id.in_(list(part)),
                        bank_entries.c.removed_at.is_(None),
                    )
                )
                removed.extend(row.id for row in live)
            for part in sql.chunks(removed):
                connection.execute(
                    update(bank_entries)
                    .where(bank_entries.c.id.in_(list(part)))
                    .values(removed_at=now)
                )
            if removed:
                connection.execute(
                    insert(bank_log),
                    [{"entry_id": entry_id, "op": "remove", "at": now} for entry_id in removed],
                )
        return len(removed)

    def find_entries(self, bank: str, signal_type: str, value: str) -> list[BankEntry]:
        """The entry for one signal in a bank (live or removed), if any."""
        key = value_key(validate_signal(signal_type, value))
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(bank_entries).where(
                    bank_entries.c.bank == bank,
                    bank_entries.c.signal_type == signal_type,
                    bank_entries.c.value_key == key,
                )
            )
            return [_entry(row) for row in rows]

    def entries(
        self,
        bank: str | None = None,
        *,
        include_removed: bool = False,
        after_id: int = 0,
        signal_types: Sequence[str] | None = None,
    ) -> Iterator[BankEntry]:
        """Entries in id order, page by page (all banks when ``bank`` is None)."""
        while True:
            query = select(bank_entries).where(bank_entries.c.id > after_id)
            if bank is not None:
                query = query.where(bank_entries.c.bank == bank)
            if signal_types is not None:
                query = query.where(bank_entries.c.signal_type.in_(list(signal_types)))
            if not include_removed:
                query = query.where(bank_entries.c.removed_at.is_(None))
            with self._engine.connect() as connection:
                rows = connection.execute(query.order_by(bank_entries.c.id).limit(PAGE)).all()
            yield from (_entry(row) for row in rows)
            if len(rows) < PAGE:
                return
            after_id = rows[-1].id

    def live_signals(
        self, signal_types: Sequence[str]
    ) -> Iterator[list[tuple[int, str, str, str, bool]]]:
        """Pages of (id, bank, signal type, value, negative) of live entries, in id order.

        The lean read that matchers rebuild from: no timestamps, no provenance.
        """
        return self._live_pages(bank_entries.c.signal_type.in_(list(signal_types)))

    def live_videos(self) -> Iterator[list[tuple[int, str, str, str, bool]]]:
        """``live_signals`` of the ``vpdq`` entries, through their own partial index
        (``ix_bank_entries_vpdq``), so reading a few videos does not scan millions of
        photo hashes. The type is written into the SQL: a bound parameter would keep
        SQLite from using a partial index."""
        return self._live_pages(bank_entries.c.signal_type == literal_column(f"'{VPDQ_TYPE}'"))

    def _live_pages(
        self, condition: ColumnElement[bool]
    ) -> Iterator[list[tuple[int, str, str, str, bool]]]:
        after = 0
        while True:
            with self._engine.connect() as connection:
                rows = connection.execute(
                    select(
                        bank_entries.c.id,
                        bank_entries.c.bank,
                        bank_entries.c.signal_type,
                        bank_entries.c.value,
                        bank_entries.c.negative,
                    )
                    .where(
                        bank_entries.c.id > after, bank_entries.c.removed_at.is_(None), condition
                    )
                    .order_by(bank_entries.c.id)
                    .limit(LEAN_PAGE)
                ).all()
            if rows:
                yield [(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]
            if len(rows) < LEAN_PAGE:
                return
            after = rows[-1][0]

    def entries_by_id(self, entry_ids: Sequence[int]) -> dict[int, BankEntry]:
        found: dict[int, BankEntry] = {}
        with self._engine.connect() as connection:
            for part in sql.chunks(list(entry_ids)):
                rows = connection.execute(
                    select(bank_entries).where(bank_entries.c.id.in_(list(part)))
                )
                found.update((row.id, _entry(row)) for row in rows)
        return found

    # -- the change log ------------------------------------------------------------

    def last_log_seq(self) -> int:
        with self._engine.connect() as connection:
            return int(connection.execute(select(func.max(bank_log.c.seq))).scalar() or 0)

    def log_since(self, seq: int, limit: int = PAGE) -> list[tuple[int, int, str]]:
        """(seq, entry id, ``add``/``remove``) after ``seq``, oldest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(bank_log.c.seq, bank_log.c.entry_id, bank_log.c.op)
                .where(bank_log.c.seq > seq)
                .order_by(bank_log.c.seq)
                .limit(limit)
            )
            return [(row.seq, row.entry_id, row.op) for row in rows]

    def log_until(self, seq: int, until: datetime, limit: int = PAGE) -> list[tuple[int, int, str]]:
        """Like ``log_since`` but only changes made at or before ``until``."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(bank_log.c.seq, bank_log.c.entry_id, bank_log.c.op)
                .where(bank_log.c.seq > seq, bank_log.c.at <= until)
                .order_by(bank_log.c.seq)
                .limit(limit)
            )
            return [(row.seq, row.entry_id, row.op) for row in rows]

    # -- small named state (checkpoints, cursors) -------------------------------------

    def get_state(self, key: str) -> str | None:
        with self._engine.connect() as connection:
            return connection.execute(
                select(bank_state.c.value).where(bank_state.c.key == key)
            ).scalar()

    def set_state(self, key: str, value: str) -> None:
        with self._writer.begin() as connection:
            statement = sql.insert_or_update(
                connection,
                bank_state,
                ["key"],
                lambda new: {"value": new.value, "updated_at": new.updated_at},
            )
            connection.execute(statement.values(key=key, value=value, updated_at=self._clock()))

    # -- media seen in posts (hashes only), for the retro-hunt -------------------------

    def record_media_seen(self, rows: Sequence[tuple[str, str, str, int | None]]) -> None:
        """Remember (event id, signal type, value, quality) of media in decided posts."""
        if not rows:
            return
        now = self._clock()
        with self._writer.begin() as connection:
            statement = sql.insert_ignoring(
                connection, media_seen, ["event_id", "signal_type", "value"]
            )
            connection.execute(
                statement,
                [
                    {"event_id": e, "signal_type": t, "value": v, "quality": q, "seen_at": now}
                    for e, t, v, q in rows
                ],
            )

    def media_seen_since(
        self, since: datetime, *, after_id: int = 0, limit: int = PAGE
    ) -> list[tuple[int, str, str, str, int | None]]:
        """(row id, event id, signal type, value, quality) seen at or after ``since``."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(media_seen)
                .where(media_seen.c.seen_at >= since, media_seen.c.id > after_id)
                .order_by(media_seen.c.id)
                .limit(limit)
            )
            return [(r.id, r.event_id, r.signal_type, r.value, r.quality) for r in rows]

    def media_seen_of(self, event_id: str) -> list[tuple[str, str, int | None]]:
        """(signal type, value, quality) recorded for one post's media."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(media_seen.c.signal_type, media_seen.c.value, media_seen.c.quality)
                .where(media_seen.c.event_id == event_id)
                .order_by(media_seen.c.id)
            )
            return [(row.signal_type, row.value, row.quality) for row in rows]

    def posts_since(
        self, since: datetime, *, after_seq: int = 0, limit: int = PAGE
    ) -> list[tuple[int, PostEvent]]:
        """(seq, post) of posts received at or after ``since``, in receive order."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(events.c.seq, events.c.payload)
                .where(
                    events.c.kind == "post",
                    events.c.seq > after_seq,
                    events.c.received_at >= since,
                )
                .order_by(events.c.seq)
                .limit(limit)
            ).all()
        posts = codec.load_events([row.payload for row in rows])
        return [
            (row.seq, post)
            for row, post in zip(rows, posts, strict=True)
            if isinstance(post, PostEvent)
        ]

    # -- preserved media ---------------------------------------------------------------

    def keep_media(self, items: Sequence[tuple[str, bytes, str]]) -> int:
        """Store (sha256, bytes, first event id) for evidence; known digests are skipped."""
        if not items:
            return 0
        now = self._clock()
        with self._writer.begin() as connection:
            statement = sql.insert_ignoring(connection, media_evidence, ["sha256"]).returning(
                media_evidence.c.sha256
            )  # RETURNING, not rowcount: psycopg's executemany rowcount is not the insert count
            result = connection.execute(
                statement,
                [
                    {
                        "sha256": digest,
                        "content": content,
                        "first_event_id": event,
                        "stored_at": now,
                    }
                    for digest, content, event in items
                ],
            )
            return len(result.all())

    def preserved_media(self, sha256: str) -> bytes | None:
        with self._engine.connect() as connection:
            content = connection.execute(
                select(media_evidence.c.content).where(media_evidence.c.sha256 == sha256)
            ).scalar()
            return bytes(content) if content is not None else None


def _check_settings(pdq_max_distance: int, pdq_min_quality: int, text_min_score: float) -> None:
    if not 0 <= pdq_max_distance <= MAX_PDQ_DISTANCE:
        raise BankError(f"pdq_max_distance must be 0-{MAX_PDQ_DISTANCE}, not {pdq_max_distance}")
    if not 0 <= pdq_min_quality <= 100:
        raise BankError(f"pdq_min_quality must be 0-100, not {pdq_min_quality}")
    if not MIN_SCORE <= text_min_score <= 1.0:
        raise BankError(f"text_min_score must be in [{MIN_SCORE}, 1], not {text_min_score}")


def _rows_by_key(
    connection: Connection,
    bank: str,
    keys: Sequence[tuple[str, str]],
    columns: Sequence[ColumnElement[Any]],
) -> Iterator[Row[Any]]:
    """``columns`` of the stored entries (live or removed) of one bank for (type, key) pairs.

    One query per signal type, naming all three columns of the unique index so it is
    used; the rows carry ``signal_type`` and ``value_key`` besides ``columns``.
    """
    by_type: dict[str, list[str]] = {}
    for signal_type, key in keys:
        by_type.setdefault(signal_type, []).append(key)
    for signal_type, values in by_type.items():
        yield from connection.execute(
            select(bank_entries.c.signal_type, bank_entries.c.value_key, *columns).where(
                bank_entries.c.bank == bank,
                bank_entries.c.signal_type == signal_type,
                bank_entries.c.value_key.in_(values),
            )
        )


def _existing(
    connection: Connection, bank: str, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], BankEntry]:
    """Stored entries (live or removed) for (signal type, value key) pairs of one bank."""
    rows = _rows_by_key(connection, bank, keys, list(bank_entries.c))
    return {(row.signal_type, row.value_key): _entry(row) for row in rows}


def _ids_of(
    connection: Connection, bank: str, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """Entry ids for (signal type, value key) pairs of one bank (a lean ``_existing``)."""
    rows = _rows_by_key(connection, bank, keys, [bank_entries.c.id])
    return {(row.signal_type, row.value_key): row.id for row in rows}


def _entry_counts(connection: Connection, name: str | None = None) -> dict[str, tuple[int, int]]:
    query = (
        select(
            bank_entries.c.bank,
            func.count(),
            func.sum(bank_entries.c.negative.cast(Integer)),
        )
        .where(bank_entries.c.removed_at.is_(None))
        .group_by(bank_entries.c.bank)
    )
    if name is not None:
        query = query.where(bank_entries.c.bank == name)
    return {row[0]: (int(row[1]), int(row[2] or 0)) for row in connection.execute(query)}


def _bank(row: Row[Any], counts: dict[str, tuple[int, int]]) -> BankInfo:
    total, negatives = counts.get(row.name, (0, 0))
    return BankInfo(
        name=row.name,
        description=row.description,
        label=row.label,
        enabled=bool(row.enabled),
        pdq_max_distance=row.pdq_max_distance,
        pdq_min_quality=row.pdq_min_quality,
        text_min_score=row.text_min_score,
        created_at=row.created_at,
        entries=total,
        negatives=negatives,
    )
