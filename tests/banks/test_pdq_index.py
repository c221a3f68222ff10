"""``watchkeeper.banks.pdq_index``: exact range search, checked against a plain popcount.

Every search result is compared with an independent brute-force answer (XOR of the
hash bytes, ``unpackbits``, sum), below and above ``BRUTE_FORCE_BELOW``, at the
distances that matter: 0 (exact), 31 (PDQ's customary threshold), 32 (one past it,
where a pigeonhole off-by-one would show) and 40 (further than the layout was chosen
for).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from watchkeeper.banks.pdq_index import (
    BRUTE_FORCE_BELOW,
    BRUTE_FORCE_PAIRS,
    MAX_CHUNK_BITS_FOR_SMALL,
    PDQ_BITS,
    Hits,
    Layout,
    PdqIndex,
    array_to_words,
    chunk_values,
    distances,
    hashes_to_array,
    words_to_hex,
)

Bytes = NDArray[np.uint8]
DISTANCES = (0, 31, 32, 40)


def random_hashes(count: int, seed: int) -> Bytes:
    return np.random.default_rng(seed).integers(0, 256, (count, 32), dtype=np.uint8)


def flipped(hash_bytes: Bytes, bits: int, rng: np.random.Generator) -> Bytes:
    """``hash_bytes`` with exactly ``bits`` distinct bits flipped."""
    unpacked = np.unpackbits(hash_bytes.copy())
    where = rng.choice(PDQ_BITS, size=bits, replace=False)
    unpacked[where] ^= 1
    return np.packbits(unpacked)


def queries_near(hashes: Bytes, seed: int) -> Bytes:
    """Copies of some indexed hashes at distances around the thresholds, plus strangers."""
    rng = np.random.default_rng(seed)
    rows: list[Bytes] = []
    for bits in (0, 1, 15, 30, 31, 32, 33, 39, 40, 41, 60):
        for row in rng.choice(len(hashes), size=3, replace=False):
            rows.append(flipped(hashes[row], bits, rng))
    rows.extend(random_hashes(5, seed + 1))
    return np.stack(rows)


def brute_force(
    hashes: Bytes, ids: list[int], queries: Bytes, limit: int
) -> set[tuple[int, int, int]]:
    """(query row, id, distance) of every pair within ``limit``, by popcount of the bytes."""
    found: set[tuple[int, int, int]] = set()
    for row, query in enumerate(queries):
        counts = np.unpackbits(np.bitwise_xor(hashes, query), axis=1).sum(axis=1)
        for position in np.flatnonzero(counts <= limit):
            found.add((row, ids[position], int(counts[position])))
    return found


def as_set(hits: Hits) -> set[tuple[int, int, int]]:
    triples = zip(hits.query.tolist(), hits.ids.tolist(), hits.distance.tolist(), strict=True)
    found = set(triples)
    assert len(found) == len(hits), "no (query, entry) pair is reported twice"
    return found


@pytest.mark.parametrize("size", [1, 300, BRUTE_FORCE_BELOW - 1, BRUTE_FORCE_BELOW, 20_000])
def test_search_is_exact_against_a_popcount_at_every_distance(size: int) -> None:
    hashes = random_hashes(size, seed=size)
    ids = [7 + 3 * row for row in range(size)]
    index = PdqIndex.build(hashes, np.array(ids, dtype=np.int64))
    assert index.brute_force == (size < BRUTE_FORCE_BELOW)
    queries = queries_near(hashes, seed=size) if size >= 3 else hashes
    words = array_to_words(queries)
    for limit in DISTANCES:
        expected = brute_force(hashes, ids, queries, limit)
        assert as_set(index.search(words, limit)) == expected, f"distance {limit}"
    # the planted near copies are really found (the comparison above is not vacuous)
    if size >= 3:
        assert len(brute_force(hashes, ids, queries, 31)) >= 3 * 5


def test_results_are_ordered_by_query_then_row() -> None:
    hashes = random_hashes(5_000, seed=3)
    queries = np.concatenate([hashes[[40, 10, 40]], hashes[[10]]])
    for index in (PdqIndex.build(hashes), PdqIndex.build(hashes[:3_000])):
        hits = index.search(array_to_words(queries), 0)
        assert hits.ids.tolist() == [40, 10, 40, 10]
        assert hits.query.tolist() == sorted(hits.query.tolist())


def test_ids_are_carried_and_duplicate_hashes_are_all_found() -> None:
    hashes = random_hashes(3, seed=4)
    ids = np.array([10**12, -5, 42, 7, 99], dtype=np.int64)
    doubled = np.concatenate([hashes, hashes[[1]], hashes[[1]]])
    for filler in (0, 5_000):  # brute force, then the chunk tables
        bank = np.concatenate([doubled, random_hashes(filler, seed=5)])
        bank_ids = np.concatenate([ids, np.arange(1_000, 1_000 + filler, dtype=np.int64)])
        index = PdqIndex.build(bank, bank_ids)
        assert index.brute_force == (filler == 0)
        hits = index.search(array_to_words(hashes[[1, 0]]), 0)
        assert as_set(hits) == {(0, -5, 0), (0, 7, 0), (0, 99, 0), (1, 10**12, 0)}


def test_ids_default_to_row_numbers_and_must_match_the_hashes() -> None:
    hashes = random_hashes(4, seed=6)
    index = PdqIndex.build(hashes)
    assert index.search(array_to_words(hashes[[2]]), 0).ids.tolist() == [2]
    with pytest.raises(ValueError, match="4 hashes but 3 ids"):
        PdqIndex.build(hashes, np.arange(3, dtype=np.int64))


def test_hex_in_words_out_and_the_word_form_is_accepted_by_build() -> None:
    values = ["00" * 32, "ff" * 32, "0123456789abcdef" * 4]
    words = array_to_words(hashes_to_array(values))
    assert words.shape == (3, 4) and words.dtype == np.uint64
    assert words_to_hex(words) == values
    assert int(words[2, 0]) == 0x0123456789ABCDEF  # most significant bits first
    by_words = PdqIndex.build(words, np.array([5, 6, 7], dtype=np.int64))
    by_hex = PdqIndex.from_hex([v.upper() for v in values], [5, 6, 7])
    assert np.array_equal(by_words.words, by_hex.words)
    query = array_to_words(hashes_to_array(["00" * 31 + "07"]))
    assert as_set(by_hex.search(query, 3)) == {(0, 5, 3)}
    assert distances(words, words[[1, 1, 1]]).tolist() == [256, 0, 128]


def test_an_empty_index_and_empty_queries_find_nothing() -> None:
    empty = PdqIndex.from_hex([], [])
    assert len(empty) == 0
    some = array_to_words(random_hashes(2, seed=7))
    assert len(empty.search(some)) == 0
    for index in (PdqIndex.build(random_hashes(10, 8)), PdqIndex.build(random_hashes(5_000, 8))):
        for no_queries in (np.zeros((0, 4), np.uint64), array_to_words(hashes_to_array([]))):
            hits = index.search(no_queries, 31)
            assert len(hits) == 0 and hits.query.dtype == np.int64


def test_one_query_may_be_a_single_row_of_four_words() -> None:
    hashes = random_hashes(10, seed=9)
    index = PdqIndex.build(hashes)
    assert index.search(array_to_words(hashes)[4], 0).ids.tolist() == [4]


@pytest.mark.parametrize("bad", [-1, 256, 1000])
def test_a_distance_out_of_range_is_refused(bad: int) -> None:
    index = PdqIndex.build(random_hashes(2, seed=10))
    with pytest.raises(ValueError, match=f"max_distance must be in 0..255, not {bad}"):
        index.search(index.words, bad)


def test_brute_force_searches_in_steps_when_there_are_many_queries() -> None:
    size = BRUTE_FORCE_BELOW - 96
    hashes = random_hashes(size, seed=11)
    queries = np.concatenate([hashes[::-1], hashes[:200]])
    assert len(queries) * size > BRUTE_FORCE_PAIRS  # more than one step
    hits = PdqIndex.build(hashes).search(array_to_words(queries), 0)
    expected = [(row, size - 1 - row) for row in range(size)]
    expected += [(size + row, row) for row in range(200)]
    assert list(zip(hits.query.tolist(), hits.ids.tolist(), strict=True)) == expected


def test_hashes_to_array_names_the_bad_hash() -> None:
    good = "ab" * 32
    with pytest.raises(ValueError, match=r"PDQ hash #1 is not 64 hex characters: 'abc'"):
        hashes_to_array([good, "abc", good])
    with pytest.raises(ValueError, match=r"PDQ hash #2 is not hexadecimal: 'zz"):
        hashes_to_array([good, good, "zz" * 32])
    with pytest.raises(ValueError, match=r"PDQ hash #0 is not 64 hex characters"):
        hashes_to_array([good + "00"])
    # lengths that add up to whole hashes
    with pytest.raises(ValueError, match=r"PDQ hash #1 is not 64 hex characters"):
        hashes_to_array([good, "ab" * 33, "ab" * 31])
    # 64 characters whose spaces ``bytes.fromhex`` would silently skip
    spaced = "ab" * 30 + " ab "
    with pytest.raises(ValueError, match=r"PDQ hash #1 is not hexadecimal"):
        hashes_to_array([good, spaced])
    assert hashes_to_array([]).shape == (0, 32)


def test_layouts_cover_all_bits_and_stay_narrow_for_small_banks() -> None:
    for chunks in range(8, 33):
        layout = Layout.even(chunks)
        assert layout.chunks == chunks
        assert layout.bounds[0] == 0 and layout.bounds[-1] == PDQ_BITS
        assert sum(layout.widths()) == PDQ_BITS
        assert max(layout.widths()) - min(layout.widths()) <= 1
    for size in (0, 1, 100, BRUTE_FORCE_BELOW, 20_000, 1_000_000, 10_000_000):
        layout = Layout.for_size(size)
        assert 8 <= layout.chunks <= 32
        widest = max(MAX_CHUNK_BITS_FOR_SMALL, int(np.ceil(np.log2(max(size, 2)))) + 1)
        assert max(layout.widths()) <= widest
    assert Layout.for_size(20_000).widths() == [16] * 16
    assert max(Layout.for_size(10_000_000).widths()) >= 20  # about one entry per probe
    assert Layout.for_size(10_000_000).chunks < Layout.for_size(20_000).chunks


@pytest.mark.parametrize("chunks", [8, 11, 13, 16, 23, 32])
def test_chunk_values_read_the_right_bits_across_word_boundaries(chunks: int) -> None:
    hashes = random_hashes(50, seed=chunks)
    layout = Layout.even(chunks)
    values = chunk_values(array_to_words(hashes), layout)
    bits = np.unpackbits(hashes, axis=1)
    for chunk, (start, end) in enumerate(zip(layout.bounds, layout.bounds[1:], strict=False)):
        expected = [int("".join(map(str, row[start:end])), 2) for row in bits]
        assert values[:, chunk].tolist() == expected


@pytest.mark.parametrize("size", [30, 5_000])
def test_save_and_load_give_the_same_answers(size: int, tmp_path: Path) -> None:
    hashes = random_hashes(size, seed=12)
    index = PdqIndex.build(hashes, np.arange(100, 100 + size, dtype=np.int64))
    index.save(tmp_path / "pdq")
    loaded = PdqIndex.load(tmp_path / "pdq")
    assert loaded.brute_force == index.brute_force
    assert loaded.layout == index.layout
    assert np.array_equal(loaded.ids, index.ids)
    queries = array_to_words(queries_near(hashes, seed=13))
    assert as_set(loaded.search(queries, 32)) == as_set(index.search(queries, 32))


def damage_header(folder: Path, **changes: object) -> None:
    header = json.loads((folder / "header.json").read_text(encoding="utf-8"))
    header.update(changes)
    (folder / "header.json").write_text(json.dumps(header), encoding="utf-8")


def test_a_missing_or_damaged_folder_raises_value_error(tmp_path: Path) -> None:
    index = PdqIndex.build(random_hashes(BRUTE_FORCE_BELOW, seed=14))
    folder = tmp_path / "pdq"

    def fresh() -> Path:
        index.save(folder)
        return folder

    with pytest.raises(ValueError, match="cannot load the PDQ index"):
        PdqIndex.load(tmp_path / "nowhere")
    damage_header(fresh(), format=99)
    with pytest.raises(ValueError, match="unsupported PDQ index format 99"):
        PdqIndex.load(folder)
    damage_header(fresh(), size=7)
    with pytest.raises(ValueError, match="damaged: sizes disagree"):
        PdqIndex.load(folder)
    (fresh() / "order_3.npy").unlink()
    with pytest.raises(ValueError, match="cannot load the PDQ index"):
        PdqIndex.load(folder)
    (fresh() / "header.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot load the PDQ index"):
        PdqIndex.load(folder)
    (fresh() / "header.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="PDQ index"):
        PdqIndex.load(folder)
    (fresh() / "words.npy").write_bytes(b"")  # truncated by a full disk
    with pytest.raises(ValueError, match="PDQ index"):
        PdqIndex.load(folder)
    (fresh() / "ids.npy").write_bytes(b"\x93NUMPY garbage")
    with pytest.raises(ValueError):
        PdqIndex.load(folder)
    np.save(fresh() / "offsets_0.npy", np.zeros(3, dtype=np.uint32))
    with pytest.raises(ValueError, match="damaged"):
        PdqIndex.load(folder)
    for bounds in ([0, 100, 200], [], "x"):
        damage_header(fresh(), bounds=bounds)
        with pytest.raises(ValueError, match="PDQ index"):
            PdqIndex.load(folder)
