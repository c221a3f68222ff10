"""JSON columns: one encoding for both backends, refused when a column holds the wrong shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from watchkeeper.store import codec

from .support import post, posts


def test_json_is_compact_and_dates_are_iso_8601() -> None:
    value = {"a": [1, "b"], "at": datetime(2024, 5, 1, 12, tzinfo=UTC)}
    text = codec.dump_json(value)
    assert text == '{"a":[1,"b"],"at":"2024-05-01T12:00:00Z"}'
    assert codec.load_object(text) == {"a": [1, "b"], "at": "2024-05-01T12:00:00Z"}


def test_a_column_that_must_hold_an_object_refuses_anything_else() -> None:
    with pytest.raises(ValueError, match="expected a JSON object, found list"):
        codec.load_object("[1, 2]")


def test_many_events_parse_in_one_call_and_keep_their_order() -> None:
    batch = [*posts(3), post(7, author="zed")]
    assert codec.load_events([e.model_dump_json() for e in batch]) == batch
    assert codec.load_events([]) == []
