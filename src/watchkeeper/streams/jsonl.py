"""Read JSON Lines (events, posts to score, accounts), never giving up on the whole file.

A malformed line is reported with its line number and the field that is wrong, and
the lines after it are still read: one bad record from a platform must not hold back
the thousand good ones beside it. Every command that reads JSONL reads it here, so
they all report bad lines the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError

from watchkeeper.model import EVENT_ADAPTER, Event
from watchkeeper.streams.errors import describe_validation_error

MAX_LINE_BYTES = 1_000_000
"""Longest event line we accept (a post's text is at most 100,000 characters)."""

T = TypeVar("T")


@dataclass(frozen=True)
class LineError:
    """A line that could not be read."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def read_jsonl(
    lines: Iterable[bytes | str],
    parse: Callable[[bytes | str], T],
    *,
    max_bytes: int | None = None,
) -> Iterator[tuple[int, T | LineError]]:
    """Yield ``(line_number, parsed or error)`` for every non-blank line.

    ``parse`` is a pydantic ``validate_json``; its errors become ``LineError`` lines
    naming the field. Lines over ``max_bytes`` are refused without being parsed.
    """
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if max_bytes is not None and len(raw) > max_bytes:
            yield number, LineError(number, f"line is longer than {max_bytes} bytes")
            continue
        try:
            yield number, parse(raw)
        except ValidationError as error:
            yield number, LineError(number, describe_validation_error(error))


def read_events(lines: Iterable[bytes | str]) -> Iterator[tuple[int, Event | LineError]]:
    """Yield ``(line_number, event or error)`` for every non-blank line."""
    return read_jsonl(lines, EVENT_ADAPTER.validate_json, max_bytes=MAX_LINE_BYTES)


def in_batches(
    items: Iterable[tuple[int, T | LineError]],
    size: int,
    on_error: Callable[[LineError], None],
    on_batch: Callable[[], None] = lambda: None,
) -> Iterator[list[T]]:
    """The good items of ``read_jsonl`` in lists of ``size`` (the last may be shorter).

    Each bad line goes to ``on_error`` as it is met; ``on_batch`` runs after each full
    batch is taken (a progress bar's update, say).
    """
    batch: list[T] = []
    for _, item in items:
        if isinstance(item, LineError):
            on_error(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
            on_batch()
    if batch:
        yield batch
