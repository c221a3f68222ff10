"""How the file commands report a bad input line: ``FILE:LINE: field: problem``, counted.

``scan``, ``score`` and ``evasion`` all skip a bad line, print it in that form (other
tools and people grep for it) and exit 1 when there was any; one reporter keeps the
form and the count the same for all three.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from watchkeeper.streams.jsonl import LineError


class BadLines:
    """Print each ``LineError`` of ``source`` on ``console`` and count them."""

    def __init__(self, source: Path, console: Console) -> None:
        self.source = source
        self.console = console
        self.count = 0

    def __call__(self, error: LineError) -> None:
        self.count += 1
        self.console.print(
            f"{self.source}:{error.line}: {error.message}", highlight=False, markup=False
        )
