"""The schema's guarantees: aware UTC timestamps and an audit log nobody can rewrite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError, StatementError

from watchkeeper.store.repository import Store
from watchkeeper.store.tables import audit_log

from .support import T0

PLUS_FIVE = timezone(timedelta(hours=5, minutes=30))


def test_timestamps_come_back_aware_in_utc_and_equal_to_what_went_in(store: Store) -> None:
    instants = [
        T0,
        datetime(2024, 1, 1, 3, 0, 0, 123456, tzinfo=PLUS_FIVE),
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-8))),
    ]
    with store.engine.begin() as connection:
        for at in instants:
            connection.execute(
                insert(audit_log).values(at=at, kind="t", event_id=None, detail="{}")
            )
    with store.engine.connect() as connection:
        back = connection.execute(select(audit_log.c.at).order_by(audit_log.c.id)).scalars().all()
    assert back == instants
    assert all(value.tzinfo is UTC for value in back)


def test_timestamps_compare_as_instants_whatever_zone_they_were_given_in(store: Store) -> None:
    early = datetime(2024, 1, 1, 10, 0, tzinfo=PLUS_FIVE)  # 04:30 UTC
    late = datetime(2024, 1, 1, 5, 0, tzinfo=UTC)
    with store.engine.begin() as connection:
        connection.execute(insert(audit_log).values(at=late, kind="late", detail="{}"))
        connection.execute(insert(audit_log).values(at=early, kind="early", detail="{}"))
    with store.engine.connect() as connection:
        kinds = connection.execute(select(audit_log.c.kind).order_by(audit_log.c.at)).scalars()
        assert list(kinds) == ["early", "late"]
        before = connection.execute(
            select(audit_log.c.kind).where(audit_log.c.at < datetime(2024, 1, 1, 4, 45, tzinfo=UTC))
        ).scalars()
        assert list(before) == ["early"]


def test_a_naive_timestamp_is_refused(store: Store) -> None:
    with pytest.raises(StatementError, match="naive datetime"), store.engine.begin() as connection:
        connection.execute(insert(audit_log).values(at=datetime(2024, 1, 1), kind="t", detail="{}"))


def test_the_audit_log_refuses_update_and_delete(store: Store) -> None:
    store.append_audit("note", "e-1", {"said": "first"})
    with pytest.raises(IntegrityError, match="append-only"), store.engine.begin() as connection:
        connection.execute(update(audit_log).values(kind="rewritten"))
    with pytest.raises(IntegrityError, match="append-only"), store.engine.begin() as connection:
        connection.execute(delete(audit_log))
    with pytest.raises(IntegrityError, match="append-only"), store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = 1"))
    entries = store.audit_entries()
    assert [(e.kind, e.detail) for e in entries] == [("note", {"said": "first"})]


@pytest.mark.postgres
def test_the_audit_log_refuses_truncate_on_postgresql(postgres_store: Store) -> None:
    store = postgres_store
    store.append_audit("note", None, {})
    with pytest.raises(IntegrityError, match="append-only"), store.engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_log"))
    assert len(store.audit_entries()) == 1
