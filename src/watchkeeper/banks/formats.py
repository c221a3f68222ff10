"""Bank import/export files: threatexchange's simple signal file, and our JSONL.

Operators move hash lists between tools as files: python-threatexchange's simple signal
file (``<signal_type> <signal>`` per line, what ``LocalFileSignalExchangeAPI`` reads,
``.te``/``.txt``) and our JSONL, which also carries each entry's provenance and whether
it is a *negative* (a known false positive that must never match). A hash list from
outside is messy, so a bad line is reported with its number and the rest still imported.

Values go through ``signals.validate_signal`` (threatexchange's ``validate_signal_str``
after lowercasing hex), as the repository's and the exchanges' do, so a file line is
refused with the same words as an API call and ``ABC…`` and ``abc…`` are one entry.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from watchkeeper.banks.signals import validate_signal

FileFormat = Literal["te", "jsonl"]

_JSONL_FIELDS = frozenset({"signal_type", "value", "negative", "provenance"})
_EXTENSIONS: dict[str, FileFormat] = {".te": "te", ".txt": "te", ".jsonl": "jsonl"}


@dataclass(frozen=True)
class BankFileEntry:
    """One line of a bank file: a normalized signal, whether it is negative, where from."""

    signal_type: str
    value: str
    negative: bool = False
    provenance: str = ""


def guess_format(path: str | os.PathLike[str]) -> FileFormat:
    """``te`` for ``.te``/``.txt``, ``jsonl`` for ``.jsonl``; ValueError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in _EXTENSIONS:
        raise ValueError(
            f"cannot tell the format of {os.fspath(path)!r} from its extension; "
            "name it .te, .txt or .jsonl, or pass fmt='te' or fmt='jsonl'"
        )
    return _EXTENSIONS[suffix]


def read_entries(
    path: str | os.PathLike[str], fmt: FileFormat | None = None
) -> tuple[list[BankFileEntry], list[str]]:
    """Parse a bank file: the good entries, and one ``"line N: …"`` message per bad line.

    Blank lines and, in the te format, lines starting with ``#`` are skipped.
    """
    fmt = fmt or guess_format(path)
    parse = _parse_te_line if fmt == "te" else _parse_jsonl_line
    entries: list[BankFileEntry] = []
    errors: list[str] = []
    for number, raw in enumerate(Path(path).read_bytes().splitlines(), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(f"line {number}: not valid UTF-8")
            continue
        if not line.strip() or (fmt == "te" and line.lstrip().startswith("#")):
            continue
        try:
            entries.append(parse(line))
        except ValueError as exc:
            errors.append(f"line {number}: {exc}")
    return entries, errors


def write_entries(
    path: str | os.PathLike[str], entries: Iterable[BankFileEntry], fmt: FileFormat | None = None
) -> None:
    """Write ``entries`` (normalized) to ``path``, replacing it atomically.

    The te format has no room for provenance or the negative flag, so a negative entry
    raises ValueError rather than coming back, on import, as a positive.
    """
    fmt = fmt or guess_format(path)
    lines = [_te_line(e) if fmt == "te" else _jsonl_line(e) for e in entries]
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(lines)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _parse_te_line(line: str) -> BankFileEntry:
    parts = line.strip().split(maxsplit=1)
    if len(parts) != 2:
        raise ValueError("expected '<signal_type> <signal>'")
    signal_type, value = parts
    return BankFileEntry(signal_type, validate_signal(signal_type, value))


def _parse_jsonl_line(line: str) -> BankFileEntry:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    unknown = sorted(set(record) - _JSONL_FIELDS)
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}")
    signal_type = record.get("signal_type")
    value = record.get("value")
    negative = record.get("negative", False)
    provenance = record.get("provenance", "")
    if not isinstance(signal_type, str):
        raise ValueError("'signal_type' must be a string")
    if not isinstance(value, str):
        raise ValueError("'value' must be a string")
    if not isinstance(negative, bool):
        raise ValueError("'negative' must be true or false")
    if not isinstance(provenance, str):
        raise ValueError("'provenance' must be a string")
    return BankFileEntry(signal_type, validate_signal(signal_type, value), negative, provenance)


def _te_line(entry: BankFileEntry) -> str:
    value = validate_signal(entry.signal_type, entry.value)
    if entry.negative:
        raise ValueError(
            f"{entry.signal_type} {value[:40]!r} is negative; the te format cannot say so "
            "(use jsonl)"
        )
    if "\n" in value or "\r" in value:
        raise ValueError(f"{entry.signal_type} {value[:40]!r} spans lines; use jsonl")
    return f"{entry.signal_type} {value}\n"


def _jsonl_line(entry: BankFileEntry) -> str:
    record = {
        "signal_type": entry.signal_type,
        "value": validate_signal(entry.signal_type, entry.value),
        "negative": entry.negative,
        "provenance": entry.provenance,
    }
    return json.dumps(record, ensure_ascii=False) + "\n"
