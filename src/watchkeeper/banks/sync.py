"""Moving entries between banks and the outside: files in and out, exchanges fetched.

The CLI and the HTTP API both call these, so an import behaves the same whichever way
it arrives: bad lines are reported by line number and the rest are added. An exchange
fetch applies each delta and stores the exchange's checkpoint right after it, so an
interrupted fetch resumes where it stopped and never applies a delta twice in a way
that matters (adds and removes are idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from watchkeeper.banks.exchange_config import ExchangeConfig
from watchkeeper.banks.exchanges import fetch_updates
from watchkeeper.banks.formats import BankFileEntry, FileFormat, read_entries, write_entries
from watchkeeper.banks.photo_variants import hashes_with_variants
from watchkeeper.banks.repository import BankRepository, NewEntry

CHECKPOINT_PREFIX = "exchange:"


@dataclass
class SyncResult:
    """What an import or a fetch changed."""

    added: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: list[str] = field(default_factory=list)


def import_file(
    repository: BankRepository,
    bank: str,
    path: Path,
    fmt: FileFormat | None = None,
    provenance: str | None = None,
) -> SyncResult:
    """Add a file's entries to ``bank``; unreadable lines are reported, the rest added."""
    repository.get_bank(bank, counts=False)
    entries, errors = read_entries(path, fmt)
    default = provenance or f"file:{path.name}"
    added = repository.add_entries(
        bank,
        [
            NewEntry(entry.signal_type, entry.value, entry.negative, entry.provenance or default)
            for entry in entries
        ],
    )
    return SyncResult(len(added.added), added.unchanged, 0, errors + added.errors)


def entries_from_media(data: bytes, negative: bool, provenance: str) -> list[NewEntry]:
    """Bank entries for a media file we hold: MD5, SHA-256, PDQ and its region variants.

    The region variants (``photo_variants.BANK_REGIONS``) are what lets a cropped or
    captioned copy of the photo match; their provenance names the region.
    """
    hashes, variants = hashes_with_variants(data, "bank")
    entries = [
        NewEntry("video_md5", hashes.md5, negative, provenance),
        NewEntry("video_sha256", hashes.sha256, negative, provenance),
    ]
    if hashes.pdq is not None:
        entries.append(NewEntry("pdq", hashes.pdq, negative, provenance))
        entries += [
            NewEntry("pdq", pdq, negative, f"{provenance} (region {name})")
            for name, pdq, _ in variants
        ]
    return entries


def export_file(
    repository: BankRepository, bank: str, path: Path, fmt: FileFormat | None = None
) -> int:
    """Write ``bank``'s live entries to ``path``; returns how many were written."""
    entries = [
        BankFileEntry(entry.signal_type, entry.value, entry.negative, entry.provenance)
        for entry in repository.entries(bank)
    ]
    write_entries(path, entries, fmt)
    return len(entries)


def checkpoint_key(bank: str, exchange: str) -> str:
    return f"{CHECKPOINT_PREFIX}{bank}:{exchange}"


def fetch_exchange(repository: BankRepository, bank: str, config: ExchangeConfig) -> SyncResult:
    """Fetch what the exchange changed since the stored checkpoint into ``bank``."""
    repository.get_bank(bank, counts=False)
    key = checkpoint_key(bank, config.name)
    checkpoint = None if config.full_snapshot else repository.get_state(key)
    result = SyncResult()
    seen: set[tuple[str, str]] = set()
    for updates, new_checkpoint in fetch_updates(config, checkpoint):
        additions = [
            NewEntry(u.signal_type, u.value, u.negative, u.provenance)
            for u in updates
            if not u.deleted
        ]
        seen.update((entry.signal_type, entry.value) for entry in additions)
        if additions:
            added = repository.add_entries(bank, additions)
            result.added += len(added.added)
            result.unchanged += added.unchanged
            result.errors.extend(added.errors)
        doomed = [
            found.id
            for update in updates
            if update.deleted
            for found in repository.find_entries(bank, update.signal_type, update.value)
            if found.removed_at is None
        ]
        result.removed += repository.remove_entries(bank, doomed) if doomed else 0
        repository.set_state(key, new_checkpoint)
    if config.full_snapshot:
        result.removed += _drop_missing(repository, bank, config, seen)
    return result


def _drop_missing(
    repository: BankRepository, bank: str, config: ExchangeConfig, seen: set[tuple[str, str]]
) -> int:
    """A full-snapshot exchange (a file) no longer lists these of its entries: remove them."""
    source = f"file:{config.path}"
    stale = [
        entry.id
        for entry in repository.entries(bank)
        if entry.provenance == source and (entry.signal_type, entry.value) not in seen
    ]
    return repository.remove_entries(bank, stale) if stale else 0
