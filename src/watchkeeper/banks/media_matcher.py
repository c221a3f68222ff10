"""Matching media hashes against every enabled bank: PDQ by distance, MD5/SHA-256 exactly.

The bulk of a bank's PDQ hashes lives in one ``PdqIndex`` that is saved to disk with
the log position it reflects, so a restart loads it in seconds instead of reading
millions of rows back from the database; entries added since then sit in a small
delta index, and removed ones in a tombstone set, until the next compaction rebuilds
and saves the big one. At 10M entries a rebuild reads every row and takes about a
minute, so after start it runs in a child process that writes the saved index and
exits. Matching goes on against the old index and the delta meanwhile, on a core of
its own (a thread would contend with it for the interpreter lock all along); then
the matching thread loads the new index and replays the log written since the
rebuild began, exactly as at start. The saved index also records a token kept in the
database, so an index folder is never applied to a different database than the one
it came from.

Negative entries are known false positives: media that matches one (in any bank) is
not reported for that item, whatever else it matches.

Banked videos (``vpdq`` entries) live beside all this in a ``VideoIndex``, read from
the store at start and followed through the same log; a query video matches one when
enough of its frames do (``banks.vpdq``).
"""

from __future__ import annotations

import glob
import json
import logging
import multiprocessing
import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import URL

from watchkeeper.banks.entry_table import EntryInfo, EntryTable
from watchkeeper.banks.follower import BankFollower
from watchkeeper.banks.pdq_index import PdqIndex, array_to_words, hashes_to_array
from watchkeeper.banks.repository import BankInfo, BankRepository
from watchkeeper.banks.video_index import VideoIndex
from watchkeeper.banks.vpdq import VPDQ_TYPE, parse_vpdq
from watchkeeper.store.repository import Store

log = logging.getLogger(__name__)

MEDIA_TYPES = frozenset({"pdq", "video_md5", "video_sha256"})
"""Types held in the saved index."""
FOLLOWED_TYPES = MEDIA_TYPES | {VPDQ_TYPE}
COMPACT_DELTA = 50_000
"""Default delta size at which the big index is rebuilt and saved again
(``WATCHKEEPER_BANK_REBUILD_ENTRIES``)."""
TOKEN_KEY = "media_index_token"
SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class _Built:
    """A whole index built from the store's live entries as of ``log_seq``."""

    main: PdqIndex
    table: EntryTable
    exact: dict[tuple[str, str], list[int]]
    log_seq: int


@dataclass(frozen=True)
class MediaQuery:
    """One hash to look up: its signal type, value, and PDQ quality when known. A
    ``vpdq`` query's value is the video's frame PDQ hashes joined by commas."""

    signal_type: str
    value: str
    quality: int | None = None


@dataclass(frozen=True)
class MediaMatch:
    """A bank entry that a queried hash matches."""

    entry_id: int
    bank: str
    signal_type: str
    distance: int
    negative: bool
    max_distance: int = 0
    query_percent: float | None = None
    """For a video: the share of the query's frames that match the banked video."""
    banked_percent: float | None = None
    """For a video: the share of the banked video's frames that the query matches."""

    @property
    def score(self) -> float:
        """1.0 for an exact match, falling linearly to 0.5 just past the bank's distance;
        for a video, the share of its frames that match."""
        if self.query_percent is not None:
            return self.query_percent / 100
        return 1.0 - 0.5 * self.distance / (self.max_distance + 1)


class MediaMatcher:
    """The media side of the banks for one process: load, follow, match, compact."""

    def __init__(
        self,
        repository: BankRepository,
        folder: Path | None = None,
        *,
        rebuild_entries: int | None = None,
    ) -> None:
        self.repository = repository
        self.folder = folder
        self.rebuild_entries = rebuild_entries or COMPACT_DELTA
        """New entries (the delta's size) after which the index is rebuilt."""
        self.follower = BankFollower(repository)
        self._main = PdqIndex.from_hex([], [])
        self._delta_hashes: list[str] = []
        self._delta_ids: list[int] = []
        self._delta = self._main
        self._exact: dict[tuple[str, str], list[int]] = {}
        self._table = EntryTable()
        self._removed: set[int] = set()
        self._videos = VideoIndex()
        self.loaded_from_snapshot = False
        self.background = folder is not None and not repository.single_connection
        """Rebuild in a child process after start: needs a folder to hand the index over
        in, and a store a second process can open (not in-memory SQLite)."""
        self._rebuild: multiprocessing.process.BaseProcess | None = None
        self._rebuild_at = self.rebuild_entries
        """Delta size that starts a background rebuild (raised after a failed one)."""
        self.compactions = 0
        """Rebuilds swapped in since this matcher was created (start's included)."""

    def __len__(self) -> int:
        return len(self._table) - len(self._removed)

    # -- loading and following ---------------------------------------------------------

    def start(self) -> None:
        """Load the saved index if it belongs to this database, else build from the store."""
        if self.folder is not None:
            remove_abandoned_staging(self.folder)
        if self.folder is not None and self._load_snapshot():
            self.loaded_from_snapshot = True
            self._apply_changes()
            if len(self._delta_ids) >= self.rebuild_entries:
                self.compact()
            return
        self.compact()

    def refresh_if_due(self) -> None:
        """Swap in a finished rebuild, follow the log, and start a rebuild when the
        delta has grown to ``rebuild_entries``. Called on the matching thread."""
        finished = self._take_rebuilt()
        if finished or self.follower.due():
            self._apply_changes()
        if len(self._delta_ids) >= self._rebuild_at and self._rebuild is None:
            if self.background:
                self._start_rebuild()
            else:
                self.compact()

    def _apply_changes(self) -> None:
        changes = self.follower.changes(FOLLOWED_TYPES)
        self._removed |= {entry_id for entry_id in changes.removed if entry_id in self._table}
        for entry_id in changes.removed:
            self._videos.discard(entry_id)
        delta_changed = False
        for entry in changes.added:
            self._removed.discard(entry.id)
            known = entry.id in self._table
            self._table.put(entry.id, EntryInfo(entry.bank, entry.signal_type, entry.negative))
            if entry.signal_type == VPDQ_TYPE:
                self._put_video(entry.id, entry.value)
                continue
            if known:
                continue
            if entry.signal_type == "pdq":
                self._delta_hashes.append(entry.value)
                self._delta_ids.append(entry.id)
                delta_changed = True
            else:
                self._exact.setdefault((entry.signal_type, entry.value), []).append(entry.id)
        if delta_changed:
            self._delta = PdqIndex.from_hex(self._delta_hashes, self._delta_ids)

    def compact(self) -> None:
        """Rebuild everything from the store's live entries now, and save it when
        configured (at start, and on a store that one thread at a time may use)."""
        self.wait_for_rebuild()
        built = self._build()
        self._save_snapshot(built)
        self._install(built)
        self._apply_changes()

    def _build(self) -> _Built:
        """Read every live entry, page by page, into arrays (a 10M bank never exists as
        10M Python strings). It only reads the store, so the rebuild process runs it too."""
        log_seq = self.repository.last_log_seq()
        banks: dict[str, int] = {}
        types = sorted(MEDIA_TYPES)
        type_codes = {name: code for code, name in enumerate(types)}
        id_parts: list[NDArray[np.int64]] = []
        code_parts: list[NDArray[np.int32]] = []
        pdq_parts: list[NDArray[np.uint8]] = []
        pdq_id_parts: list[NDArray[np.int64]] = []
        exact: dict[tuple[str, str], list[int]] = {}
        for page in self.repository.live_signals(types):
            id_parts.append(np.array([row[0] for row in page], dtype=np.int64))
            code_parts.append(
                np.array(
                    [
                        (banks.setdefault(bank, len(banks)), type_codes[kind], negative)
                        for _, bank, kind, _, negative in page
                    ],
                    dtype=np.int32,
                ).reshape(-1, 3)
            )
            pdq = [(row[0], row[3]) for row in page if row[2] == "pdq"]
            pdq_parts.append(hashes_to_array([value for _, value in pdq]))
            pdq_id_parts.append(np.array([entry_id for entry_id, _ in pdq], dtype=np.int64))
            for entry_id, _, kind, value, _ in page:
                if kind != "pdq":
                    exact.setdefault((kind, value), []).append(entry_id)
        table = EntryTable(
            np.concatenate(id_parts) if id_parts else None,
            np.concatenate(code_parts) if code_parts else None,
            list(banks),
            types,
        )
        hashes = np.concatenate(pdq_parts) if pdq_parts else np.zeros((0, 32), np.uint8)
        pdq_ids = np.concatenate(pdq_id_parts) if pdq_id_parts else None
        del pdq_parts, pdq_id_parts
        return _Built(PdqIndex.build(hashes, pdq_ids), table, exact, log_seq)

    def _install(self, built: _Built) -> None:
        """Make ``built`` the index, with an empty delta; the caller then replays the log
        after ``built.log_seq`` (entries the rebuild already read are skipped as known)."""
        self._main = built.main
        self._table = built.table
        self._exact = built.exact
        self._delta_hashes, self._delta_ids = [], []
        self._delta = PdqIndex.from_hex([], [])
        self._removed = set()
        self._load_videos()
        self.follower.log_seq = built.log_seq
        self._rebuild_at = self.rebuild_entries
        self.compactions += 1

    def _load_videos(self) -> None:
        """Every live banked video, from the store (they are not in the saved index)."""
        self._videos.clear()
        for page in self.repository.live_videos():
            for entry_id, bank, kind, value, negative in page:
                self._table.put(entry_id, EntryInfo(bank, kind, bool(negative)))
                self._put_video(entry_id, value)

    def _put_video(self, entry_id: int, value: str) -> None:
        try:
            self._videos.put(entry_id, parse_vpdq(value))
        except ValueError as error:  # validated when added: only a hand-edited row
            log.warning("bank entry %d: unreadable vpdq value: %s", entry_id, error)

    # -- background rebuild ----------------------------------------------------------

    def _start_rebuild(self) -> None:
        assert self.folder is not None
        # "spawn": a fresh interpreter, not a fork of a process that runs other threads
        context = multiprocessing.get_context("spawn")
        self._rebuild = context.Process(
            target=rebuild_saved_index,
            args=(self.repository.url, self.folder),
            name="bank-index-rebuild",
            daemon=True,
        )
        self._rebuild.start()

    def _take_rebuilt(self) -> bool:
        """Load the index a finished rebuild saved; True when one was loaded."""
        if self._rebuild is None or self._rebuild.is_alive():
            return False
        process, self._rebuild = self._rebuild, None
        process.join()
        if process.exitcode == 0 and self._load_snapshot():
            self.compactions += 1
            self._rebuild_at = self.rebuild_entries
            return True
        log.warning("rebuilding the bank index failed (exit code %s)", process.exitcode)
        self._rebuild_at = len(self._delta_ids) + self.rebuild_entries  # after as many again
        return False

    def wait_for_rebuild(self, timeout: float | None = None) -> bool:
        """Wait for a background rebuild and swap it in; False if still running."""
        if self._rebuild is not None:
            self._rebuild.join(timeout)
            if self._rebuild.is_alive():
                return False
            if self._take_rebuilt():
                self._apply_changes()
        return True

    @property
    def rebuilding(self) -> bool:
        return self._rebuild is not None

    # -- snapshot ------------------------------------------------------------------------

    def _token(self) -> str:
        token = self.repository.get_state(TOKEN_KEY)
        if token is None:
            token = secrets.token_hex(16)
            self.repository.set_state(TOKEN_KEY, token)
        return token

    def _save_snapshot(self, built: _Built, *, raise_errors: bool = False) -> None:
        """Save ``built``; a failure is only logged, since the store is the record
        (unless ``raise_errors``: the rebuild process must say that it failed)."""
        if self.folder is None:
            return
        # Several processes may share one folder (serve and consume on one SQLite
        # file): each stages under its own name and the last rename wins.
        staging = self.folder.with_name(f"{self.folder.name}.{os.getpid()}.{secrets.token_hex(4)}")
        try:
            self._write_snapshot(staging, built)
        except OSError as error:
            if raise_errors:
                raise
            log.warning("could not save the bank index to %s: %s", self.folder, error)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _write_snapshot(self, staging: Path, built: _Built) -> None:
        assert self.folder is not None
        built.main.save(staging / "pdq")
        built.table.save(staging)
        exact = [[t, v, i] for (t, v), entry_ids in built.exact.items() for i in entry_ids]
        header = {
            "version": SNAPSHOT_VERSION,
            "token": self._token(),
            "log_seq": built.log_seq,
            "exact": exact,
        }
        (staging / "header.json").write_text(json.dumps(header), encoding="utf-8")
        retired = self.folder.with_name(f"{staging.name}.old")
        if self.folder.exists():
            self.folder.rename(retired)
        staging.rename(self.folder)
        shutil.rmtree(retired, ignore_errors=True)

    def _load_snapshot(self) -> bool:
        assert self.folder is not None
        try:
            header = json.loads((self.folder / "header.json").read_text(encoding="utf-8"))
            if not isinstance(header, dict):
                raise ValueError("header.json is not a JSON object")
            if header.get("version") != SNAPSHOT_VERSION or header.get("token") != self._token():
                log.info("bank index in %s is from another database; rebuilding", self.folder)
                return False
            main = PdqIndex.load(self.folder / "pdq")
            table = EntryTable.load(self.folder)  # np.load of a truncated file: EOFError
            exact = [(str(t), str(v), int(i)) for t, v, i in header["exact"]]
            log_seq = int(header["log_seq"])
            if log_seq > self.repository.last_log_seq():
                raise ValueError("it is ahead of the database (restored from a backup?)")
        except (OSError, ValueError, KeyError, TypeError, EOFError) as error:
            log.info("no usable bank index in %s (%s); rebuilding", self.folder, error)
            return False
        self._main = main
        self._table = table
        self._delta = PdqIndex.from_hex([], [])
        self._delta_hashes, self._delta_ids = [], []
        self._exact = {}
        for signal_type, value, entry_id in exact:
            self._exact.setdefault((signal_type, value), []).append(entry_id)
        self._removed = set()
        self._load_videos()
        self.follower.start()
        self.follower.log_seq = log_seq
        return True

    # -- matching -------------------------------------------------------------------------

    def match(self, queries: Sequence[MediaQuery]) -> list[list[MediaMatch]]:
        """Matches per query: enabled banks only, each bank's distance and quality bars."""
        found: list[list[MediaMatch]] = [[] for _ in queries]
        pdq_rows = [row for row, query in enumerate(queries) if query.signal_type == "pdq"]
        if pdq_rows and (len(self._main) or len(self._delta)):
            widest = self._widest_distance()
            words = array_to_words(hashes_to_array([queries[row].value for row in pdq_rows]))
            for index in (self._main, self._delta):
                hits = index.search(words, widest)
                for position, entry_id, distance in zip(
                    hits.query.tolist(), hits.ids.tolist(), hits.distance.tolist(), strict=True
                ):
                    row = pdq_rows[position]
                    self._keep(found[row], queries[row], entry_id, int(distance))
        for row, query in enumerate(queries):
            if query.signal_type == VPDQ_TYPE:
                found[row] = self._match_video(query.value.split(","))
            elif query.signal_type != "pdq":
                for entry_id in self._exact.get((query.signal_type, query.value), ()):
                    self._keep(found[row], query, entry_id, 0)
        return found

    def _match_video(self, frames: list[str]) -> list[MediaMatch]:
        """Banked videos enough of whose frames ``frames`` match, under each bank's PDQ
        distance and frame quality."""
        matches: list[MediaMatch] = []
        for video in self._videos.match(frames, self._usable_bank, self._widest_distance()):
            meta = self._table.get(video.entry_id)
            if meta is None:
                continue
            matches.append(
                MediaMatch(
                    video.entry_id,
                    meta.bank,
                    VPDQ_TYPE,
                    video.distance,
                    meta.negative,
                    video.bank.pdq_max_distance,
                    round(video.shares.query_percent, 1),
                    round(video.shares.banked_percent, 1),
                )
            )
        return matches

    def _widest_distance(self) -> int:
        """The largest PDQ distance any bank allows: what the indexes are searched at."""
        return max((b.pdq_max_distance for b in self.follower.banks.values()), default=31)

    def _usable_bank(self, entry_id: int) -> BankInfo | None:
        """The settings of the entry's bank, if the entry is live and its bank enabled."""
        meta = self._table.get(entry_id)
        if meta is None or entry_id in self._removed:
            return None
        return self.follower.usable(meta.bank)

    def _keep(
        self, into: list[MediaMatch], query: MediaQuery, entry_id: int, distance: int
    ) -> None:
        meta = self._table.get(entry_id)
        if meta is None or entry_id in self._removed:
            return
        bank = self.follower.usable(meta.bank)
        if bank is None:
            return
        if query.signal_type == "pdq" and not bank.accepts_pdq(distance, query.quality):
            return
        into.append(
            MediaMatch(
                entry_id,
                meta.bank,
                meta.signal_type,
                distance,
                meta.negative,
                bank.pdq_max_distance if query.signal_type == "pdq" else 0,
            )
        )


def rebuild_saved_index(url: URL, folder: Path) -> None:
    """What the rebuild process runs: read the store's live entries, build the index and
    save it into ``folder`` (an error ends the process with a non-zero exit code)."""
    logging.basicConfig(level=logging.WARNING)
    with Store.open(url) as store:
        matcher = MediaMatcher(BankRepository(store), folder)
        matcher._save_snapshot(matcher._build(), raise_errors=True)


def remove_abandoned_staging(folder: Path) -> list[Path]:
    """Delete the half-written copies of ``folder`` that a process which no longer runs
    left behind (a rebuild stopped with ``serve``, a full disk): at 10M entries each
    holds more than a gigabyte. A copy is named ``<folder>.<pid>.<token>`` (and
    ``….old`` while it replaces the folder); a copy of a live process is kept."""
    removed: list[Path] = []
    if not folder.parent.is_dir():
        return removed
    for path in folder.parent.glob(f"{glob.escape(folder.name)}.*"):
        parts = path.name[len(folder.name) + 1 :].split(".")
        if len(parts) not in (2, 3) or not parts[0].isdigit() or not path.is_dir():
            continue
        if _process_alive(int(parts[0])):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
