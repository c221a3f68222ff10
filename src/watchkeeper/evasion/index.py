"""The index of suspended accounts: finds the few worth scoring among a million in milliseconds.

Scoring every suspended account against every new one is out of the question at a
million accounts, so lookup first gathers candidates cheaply, and only those are
scored:

* exact maps on three name keys (collapsed stem, consonant skeleton, full skeleton),
  for the username and the display name; the full skeleton is also looked up with
  its number moved by 1 to 3, to find numbered predecessors of common stems;
* an inverted index of the collapsed stem's character trigrams, weighted by IDF, that
  scans the rarest trigrams first and stops after a fixed number of postings (a
  trigram shared by half the index says nothing and would cost the most);
* the handles @mentioned in the first posts ("my previous account @x was suspended"),
  looked up by full skeleton;
* hash maps of email and IP hashes, and a multi-index of avatar PDQ hashes on sixteen
  16-bit chunks (two hashes within 15 bits share at least one chunk exactly).

The bulk of each map lives in sorted numpy arrays (compact, fast to search, saved
as they are by ``storage``); accounts added since the last compaction sit in small
dicts until the next one, and removed accounts are dropped at compaction.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from watchkeeper.evasion.content import early_mentions
from watchkeeper.evasion.keys import EXACT_KINDS, FiledKeys, filed_keys, key_hash
from watchkeeper.evasion.names import NameKeys, name_keys, pack_keys, unpack_keys
from watchkeeper.evasion.profile import AccountProfile

__all__ = ["SuspendedIndex"]

U64 = npt.NDArray[np.uint64]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
U32 = npt.NDArray[np.uint32]

_PDQ_CHUNKS = 16
_EXACT_CAP = 24
_IDENTIFIER_CAP = 24
_GRAM_TOP = 24
_GRAM_BUDGET = 12_000
"""Postings read per lookup, rarest trigrams first. More finds more parents among the
candidates at 1M names (validation successors, username only: 93.3% at 12,000, 94.4%
at 20,000, 95.2% at 30,000, for 0.55, 0.81 and 1.26 ms median of candidate search),
but unrelated names' candidates grow closer too. Retrained with 20,000, the model
ranked better at 1M (test MRR 0.934 against 0.925) but flagged no more successors at
1% false flags on the test split (82.3% against 85.2% at ~23k, 70.6% against 71.8% at
1M), so the budget stays."""
_NUMBER_STEPS = 3
_COMPACT_MIN = 20_000
_MENTIONS = 5


def _pdq_chunks(pdq: str) -> list[int]:
    return [int(pdq[i * 4 : i * 4 + 4], 16) for i in range(_PDQ_CHUNKS)]


@dataclass
class _Pending:
    """Entries added since the last compaction, as flat arrays (cheap to merge)."""

    exact_keys: dict[str, array[int]] = field(
        default_factory=lambda: {kind: array("Q") for kind in EXACT_KINDS}
    )
    exact_rows: dict[str, array[int]] = field(
        default_factory=lambda: {kind: array("i") for kind in EXACT_KINDS}
    )
    grams: array[int] = field(default_factory=lambda: array("I"))
    gram_rows: array[int] = field(default_factory=lambda: array("i"))

    def __len__(self) -> int:
        return len(self.gram_rows) + sum(len(rows) for rows in self.exact_rows.values())


class SuspendedIndex:
    """Suspended accounts, searchable by every key an evader tends to keep."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._usernames: list[str] = []
        self._name_keys: list[str] = []
        """Per row, the username's ``NameKeys`` as ``names.pack_keys`` wrote them."""
        self._extras: dict[int, AccountProfile] = {}
        self._row_of: dict[str, int] | None = {}
        self._removed: set[int] = set()
        self._exact_keys: dict[str, U64] = {k: np.zeros(0, np.uint64) for k in EXACT_KINDS}
        self._exact_rows: dict[str, I32] = {k: np.zeros(0, np.int32) for k in EXACT_KINDS}
        self._gram_ids: U32 = np.zeros(0, np.uint32)
        self._gram_starts: I64 = np.zeros(1, np.int64)
        self._gram_rows: I32 = np.zeros(0, np.int32)
        self._pending = _Pending()
        self._delta_exact: dict[str, dict[int, list[int]]] = {k: {} for k in EXACT_KINDS}
        self._delta_grams: dict[int, list[int]] = {}
        self._by_email: dict[str, list[int]] = {}
        self._by_ip: dict[str, list[int]] = {}
        self._by_avatar: list[dict[int, list[int]]] = [{} for _ in range(_PDQ_CHUNKS)]

    # ----- accounts -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids) - len(self._removed)

    def __contains__(self, account_id: object) -> bool:
        return isinstance(account_id, str) and account_id in self._rows()

    def _rows(self) -> dict[str, int]:
        if self._row_of is None:  # after load: built on first need
            self._row_of = {
                account: row for row, account in enumerate(self._ids) if row not in self._removed
            }
        return self._row_of

    def account_id(self, row: int) -> str:
        return self._ids[row]

    def name_keys(self, row: int) -> NameKeys:
        """The username's keys of a row, as computed when it was filed."""
        return unpack_keys(self._usernames[row], self._name_keys[row])

    def has_details(self, row: int) -> bool:
        """Whether the row's account has more than a username (display name, posts, ...)."""
        return row in self._extras

    def profile(self, row: int) -> AccountProfile:
        """The stored profile of a row (email and IP as hashes)."""
        extra = self._extras.get(row)
        if extra is not None:
            return extra
        return AccountProfile.model_construct(  # every field given: no default factories run
            id=self._ids[row],
            username=self._usernames[row],
            display_name=None,
            bio=None,
            posts=[],
            email=None,
            ip=None,
            avatar_pdq=None,
            follows=[],
        )

    def get(self, account_id: str) -> AccountProfile | None:
        row = self._rows().get(account_id)
        return None if row is None else self.profile(row)

    def add(self, profile: AccountProfile) -> None:
        """File one suspended account (replacing an earlier one with the same id)."""
        self._add(profile, delta=True)
        if len(self._pending) > max(_COMPACT_MIN, len(self._gram_rows) // 10):
            self.compact()

    def add_many(self, profiles: Iterable[AccountProfile]) -> int:
        """File many accounts at once (the bulk path: one compaction at the end)."""
        count = 0
        for profile in profiles:
            self._add(profile, delta=False)
            count += 1
        self.compact()
        return count

    def remove(self, account_id: str) -> bool:
        """Forget a suspended account (e.g. reinstated on appeal); False if unknown."""
        row = self._rows().pop(account_id, None)
        if row is None:
            return False
        self._removed.add(row)
        extra = self._extras.pop(row, None)
        if extra is not None:
            self._unfile_identifiers(extra, row)
        return True

    def _add(self, profile: AccountProfile, *, delta: bool) -> None:
        rows = self._rows()
        if profile.id in rows:
            self.remove(profile.id)
        row = len(self._ids)
        self._ids.append(profile.id)
        self._usernames.append(profile.username)
        username = name_keys(profile.username)
        self._name_keys.append(pack_keys(username))
        rows[profile.id] = row
        if profile.fields_present:
            self._extras[row] = profile
            self._file_identifiers(profile, row)
        display = name_keys(profile.display_name) if profile.display_name else None
        self._file(filed_keys(username, display), row, delta=delta)

    def _file(self, keys: FiledKeys, row: int, *, delta: bool) -> None:
        pending = self._pending
        for kind, hashes in keys.exact.items():
            pending.exact_keys[kind].extend(hashes)
            pending.exact_rows[kind].extend([row] * len(hashes))
            if delta:
                for digest in hashes:
                    self._delta_exact[kind].setdefault(digest, []).append(row)
        pending.grams.extend(keys.grams)
        pending.gram_rows.extend([row] * len(keys.grams))
        if delta:
            for gram in keys.grams:
                self._delta_grams.setdefault(gram, []).append(row)

    def _file_identifiers(self, profile: AccountProfile, row: int) -> None:
        if profile.email:
            self._by_email.setdefault(profile.email, []).append(row)
        if profile.ip:
            self._by_ip.setdefault(profile.ip, []).append(row)
        if profile.avatar_pdq:
            for table, chunk in zip(self._by_avatar, _pdq_chunks(profile.avatar_pdq), strict=True):
                table.setdefault(chunk, []).append(row)

    def _unfile_identifiers(self, profile: AccountProfile, row: int) -> None:
        def drop(table: dict[str, list[int]] | dict[int, list[int]], key: object) -> None:
            rows = table.get(key)  # type: ignore[call-overload]
            if rows and row in rows:
                rows.remove(row)
                if not rows:
                    del table[key]  # type: ignore[arg-type]

        if profile.email:
            drop(self._by_email, profile.email)
        if profile.ip:
            drop(self._by_ip, profile.ip)
        if profile.avatar_pdq:
            for table, chunk in zip(self._by_avatar, _pdq_chunks(profile.avatar_pdq), strict=True):
                drop(table, chunk)

    # ----- compaction -------------------------------------------------------------

    def compact(self) -> None:
        """Merge pending entries into the sorted arrays and drop removed accounts."""
        keep: npt.NDArray[np.bool_] | None = None
        remap: I32 | None = None
        if self._removed:
            keep = np.ones(len(self._ids), dtype=bool)
            keep[np.fromiter(self._removed, dtype=np.int64)] = False
            remap = np.full(len(self._ids), -1, dtype=np.int32)
            remap[keep] = np.arange(int(keep.sum()), dtype=np.int32)
        pending = self._pending
        for kind in EXACT_KINDS:
            keys = np.concatenate(
                [self._exact_keys[kind], np.frombuffer(pending.exact_keys[kind], np.uint64)]
            )
            rows = np.concatenate(
                [self._exact_rows[kind], np.frombuffer(pending.exact_rows[kind], np.int32)]
            )
            if remap is not None:
                rows = remap[rows]
                keys, rows = keys[rows >= 0], rows[rows >= 0]
            order = np.argsort(keys, kind="stable")
            self._exact_keys[kind], self._exact_rows[kind] = keys[order], rows[order]
        counts = np.diff(self._gram_starts)
        grams = np.concatenate(
            [
                np.repeat(self._gram_ids.astype(np.uint64), counts),
                np.frombuffer(pending.grams, np.uint32).astype(np.uint64),
            ]
        )
        rows = np.concatenate([self._gram_rows, np.frombuffer(pending.gram_rows, np.int32)])
        if remap is not None:
            rows = remap[rows]
            grams, rows = grams[rows >= 0], rows[rows >= 0]
        packed = np.sort((grams << np.uint64(32)) | rows.astype(np.uint64))
        sorted_grams = (packed >> np.uint64(32)).astype(np.uint32)
        self._gram_rows = (packed & np.uint64(0xFFFFFFFF)).astype(np.int32)
        self._gram_ids, first = np.unique(sorted_grams, return_index=True)
        self._gram_starts = np.append(first, len(sorted_grams)).astype(np.int64)
        if keep is not None and remap is not None:
            self._renumber(keep, remap)
        self._pending = _Pending()
        self._delta_exact = {kind: {} for kind in EXACT_KINDS}
        self._delta_grams = {}

    def _renumber(self, keep: npt.NDArray[np.bool_], remap: I32) -> None:
        alive = np.flatnonzero(keep).tolist()
        self._ids = [self._ids[row] for row in alive]
        self._usernames = [self._usernames[row] for row in alive]
        self._name_keys = [self._name_keys[row] for row in alive]
        extras = {int(remap[row]): profile for row, profile in self._extras.items()}
        self._extras = {}
        self._by_email, self._by_ip = {}, {}
        self._by_avatar = [{} for _ in range(_PDQ_CHUNKS)]
        for row, profile in sorted(extras.items()):
            self._extras[row] = profile
            self._file_identifiers(profile, row)
        self._removed = set()
        self._row_of = {account: row for row, account in enumerate(self._ids)}

    # ----- lookup -----------------------------------------------------------------

    def _exact(self, kind: str, digest: int, cap: int = _EXACT_CAP) -> list[int]:
        keys = self._exact_keys[kind]
        lo = int(np.searchsorted(keys, np.uint64(digest), side="left"))
        found: list[int] = []
        if lo < len(keys) and int(keys[lo]) == digest:
            hi = int(np.searchsorted(keys, np.uint64(digest), side="right"))
            found = self._exact_rows[kind][lo : min(hi, lo + cap)].tolist()
        found.extend(self._delta_exact[kind].get(digest, ())[:cap])
        return found

    def exact_count(self, kind: str, value: str) -> int:
        """How many filed names (usernames and display names) share this exact key."""
        digest = key_hash(kind, value)
        keys = self._exact_keys[kind]
        lo = np.searchsorted(keys, np.uint64(digest), side="left")
        hi = np.searchsorted(keys, np.uint64(digest), side="right")
        return int(hi - lo) + len(self._delta_exact[kind].get(digest, ()))

    def _gram_candidates(self, grams: list[int], top: int) -> list[int]:
        if not grams:
            return []
        total = max(len(self), 1)
        query = np.asarray(grams, dtype=np.uint32)
        where = np.searchsorted(self._gram_ids, query)
        where = np.minimum(where, max(len(self._gram_ids) - 1, 0))
        lists: list[tuple[int, I32 | list[int]]] = []
        if len(self._gram_ids):
            hit = self._gram_ids[where] == query
            for index in np.flatnonzero(hit).tolist():
                slot = int(where[index])
                start, end = int(self._gram_starts[slot]), int(self._gram_starts[slot + 1])
                lists.append((end - start, self._gram_rows[start:end]))
        for gram in grams:
            extra = self._delta_grams.get(gram)
            if extra:
                lists.append((len(extra), extra))
        lists.sort(key=lambda item: item[0])
        chunks: list[npt.NDArray[np.int32]] = []
        lengths: list[int] = []
        scanned = 0
        for length, rows in lists:
            if scanned and scanned + length > _GRAM_BUDGET:
                break
            scanned += length
            chunks.append(np.asarray(rows, dtype=np.int32))
            lengths.append(length)
        if not chunks:
            return []
        # Each posting list is sorted by row, so a stable sort of their concatenation is a
        # merge of a few runs; equal rows then sit together and reduceat sums their IDFs.
        postings = np.concatenate(chunks)
        idf = np.repeat(np.log1p(total / np.asarray(lengths, dtype=np.float64)), lengths)
        order = np.argsort(postings, kind="stable")
        merged = postings[order]
        starts = np.flatnonzero(np.concatenate(([True], merged[1:] != merged[:-1])))
        unique = merged[starts]
        scores = np.add.reduceat(idf[order], starts)
        if len(unique) > top:
            best = np.argpartition(-scores, top)[:top]
            best = best[np.argsort(-scores[best], kind="stable")]
        else:
            best = np.argsort(-scores, kind="stable")
        return [int(row) for row in unique[best].tolist()]

    def _numbered_neighbours(self, keys: NameKeys) -> list[int]:
        found: list[int] = []
        if not keys.stem:
            return found
        for run, at_end in ((keys.trail, True), (keys.lead, False)):
            if not run:
                continue
            value = int(run[:18])
            for step in range(-_NUMBER_STEPS, _NUMBER_STEPS + 1):
                if not step or value + step < 0:
                    continue
                number = str(value + step).zfill(len(run))
                if at_end:
                    skeleton = f"{keys.lead}{keys.stem}{number}"
                else:
                    skeleton = f"{number}{keys.stem}{keys.trail}"
                found.extend(self._exact("skeleton", key_hash("skeleton", skeleton), 4))
        return found

    def candidates(self, profile: AccountProfile) -> list[int]:
        """Rows worth scoring for ``profile``, most promising first, without duplicates."""
        username = name_keys(profile.username)
        display = name_keys(profile.display_name) if profile.display_name else None
        filed = filed_keys(username, display)
        found: list[int] = []
        for kind in EXACT_KINDS:
            for digest in filed.exact[kind]:
                found.extend(self._exact(kind, digest))
        found.extend(self._numbered_neighbours(username))
        for handle in sorted(early_mentions(profile.posts))[:_MENTIONS]:
            found.extend(
                self._exact("skeleton", key_hash("skeleton", name_keys(handle).skeleton), 4)
            )
        if profile.email:
            found.extend(self._by_email.get(profile.email, ())[:_IDENTIFIER_CAP])
        if profile.ip:
            found.extend(self._by_ip.get(profile.ip, ())[:_IDENTIFIER_CAP])
        if profile.avatar_pdq:
            for table, chunk in zip(self._by_avatar, _pdq_chunks(profile.avatar_pdq), strict=True):
                found.extend(table.get(chunk, ())[:4])
        found.extend(self._gram_candidates(filed.grams, _GRAM_TOP))
        removed = self._removed
        return [row for row in dict.fromkeys(found) if row not in removed]
