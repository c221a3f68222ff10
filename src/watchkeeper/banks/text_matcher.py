"""The text side of the banks for one process: known propaganda statements, kept current.

Text banks are small next to media banks (statements, not millions of photos), so the
index is rebuilt from the store at start and then follows the change log like the
media matcher. Entries too short to match safely are skipped with a log line (the
repository keeps them; only matching ignores them). Negative entries suppress a
post's matches, as for media.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from watchkeeper.banks.follower import BankFollower
from watchkeeper.banks.repository import BankEntry, BankRepository
from watchkeeper.banks.text_index import TextBankIndex

log = logging.getLogger(__name__)

TEXT_TYPES = frozenset({"raw_text"})


@dataclass(frozen=True)
class TextBankMatch:
    """A bank entry a post contains, with the matching span of the post."""

    entry_id: int
    bank: str
    score: float
    start: int
    end: int
    negative: bool


class TextMatcher:
    """Loads raw_text entries, follows bank changes, matches posts."""

    def __init__(self, repository: BankRepository) -> None:
        self.repository = repository
        self.follower = BankFollower(repository)
        self.index = TextBankIndex()
        self._entries: dict[int, tuple[str, bool]] = {}
        self.skipped = 0

    def __len__(self) -> int:
        return len(self._entries)

    def start(self) -> None:
        self.follower.start()
        self.index = TextBankIndex()
        self._entries = {}
        for entry in self.repository.entries(signal_types=sorted(TEXT_TYPES)):
            self._add(entry)

    def refresh_if_due(self) -> None:
        if not self.follower.due():
            return
        changes = self.follower.changes(TEXT_TYPES)
        for entry_id in changes.removed:
            if self._entries.pop(entry_id, None) is not None:
                self.index.remove(entry_id)
        for entry in changes.added:
            if entry.id in self._entries:
                self._entries[entry.id] = (entry.bank, entry.negative)
            else:
                self._add(entry)

    def _add(self, entry: BankEntry) -> None:
        try:
            self.index.add(entry.id, entry.value)
        except ValueError as error:
            self.skipped += 1
            log.info("text bank entry %d not matched: %s", entry.id, error)
            return
        self._entries[entry.id] = (entry.bank, entry.negative)

    def match(self, texts: Sequence[str]) -> list[list[TextBankMatch]]:
        """Matches per text at each bank's own minimum score, enabled banks only."""
        if not self._entries:
            return [[] for _ in texts]
        results: list[list[TextBankMatch]] = []
        for found in self.index.query_many(texts):
            kept: list[TextBankMatch] = []
            for match in found:
                known = self._entries.get(match.entry_id)
                if known is None:
                    continue
                bank = self.follower.usable(known[0])
                if bank is None or match.score < bank.text_min_score:
                    continue
                kept.append(
                    TextBankMatch(
                        match.entry_id, known[0], match.score, match.start, match.end, known[1]
                    )
                )
            results.append(kept)
        return results
