"""Which bank each media entry belongs to, its type and negative flag, for millions of entries.

A matcher needs, for every hit, the entry's bank (for its thresholds and whether it is
enabled) and whether the entry is a negative one. At 10M entries a Python object per
entry would cost gigabytes and tens of seconds to load, so the bulk lives in sorted
numpy arrays (looked up by binary search, saved and loaded as ``.npy``) and only
entries added or changed since the last build sit in a small dictionary on top.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class EntryInfo:
    bank: str
    signal_type: str
    negative: bool


class EntryTable:
    """Entry id → (bank, signal type, negative), arrays plus a small overlay."""

    def __init__(
        self,
        ids: NDArray[np.int64] | None = None,
        codes: NDArray[np.int32] | None = None,
        banks: list[str] | None = None,
        types: list[str] | None = None,
    ) -> None:
        self._ids = ids if ids is not None else np.zeros(0, dtype=np.int64)
        self._codes = codes if codes is not None else np.zeros((0, 3), dtype=np.int32)
        self._banks = banks or []
        self._types = types or []
        self._overlay: dict[int, EntryInfo] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str, str, bool]]) -> EntryTable:
        """Build from (id, bank, signal type, negative) in ascending id order."""
        banks: dict[str, int] = {}
        types: dict[str, int] = {}
        ids: list[int] = []
        codes: list[tuple[int, int, int]] = []
        for entry_id, bank, signal_type, negative in rows:
            ids.append(entry_id)
            codes.append(
                (
                    banks.setdefault(bank, len(banks)),
                    types.setdefault(signal_type, len(types)),
                    int(negative),
                )
            )
        id_array = np.array(ids, dtype=np.int64)
        if len(id_array) > 1 and not np.all(id_array[1:] > id_array[:-1]):
            raise ValueError("entry ids must be strictly ascending")
        return cls(
            id_array,
            np.array(codes, dtype=np.int32).reshape(-1, 3),
            list(banks),
            list(types),
        )

    def __len__(self) -> int:
        return len(self._ids) + sum(1 for entry_id in self._overlay if not self._in_base(entry_id))

    def _position(self, entry_id: int) -> int:
        position = int(np.searchsorted(self._ids, entry_id))
        if position < len(self._ids) and int(self._ids[position]) == entry_id:
            return position
        return -1

    def _in_base(self, entry_id: int) -> bool:
        return self._position(entry_id) >= 0

    def __contains__(self, entry_id: object) -> bool:
        if not isinstance(entry_id, int):
            return False
        return entry_id in self._overlay or self._in_base(entry_id)

    def get(self, entry_id: int) -> EntryInfo | None:
        found = self._overlay.get(entry_id)
        if found is not None:
            return found
        position = self._position(entry_id)
        if position < 0:
            return None
        bank, signal_type, negative = self._codes[position].tolist()
        return EntryInfo(self._banks[bank], self._types[signal_type], bool(negative))

    def put(self, entry_id: int, info: EntryInfo) -> None:
        """Add an entry or change one (e.g. revived with another negative flag)."""
        self._overlay[entry_id] = info

    # -- persistence -----------------------------------------------------------------

    def save(self, folder: Path) -> None:
        merged = self.merged()
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "entry_ids.npy", merged._ids)
        np.save(folder / "entry_codes.npy", merged._codes)
        (folder / "entry_names.txt").write_text(
            "\n".join(["\t".join(merged._banks), "\t".join(merged._types)]), encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path) -> EntryTable:
        ids: NDArray[np.int64] = np.load(folder / "entry_ids.npy")
        codes: NDArray[np.int32] = np.load(folder / "entry_codes.npy")
        bank_line, type_line = (folder / "entry_names.txt").read_text("utf-8").split("\n")
        banks = bank_line.split("\t") if bank_line else []
        types = type_line.split("\t") if type_line else []
        if codes.shape != (len(ids), 3):
            raise ValueError(f"entry table in {folder} is damaged: sizes disagree")
        return cls(ids, codes, banks, types)

    def merged(self) -> EntryTable:
        """One table with the overlay folded into the arrays."""
        if not self._overlay:
            return self
        rows: dict[int, tuple[str, str, bool]] = {}
        for position, entry_id in enumerate(self._ids.tolist()):
            bank, signal_type, negative = self._codes[position].tolist()
            rows[entry_id] = (self._banks[bank], self._types[signal_type], bool(negative))
        for entry_id, info in self._overlay.items():
            rows[entry_id] = (info.bank, info.signal_type, info.negative)
        return EntryTable.from_rows((i, *rows[i]) for i in sorted(rows))
