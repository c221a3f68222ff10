"""An exact PDQ range index that holds 10 million hashes in a few GB and answers fast.

Hash banks of terrorist media reach millions of PDQ hashes (GIFCT's holds ~2.1M), and
every uploaded photo must be looked up against all of them within a distance of 31
bits. python-threatexchange's own PDQ indexes wrap faiss: a flat scan (every query
reads the whole bank) or faiss's multi-index hashing, which keeps each of its hash
tables as a map of vectors and so needs ~1 GB per million hashes with the chunk sizes
that make it fast. ``benchmarks/banks.py`` measures both beside this one.

This is multi-index hashing kept in flat numpy arrays. The 256 bits are cut into
``m`` chunks. Two hashes within distance ``d`` must agree, in at least one chunk, up to
``d // m`` flipped bits (pigeonhole), so probing every chunk value within that many
flips of the query's finds *every* hash within ``d``: the search is exact, not
approximate. Per chunk the index stores the entries sorted by chunk value and the
offset of each value's run, so a probe is two array reads. Candidates are then
checked with a popcount over the full hashes. The chunk count is picked from the
index size: more, narrower chunks for small banks (small offset tables), about 23
bits per chunk at 10M (about one entry per probed value).
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import cast

import numpy as np
from numpy.typing import NDArray

PDQ_BYTES = 32
PDQ_BITS = 256
DEFAULT_MAX_DISTANCE = 31
"""PDQ's customary match distance (python-threatexchange's confident match threshold)."""
BRUTE_FORCE_BELOW = 4_096
"""Below this many hashes a full popcount scan is cheaper than probing chunk tables."""
BRUTE_FORCE_PAIRS = 1 << 21
"""Most (query, hash) pairs compared in one brute-force step, to bound its memory."""
MAX_CHUNK_BITS_FOR_SMALL = 16
"""Small indexes keep chunks this narrow or narrower, so offset tables stay small."""
FORMAT_VERSION = 1

U64 = NDArray[np.uint64]
I64 = NDArray[np.int64]


def hashes_to_array(hashes: list[str] | tuple[str, ...]) -> NDArray[np.uint8]:
    """Hex PDQ hashes as an ``(n, 32)`` byte array; a bad hash is named in the error."""
    try:
        raw = bytes.fromhex("".join(hashes))
    except ValueError:
        raw = b""
    # every length too: ["ab" * 33, "ab" * 31] joins to two hashes' worth of bytes
    if len(raw) != PDQ_BYTES * len(hashes) or set(map(len, hashes)) - {2 * PDQ_BYTES}:
        for position, value in enumerate(hashes):
            if len(value) != 2 * PDQ_BYTES:
                raise ValueError(f"PDQ hash #{position} is not 64 hex characters: {value!r}")
            try:
                decoded = bytes.fromhex(value)
            except ValueError:
                decoded = b""
            if len(decoded) != PDQ_BYTES:  # fromhex skips spaces: "ab ab ..." is short
                raise ValueError(f"PDQ hash #{position} is not hexadecimal: {value!r}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(len(hashes), PDQ_BYTES)


def array_to_words(hashes: NDArray[np.uint8]) -> U64:
    """``(n, 32)`` bytes as ``(n, 4)`` native 64-bit words, most significant bits first."""
    return np.ascontiguousarray(hashes).view(">u8").astype(np.uint64)


def words_to_hex(words: U64) -> list[str]:
    """The inverse of ``array_to_words`` followed by hex encoding."""
    raw = words.astype(">u8").tobytes()
    return [raw[i : i + PDQ_BYTES].hex() for i in range(0, len(raw), PDQ_BYTES)]


def distances(words: U64, query: U64) -> NDArray[np.int16]:
    """Hamming distance between each row of ``words`` and the matching row of ``query``."""
    flipped = np.bitwise_xor(words, query)
    counts = np.bitwise_count(flipped)
    total = counts[:, 0].astype(np.int16)
    for column in range(1, 4):
        total += counts[:, column]
    return total


@dataclass(frozen=True)
class Layout:
    """Where the chunk boundaries fall: ``bounds[c]`` to ``bounds[c + 1]`` is chunk ``c``."""

    bounds: tuple[int, ...]

    @property
    def chunks(self) -> int:
        return len(self.bounds) - 1

    def widths(self) -> list[int]:
        return [b - a for a, b in itertools.pairwise(self.bounds)]

    @classmethod
    def even(cls, chunks: int) -> Layout:
        edges = np.linspace(0, PDQ_BITS, chunks + 1).round().astype(int)
        return cls(tuple(int(edge) for edge in edges))

    @classmethod
    def for_size(cls, size: int, max_distance: int = DEFAULT_MAX_DISTANCE) -> Layout:
        """The chunk count with the least expected work per query for ``size`` hashes."""
        widest = max(MAX_CHUNK_BITS_FOR_SMALL, math.ceil(math.log2(max(size, 2))) + 1)
        best: tuple[float, Layout] | None = None
        for chunks in range(8, 33):
            layout = cls.even(chunks)
            if max(layout.widths()) > widest:
                continue
            flips = max_distance // chunks
            probes = sum(_probe_count(width, flips) for width in layout.widths())
            candidates = sum(
                _probe_count(width, flips) * size / 2.0**width for width in layout.widths()
            )
            cost = probes + 3.0 * candidates
            if best is None or cost < best[0]:
                best = (cost, layout)
        assert best is not None
        return best[1]


def _probe_count(width: int, flips: int) -> int:
    return sum(math.comb(width, k) for k in range(flips + 1))


@cache
def _flip_masks(width: int, flips: int) -> NDArray[np.uint32]:
    """Every ``width``-bit mask with at most ``flips`` bits set."""
    masks = [0]
    for count in range(1, flips + 1):
        masks.extend(
            sum(1 << bit for bit in bits) for bits in itertools.combinations(range(width), count)
        )
    return np.array(masks, dtype=np.uint32)


def chunk_values(words: U64, layout: Layout) -> NDArray[np.uint32]:
    """Each hash's value in each chunk, as an ``(n, chunks)`` array."""
    out = np.empty((words.shape[0], layout.chunks), dtype=np.uint32)
    for chunk, (start, end) in enumerate(itertools.pairwise(layout.bounds)):
        first, last = start // 64, (end - 1) // 64
        width = end - start
        if first == last:
            shift = np.uint64(64 * (first + 1) - end)
            value = (words[:, first] >> shift) & np.uint64((1 << width) - 1)
        else:
            low_bits = end - 64 * last
            high = words[:, first] & np.uint64((1 << (64 * last - start)) - 1)
            value = (high << np.uint64(low_bits)) | (words[:, last] >> np.uint64(64 - low_bits))
        out[:, chunk] = value
    return out


@dataclass(frozen=True)
class Hits:
    """Search results as parallel arrays: query position, entry id, distance."""

    query: I64
    ids: I64
    distance: NDArray[np.int16]

    def __len__(self) -> int:
        return len(self.ids)


class PdqIndex:
    """Immutable exact range index over PDQ hashes, each carrying an int64 entry id."""

    def __init__(
        self,
        words: U64,
        ids: I64,
        layout: Layout,
        orders: list[NDArray[np.uint32]],
        offsets: list[NDArray[np.uint32]],
    ) -> None:
        self.words = words
        self.ids = ids
        self.layout = layout
        self._orders = orders
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def brute_force(self) -> bool:
        return not self._orders

    @classmethod
    def build(cls, hashes: NDArray[np.uint8] | U64, ids: I64 | None = None) -> PdqIndex:
        """Index ``(n, 32)`` hash bytes (or ``(n, 4)`` words); ids default to row numbers."""
        if hashes.dtype == np.uint8:
            words = array_to_words(cast(NDArray[np.uint8], hashes))
        else:
            words = np.asarray(hashes, dtype=np.uint64)
        count = words.shape[0]
        entry_ids = np.arange(count, dtype=np.int64) if ids is None else np.asarray(ids, np.int64)
        if entry_ids.shape != (count,):
            raise ValueError(f"{count} hashes but {entry_ids.shape[0]} ids")
        layout = Layout.for_size(count)
        if count < BRUTE_FORCE_BELOW:
            return cls(words, entry_ids, layout, [], [])
        values = chunk_values(words, layout)
        orders: list[NDArray[np.uint32]] = []
        offsets: list[NDArray[np.uint32]] = []
        for chunk, width in enumerate(layout.widths()):
            column = values[:, chunk]
            orders.append(np.argsort(column, kind="stable").astype(np.uint32))
            starts = np.zeros((1 << width) + 1, dtype=np.uint32)
            np.cumsum(np.bincount(column, minlength=1 << width), out=starts[1:])
            offsets.append(starts)
        return cls(words, entry_ids, layout, orders, offsets)

    @classmethod
    def from_hex(cls, hashes: list[str], ids: list[int] | I64 | None = None) -> PdqIndex:
        id_array = None if ids is None else np.asarray(ids, dtype=np.int64)
        return cls.build(hashes_to_array(hashes), id_array)

    def search(self, queries: U64, max_distance: int = DEFAULT_MAX_DISTANCE) -> Hits:
        """Every indexed hash within ``max_distance`` of each query row (``(m, 4)`` words)."""
        if not 0 <= max_distance < PDQ_BITS:
            raise ValueError(f"max_distance must be in 0..255, not {max_distance}")
        queries = np.asarray(queries, dtype=np.uint64).reshape(-1, 4)
        if len(self) == 0 or len(queries) == 0:
            return _no_hits()
        if self.brute_force and len(queries) * len(self) > BRUTE_FORCE_PAIRS:
            return self._search_in_steps(queries, max_distance)
        if self.brute_force:
            query_rows = np.repeat(np.arange(len(queries), dtype=np.int64), len(self))
            rows = np.tile(np.arange(len(self), dtype=np.int64), len(queries))
        else:
            query_rows, rows = self._candidates(queries, max_distance)
        found = distances(self.words.take(rows, axis=0), queries.take(query_rows, axis=0))
        keep = found <= max_distance
        query_rows, rows, found = query_rows[keep], rows[keep], found[keep]
        if not self.brute_force and len(rows):  # a row may surface through several chunks
            _, first = np.unique(query_rows * len(self) + rows, return_index=True)
            query_rows, rows, found = query_rows[first], rows[first], found[first]
        return Hits(query_rows, self.ids.take(rows), found)

    def _search_in_steps(self, queries: U64, max_distance: int) -> Hits:
        step = max(1, BRUTE_FORCE_PAIRS // len(self))
        starts = range(0, len(queries), step)
        parts = [self.search(queries[start : start + step], max_distance) for start in starts]
        return Hits(
            np.concatenate([part.query + start for part, start in zip(parts, starts, strict=True)]),
            np.concatenate([part.ids for part in parts]),
            np.concatenate([part.distance for part in parts]),
        )

    def _candidates(self, queries: U64, max_distance: int) -> tuple[I64, I64]:
        flips = max_distance // self.layout.chunks
        values = chunk_values(queries, self.layout)
        query_parts: list[I64] = []
        row_parts: list[I64] = []
        for chunk, width in enumerate(self.layout.widths()):
            masks = _flip_masks(width, flips)
            probes = values[:, chunk, None] ^ masks[None, :]
            table = self._offsets[chunk]
            starts = table[probes].ravel().astype(np.int64)
            lengths = table[probes + 1].ravel().astype(np.int64) - starts
            total = int(lengths.sum())
            if total == 0:
                continue
            run_starts = np.cumsum(lengths) - lengths
            positions = np.repeat(starts - run_starts, lengths) + np.arange(total)
            row_parts.append(self._orders[chunk].take(positions).astype(np.int64))
            probe_query = np.repeat(np.arange(len(queries), dtype=np.int64), len(masks))
            query_parts.append(np.repeat(probe_query, lengths))
        if not row_parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(query_parts), np.concatenate(row_parts)

    # -- persistence ---------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the index as plain ``.npy`` files plus a small JSON header."""
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "words.npy", self.words)
        np.save(folder / "ids.npy", self.ids)
        for chunk, (order, offsets) in enumerate(zip(self._orders, self._offsets, strict=True)):
            np.save(folder / f"order_{chunk}.npy", order)
            np.save(folder / f"offsets_{chunk}.npy", offsets)
        header = {
            "format": FORMAT_VERSION,
            "bounds": list(self.layout.bounds),
            "size": len(self),
            "brute_force": self.brute_force,
        }
        (folder / "header.json").write_text(json.dumps(header), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> PdqIndex:
        """Read an index written by ``save``; a missing or damaged one raises ValueError."""
        try:
            header = json.loads((folder / "header.json").read_text(encoding="utf-8"))
            if not isinstance(header, dict):
                raise ValueError(f"header.json holds a {type(header).__name__}, not an object")
            if header.get("format") != FORMAT_VERSION:
                raise ValueError(f"unsupported PDQ index format {header.get('format')!r}")
            layout = Layout(tuple(int(bound) for bound in header["bounds"]))
            words = np.load(folder / "words.npy")
            ids = np.load(folder / "ids.npy")
            orders: list[NDArray[np.uint32]] = []
            offsets: list[NDArray[np.uint32]] = []
            if not header["brute_force"]:
                for chunk in range(layout.chunks):
                    orders.append(np.load(folder / f"order_{chunk}.npy"))
                    offsets.append(np.load(folder / f"offsets_{chunk}.npy"))
            size = header["size"]
        except (OSError, KeyError, TypeError, EOFError, ValueError) as error:
            # EOFError: np.load of a truncated file; TypeError: a header of the wrong shape
            raise ValueError(f"cannot load the PDQ index in {folder}: {error}") from error
        widths = layout.widths()
        if (
            layout.chunks < 1
            or layout.bounds[0] != 0
            or layout.bounds[-1] != PDQ_BITS
            or any(width <= 0 or width > 32 for width in widths)
            or words.shape != (size, 4)
            or ids.shape != (size,)
            or any(order.shape != (size,) for order in orders)
            or any(
                table.shape != ((1 << width) + 1,)
                for table, width in zip(offsets, widths, strict=False)
            )
        ):
            raise ValueError(f"the PDQ index in {folder} is damaged: sizes disagree")
        return cls(words, ids, layout, orders, offsets)


def _no_hits() -> Hits:
    return Hits(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int16))
