"""What the store knows about accounts: read before judging, updated after.

A policy needs an author's history (age, strikes, suspension) to judge a post, and
every decision can teach us something new about an account. Reads happen once per
batch for every account the batch involves; updates are merged per account and
applied as one upsert, in account-id order, so two workers updating the same
accounts on PostgreSQL lock them in the same order and never deadlock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, select, update

from watchkeeper.model import AccountContext, Event, author_of
from watchkeeper.store import codec, sql
from watchkeeper.store.records import AccountChange
from watchkeeper.store.tables import accounts

# Built once: an expanding parameter binds the whole list without a clause per value.
_BY_ID = select(accounts).where(accounts.c.id.in_(bindparam("ids", expanding=True)))
_SET_SUSPENDED = (
    update(accounts).where(accounts.c.id == bindparam("aid")).values(suspended=bindparam("flag"))
)


def accounts_of(batch: Iterable[Event]) -> list[str]:
    """Every account a batch's judgement may need, in first-seen order."""
    seen: dict[str, None] = {}
    for event in batch:
        account_id = author_of(event)
        if account_id is not None:
            seen.setdefault(account_id, None)
    return list(seen)


def load_accounts(connection: Connection, account_ids: Sequence[str]) -> dict[str, AccountContext]:
    """What is stored about each account; an unknown account gets a blank context.

    Every requested id is in the result, so a judge may index it directly; a blank
    context (no creation time, no strikes, not suspended) is how "never seen" looks.
    """
    found: dict[str, AccountContext] = {}
    for part in sql.chunks(account_ids):
        for row in connection.execute(_BY_ID, {"ids": list(part)}):
            found[row.id] = codec.account_from_row(row)
    return {aid: found.get(aid) or AccountContext(account_id=aid) for aid in account_ids}


@dataclass
class _Merged:
    created_at: datetime | None = None
    strikes_delta: int = 0
    suspended: bool | None = None


def merge_changes(changes: Iterable[AccountChange]) -> dict[str, _Merged]:
    """One change per account: the first creation time, deltas summed, last suspension wins."""
    merged: dict[str, _Merged] = {}
    for change in changes:
        m = merged.setdefault(change.account_id, _Merged())
        if m.created_at is None:
            m.created_at = change.created_at
        m.strikes_delta += change.strikes_delta
        if change.suspended is not None:
            m.suspended = change.suspended
    return merged


def apply_account_changes(
    connection: Connection, changes: Iterable[AccountChange], now: datetime
) -> None:
    """Upsert accounts: creation time if unknown, strikes added, suspension if given."""
    merged = merge_changes(changes)
    if not merged:
        return
    order = sorted(merged)
    statement = sql.insert_or_update(
        connection,
        accounts,
        ["id"],
        lambda excluded: {
            "created_at": func.coalesce(accounts.c.created_at, excluded.created_at),
            "strikes": accounts.c.strikes + excluded.strikes,
            "updated_at": excluded.updated_at,
        },
    )
    connection.execute(
        statement,
        [
            {
                "id": aid,
                "created_at": merged[aid].created_at,
                "strikes": merged[aid].strikes_delta,
                "suspended": bool(merged[aid].suspended),
                "updated_at": now,
            }
            for aid in order
        ],
    )
    # A suspension given as None must leave the stored flag alone, which one upsert
    # cannot say per row; the rows are already locked by the upsert, so this never waits.
    flags = [
        {"aid": aid, "flag": merged[aid].suspended}
        for aid in order
        if merged[aid].suspended is not None
    ]
    if flags:
        connection.execute(_SET_SUSPENDED, flags)
