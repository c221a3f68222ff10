"""Reading the public sets' CSV/TSV files, and the one place a raw row becomes an ``Example``.

Shared by the per-set readers (``classifier_sources`` for the threat-labelled sets,
``classifier_sources_context`` for the others) so header clean-up, BOM handling and
the rule "drop rows with no words or no label" are written once.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from classifier_example import Example, Substitution, clean_text, has_content

csv.field_size_limit(sys.maxsize)

# A reader yields None for a row it drops (no words, or no label at all).
Reader = Callable[[Path], Iterator[Example | None]]


def read_rows(path: Path, delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def read_dicts(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    """Rows keyed by header name with surrounding spaces removed from the names."""
    rows = read_rows(path, delimiter)
    header = [name.strip() for name in rows[0]]
    return [dict(zip(header, (cell or "" for cell in row), strict=False)) for row in rows[1:]]


def make_example(
    text: str,
    lang: str,
    source: str,
    *,
    threat: int | None,
    extremism: int | None,
    kind: str = "",
    author: str | None = None,
    extra: Iterable[Substitution] = (),
) -> Example | None:
    cleaned = clean_text(text, extra)
    if not has_content(cleaned) or (threat is None and extremism is None and not kind):
        return None
    return Example(cleaned, lang, source, author, threat, extremism, kind)
