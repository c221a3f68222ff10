"""String edits that remember, for every output character, which input characters it came from.

A detector matches folded text, but a moderator must see the words as written, so a
match has to be mapped back. These are the folding steps again, each carrying two
offset lists (``starts``/``ends``: the original span of every current character).
They run only when something was found, but a hit in a long post must stay cheap,
so ASCII stretches are handled a whole slice at a time and only the other characters
one by one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

Tracked = tuple[str, list[int], list[int]]

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def map_chars(text: str, table: Mapping[int, str], mark_joins: bool = False) -> Tracked:
    """Apply a per-character ``table`` to the non-ASCII characters of ``text``.

    ASCII characters are kept (the tables map them to themselves). With
    ``mark_joins``, a combining mark that maps to nothing widens the span of the
    character before it, so an accent stays inside the evidence for its letter.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for run in _NON_ASCII_RUN.finditer(text):
        chars.append(text[position : run.start()])
        starts += range(position, run.start())
        ends += range(position + 1, run.start() + 1)
        for index in range(run.start(), run.end()):
            piece = table[ord(text[index])]
            chars.append(piece)
            starts += [index] * len(piece)
            ends += [index + 1] * len(piece)
            if (
                not piece
                and mark_joins
                and ends
                and ends[-1] == index
                and unicodedata.category(text[index]).startswith("M")
            ):
                ends[-1] = index + 1  # the accent of the letter before it
        position = run.end()
    chars.append(text[position:])
    starts += range(position, len(text))
    ends += range(position + 1, len(text) + 1)
    return "".join(chars), starts, ends


def lower_then_map(
    text: str, starts: list[int], ends: list[int], table: Mapping[int, str]
) -> Tracked:
    """``text.lower()``, then ``table`` on the non-ASCII characters that result."""
    chars: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    position = 0
    for run in _NON_ASCII_RUN.finditer(text):
        chars.append(text[position : run.start()].lower())
        new_starts += starts[position : run.start()]
        new_ends += ends[position : run.start()]
        for index in range(run.start(), run.end()):
            for low in text[index].lower():
                piece = low if low.isascii() else table[ord(low)]
                chars.append(piece)
                new_starts += [starts[index]] * len(piece)
                new_ends += [ends[index]] * len(piece)
        position = run.end()
    chars.append(text[position:].lower())
    new_starts += starts[position:]
    new_ends += ends[position:]
    return "".join(chars), new_starts, new_ends


def replace(pattern: re.Pattern[str], text: str, starts: list[int], ends: list[int]) -> Tracked:
    """``pattern.sub(" ", text)``: each match becomes one space spanning the match."""
    parts: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(text[last : match.start()])
        new_starts += starts[last : match.start()]
        new_ends += ends[last : match.start()]
        parts.append(" ")
        new_starts.append(starts[match.start()])
        new_ends.append(ends[match.end() - 1])
        last = match.end()
    parts.append(text[last:])
    new_starts += starts[last:]
    new_ends += ends[last:]
    return "".join(parts), new_starts, new_ends


def strip_spaces(text: str, starts: list[int], ends: list[int]) -> Tracked:
    """Drop one leading and one trailing space (what is left after collapsing runs)."""
    if text.startswith(" "):
        text, starts, ends = text[1:], starts[1:], ends[1:]
    if text.endswith(" "):
        text, starts, ends = text[:-1], starts[:-1], ends[:-1]
    return text, starts, ends
