"""Read events from JSON Lines, one event per line, never giving up on the whole file.

A malformed line is reported with its line number and the field that is wrong, and
the lines after it are still read: one bad record from a platform must not hold back
the thousand good ones beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import ValidationError

from watchkeeper.model import EVENT_ADAPTER, Event
from watchkeeper.streams.errors import describe_validation_error

MAX_LINE_BYTES = 1_000_000


@dataclass(frozen=True)
class LineError:
    """A line that could not be read as an event."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def read_events(lines: Iterable[bytes | str]) -> Iterator[tuple[int, Event | LineError]]:
    """Yield ``(line_number, event or error)`` for every non-blank line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_BYTES:
            yield number, LineError(number, f"line is longer than {MAX_LINE_BYTES} bytes")
            continue
        try:
            yield number, EVENT_ADAPTER.validate_json(raw)
        except ValidationError as error:
            yield number, LineError(number, describe_validation_error(error))
