"""Keeping a process's view of the banks current: bank settings and the change log.

Every process that matches against banks (``serve``'s worker, each ``consume``, a
``scan``) holds the entries in memory. New entries must become matchable within a
minute of arriving, wherever they arrived (CLI, HTTP, an exchange fetch in another
process), so each matcher follows the store's ``bank_log`` by sequence number and
applies adds and removes as they come; bank settings (enabled, thresholds) are
re-read on the same beat. The follower is shared by the media and the text matchers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from watchkeeper.banks.repository import BankEntry, BankInfo, BankRepository

DEFAULT_REFRESH_SECONDS = 5.0


@dataclass
class Changes:
    """Entries added (live now) and ids removed since the last refresh."""

    added: list[BankEntry] = field(default_factory=list)
    removed: set[int] = field(default_factory=set)


class BankFollower:
    """Tracks bank settings and the change log position for one matcher."""

    def __init__(
        self,
        repository: BankRepository,
        *,
        refresh_seconds: float = DEFAULT_REFRESH_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.repository = repository
        self.refresh_seconds = refresh_seconds
        self._monotonic = monotonic
        self.log_seq = 0
        self.banks: dict[str, BankInfo] = {}
        self._last_refresh = float("-inf")

    def start(self) -> int:
        """Read bank settings and the log position; returns the position."""
        self._read_settings()
        self.log_seq = self.repository.last_log_seq()
        return self.log_seq

    def _read_settings(self) -> None:
        self.banks = {bank.name: bank for bank in self.repository.list_banks(counts=False)}
        self._last_refresh = self._monotonic()

    def due(self) -> bool:
        return self._monotonic() - self._last_refresh >= self.refresh_seconds

    def changes(self, signal_types: frozenset[str]) -> Changes:
        """Adds and removes of ``signal_types`` since the last call, and fresh settings."""
        self._read_settings()
        found = Changes()
        added_ids: list[int] = []
        while rows := self.repository.log_since(self.log_seq):
            for seq, entry_id, op in rows:
                self.log_seq = seq
                if op == "add":
                    added_ids.append(entry_id)
                    found.removed.discard(entry_id)
                else:
                    found.removed.add(entry_id)
        if added_ids:
            entries = self.repository.entries_by_id(added_ids)
            for entry_id in dict.fromkeys(added_ids):
                entry = entries.get(entry_id)
                if entry is None or entry.signal_type not in signal_types:
                    continue
                if entry.removed_at is None and entry_id not in found.removed:
                    found.added.append(entry)
        return found

    def usable(self, bank: str) -> BankInfo | None:
        """The bank's settings if it exists and is enabled."""
        info = self.banks.get(bank)
        return info if info is not None and info.enabled else None
