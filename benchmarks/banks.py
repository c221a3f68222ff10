"""Hash banks at scale: 10M PDQ hashes, lookups/s on 2 cores, recall, memory, load time.

The bars (issue 4): with 10,000,000 PDQ hashes in the bank, >= 4,000 lookups/s on 2
cores with >= 0.99 recall at distance <= 31 against brute force, resident memory
<= 4 GB and index load <= 30 s; and real photos, transformed, all match their
originals while unrelated photos never do.

What runs, each part in a fresh process so its memory is its own:

* ``ours``: builds ``watchkeeper.banks.pdq_index.PdqIndex`` over ``--hashes`` random
  PDQ hashes, saves it, and a second process loads it (timed) and answers queries
  with 1 and with 2 threads. Queries are half near-duplicates of bank hashes (0-31
  bits flipped, uniformly) and half unrelated random hashes. Recall is checked on
  ``--recall-queries`` near-duplicates against a full popcount scan of the bank.
* peers at ``--peer-hashes`` (1M by default; at 10M they need more memory than the
  machine has, which the run prints): python-threatexchange's ``PDQIndex`` (faiss
  multi-index hashing, what its ``PdqSignal`` uses) and faiss's exhaustive
  ``IndexBinaryFlat``, queried through a batch ``range_search`` as well.
* photos: ``benchmarks/banks_photos.py`` on scikit-image's bundled photos.

Random hashes are the hard case for multi-index hashing only in one way: their
chunks are uniformly spread, so bucket sizes are even; real banks with clusters of
near-identical hashes make some buckets longer. Timings are medians over ``--runs``.

    .venv/bin/python benchmarks/banks.py [--hashes 10000000] [--queries 20000]
        [--runs 3] [--peer-hashes 1000000] [--recall-queries 200] [--skip-photos]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
BATCH = 256
"""Queries handed to the index at once (the media detector batches the same way)."""


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def bank_hashes(count: int, seed: int = 7) -> NDArray[np.uint8]:
    return np.random.default_rng(seed).integers(0, 256, size=(count, 32), dtype=np.uint8)


def make_queries(
    bank: NDArray[np.uint8], count: int, seed: int = 11
) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
    """Half near-duplicates of bank rows (0-31 bits flipped), half random; the sources."""
    rng = np.random.default_rng(seed)
    near = count // 2
    sources = rng.integers(0, len(bank), size=near)
    bits = np.unpackbits(bank[sources], axis=1)
    for row in range(near):
        flipped = rng.choice(256, size=int(rng.integers(0, 32)), replace=False)
        bits[row, flipped] ^= 1
    queries = np.concatenate(
        [np.packbits(bits, axis=1), rng.integers(0, 256, (count - near, 32), dtype=np.uint8)]
    )
    return queries, np.concatenate([sources, np.full(count - near, -1)]).astype(np.int64)


def lookups_per_second(search: object, queries: NDArray[np.uint64], threads: int) -> float:
    """Queries answered per second, ``threads`` threads each taking batches in turn."""
    batches = [queries[i : i + BATCH] for i in range(0, len(queries), BATCH)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(search, batches))  # type: ignore[arg-type]
    return len(queries) / (time.perf_counter() - started)


# -- parts, each run in its own process ----------------------------------------------


def part_build(count: int, folder: str) -> dict[str, float]:
    from watchkeeper.banks.pdq_index import PdqIndex

    hashes = bank_hashes(count)
    started = time.perf_counter()
    index = PdqIndex.build(hashes)
    build = time.perf_counter() - started
    index.save(Path(folder))
    return {"build_s": build, "chunks": index.layout.chunks, "peak_mb": rss_mb()[1]}


def part_query(count: int, folder: str, queries: int, recall_queries: int) -> dict[str, object]:
    from watchkeeper.banks.pdq_index import PdqIndex, array_to_words, distances

    before = rss_mb()[0]
    started = time.perf_counter()
    index = PdqIndex.load(Path(folder))
    load = time.perf_counter() - started
    loaded_mb = rss_mb()[0]
    bank = bank_hashes(count)  # regenerated only to make queries and check recall
    query_bytes, _ = make_queries(bank, queries)
    del bank
    words = array_to_words(query_bytes)

    def search(batch: NDArray[np.uint64]) -> object:
        return index.search(batch)

    rates = {threads: lookups_per_second(search, words, threads) for threads in (1, 2)}
    # recall: near-duplicates checked against a full scan of the bank
    sample = words[: min(recall_queries, len(words) // 2)]
    expected: set[tuple[int, int]] = set()
    for row in range(len(sample)):
        found = distances(index.words, np.broadcast_to(sample[row], index.words.shape))
        expected |= {(row, int(hit)) for hit in np.nonzero(found <= 31)[0]}
    hits = index.search(sample)
    got = {(int(q), int(i)) for q, i in zip(hits.query, hits.ids, strict=True)}
    recall = len(got & expected) / max(1, len(expected))
    return {
        "load_s": load,
        "rss_loaded_mb": loaded_mb,
        "rss_before_mb": before,
        "qps_1": rates[1],
        "qps_2": rates[2],
        "recall": recall,
        "recall_pairs": len(expected),
        "false_pairs": len(got - expected),
        "near_found": int(np.isin(np.arange(len(sample)), hits.query).sum()),
        "peak_mb": rss_mb()[1],
    }


def part_matcher_build(count: int, folder: str) -> dict[str, float]:
    """The real ``MediaMatcher``: a bank of ``count`` PDQ entries in SQLite, built and saved."""
    import sqlite3

    from watchkeeper.banks.media_matcher import MediaMatcher
    from watchkeeper.banks.repository import BankRepository
    from watchkeeper.store.repository import Store

    database = Path(folder) / "bank.db"
    with Store.open(f"sqlite:///{database}") as store:
        store.migrate()
        BankRepository(store).create_bank("bench")
    hashes = bank_hashes(count)
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    rows = (
        ("bench", "pdq", value, value, 0, "benchmark", "2026-01-01 00:00:00.000000")
        for value in (row.tobytes().hex() for row in hashes)
    )
    connection.executemany(
        "INSERT INTO bank_entries (bank, signal_type, value_key, value, negative, provenance,"
        " added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    connection.close()
    insert = time.perf_counter() - started
    del hashes
    with Store.open(f"sqlite:///{database}") as store:
        started = time.perf_counter()
        matcher = MediaMatcher(BankRepository(store), Path(folder) / "index")
        matcher.start()
        build = time.perf_counter() - started
    return {"insert_s": insert, "build_s": build, "entries": len(matcher), "peak_mb": rss_mb()[1]}


def part_matcher_query(count: int, folder: str, queries: int) -> dict[str, object]:
    """A fresh process starts the matcher from its saved index and answers queries."""
    from watchkeeper.banks.media_matcher import MediaMatcher, MediaQuery
    from watchkeeper.banks.repository import BankRepository
    from watchkeeper.store.repository import Store

    query_bytes, sources = make_queries(bank_hashes(count), queries)
    batches = [
        [MediaQuery("pdq", row.tobytes().hex(), 100) for row in query_bytes[i : i + BATCH]]
        for i in range(0, len(query_bytes), BATCH)
    ]
    before = rss_mb()[0]
    with Store.open(f"sqlite:///{Path(folder) / 'bank.db'}") as store:
        started = time.perf_counter()
        matcher = MediaMatcher(BankRepository(store), Path(folder) / "index")
        matcher.start()
        load = time.perf_counter() - started
        loaded = rss_mb()[0]
        rates = {}
        for threads in (1, 2):
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=threads) as pool:
                found = list(pool.map(matcher.match, batches))
            rates[threads] = len(query_bytes) / (time.perf_counter() - started)
        flat = [hits for batch in found for hits in batch]
        near = int(np.sum(sources >= 0))
        matched = sum(1 for hits in flat[:near] if hits)
    return {
        "from_snapshot": matcher.loaded_from_snapshot,
        "load_s": load,
        "rss_loaded_mb": loaded,
        "rss_before_mb": before,
        "qps_1": rates[1],
        "qps_2": rates[2],
        "near_matched": matched / max(1, near),
        "peak_mb": rss_mb()[1],
    }


def part_matcher_rebuild(count: int, folder: str, queries: int) -> dict[str, object]:
    """Matching while ``COMPACT_DELTA`` new entries make the matcher rebuild its index.

    The detector's loop (refresh, then match a batch) runs on this thread until the
    background rebuild is swapped in; each call is timed, so the longest one is the
    pause a decision could see. Then the same rebuild is done the old way, on the
    matching thread (``compact``), for comparison.
    """
    from watchkeeper.banks import media_matcher
    from watchkeeper.banks.media_matcher import MediaMatcher, MediaQuery
    from watchkeeper.banks.repository import BankRepository, NewEntry
    from watchkeeper.store.repository import Store

    query_bytes, _ = make_queries(bank_hashes(count), queries)
    batches = [
        [MediaQuery("pdq", row.tobytes().hex(), 100) for row in query_bytes[i : i + BATCH]]
        for i in range(0, len(query_bytes), BATCH)
    ]
    fresh = bank_hashes(media_matcher.COMPACT_DELTA, seed=11)
    with Store.open(f"sqlite:///{Path(folder) / 'bank.db'}") as store:
        repository = BankRepository(store)
        matcher = MediaMatcher(repository, Path(folder) / "index")
        matcher.start()
        matcher.follower.refresh_seconds = 0.0
        repository.add_entries("bench", [NewEntry("pdq", row.tobytes().hex()) for row in fresh])
        compactions = matcher.compactions
        started = time.perf_counter()
        matcher.refresh_if_due()  # reads the 50,000 adds into the delta; starts the rebuild
        follow = time.perf_counter() - started
        latencies: list[float] = []
        answered = 0
        while matcher.compactions == compactions:
            batch = batches[len(latencies) % len(batches)]
            call = time.perf_counter()
            matcher.refresh_if_due()
            matcher.match(batch)
            latencies.append(time.perf_counter() - call)
            answered += len(batch)
        rebuild = time.perf_counter() - started
        ordered = sorted(latencies)
        in_background = matcher.compactions > compactions and bool(latencies)
        peak_matching = rss_mb()[1]
        child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        started = time.perf_counter()
        matcher.compact()
        blocking = time.perf_counter() - started
    return {
        "in_background": in_background,
        "follow_s": follow,
        "rebuild_s": rebuild,
        "qps_during": answered / (rebuild - follow),
        "batch_p50_ms": 1000 * ordered[len(ordered) // 2],
        "batch_max_ms": 1000 * ordered[-1],
        "compact_on_thread_s": blocking,
        "entries": len(matcher),
        "peak_mb": peak_matching,
        "rebuild_process_peak_mb": child_peak,
        "peak_after_compact_mb": rss_mb()[1],
    }


def part_peer(name: str, count: int, queries: int) -> dict[str, object]:
    """python-threatexchange's PDQIndex or faiss's flat binary index, at ``count`` hashes."""
    import faiss

    bank = bank_hashes(count)
    query_bytes, _ = make_queries(bank, queries)
    hexes = [row.tobytes().hex() for row in bank]
    query_hex = [row.tobytes().hex() for row in query_bytes]
    before = rss_mb()[0]
    started = time.perf_counter()
    if name == "threatexchange-PDQIndex":
        from threatexchange.signal_type.pdq.pdq_index import PDQIndex

        te_index: PDQIndex[int] = PDQIndex(zip(hexes, range(count), strict=True))
        del hexes
        build = time.perf_counter() - started
        faiss.omp_set_num_threads(2)
        started = time.perf_counter()
        found = sum(len(te_index.query(query)) for query in query_hex)
        per_hash = len(query_hex) / (time.perf_counter() - started)
        mih = te_index.index.mih_index  # type: ignore[attr-defined]
        mih.nflip = 31 // mih.nhash
        raw = te_index.index.faiss_index
    else:
        raw = faiss.IndexBinaryFlat(256)
        raw.add(bank)
        build = time.perf_counter() - started
        per_hash = float("nan")
        found = -1
    del bank
    faiss.omp_set_num_threads(2)
    started = time.perf_counter()
    raw.range_search(query_bytes, 32)
    batch_rate = len(query_bytes) / (time.perf_counter() - started)
    return {
        "build_s": build,
        "qps_per_hash_api": per_hash,
        "qps_batch_2_threads": batch_rate,
        "rss_mb": rss_mb()[0] - before,
        "found": found,
    }


def run_part(*args: str) -> dict[str, object]:
    """Run one part in a fresh interpreter and return its JSON result."""
    done = subprocess.run(
        [sys.executable, __file__, "--part", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def number(result: dict[str, object], key: str) -> float:
    value = result.get(key, float("nan"))
    return float(value) if isinstance(value, int | float) else float("nan")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report_ours(args: argparse.Namespace) -> dict[str, float]:
    builds: list[dict[str, object]] = []
    queries: list[dict[str, object]] = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="wk-pdq-") as folder:
            builds.append(run_part("build", str(args.hashes), folder))
            queries.append(
                run_part(
                    "query", str(args.hashes), folder, str(args.queries), str(args.recall_queries)
                )
            )
            print(f"  run {run + 1}: build {builds[-1]}  query {queries[-1]}", flush=True)

    def pick(rows: list[dict[str, object]], key: str) -> list[float]:
        return [number(row, key) for row in rows if key in row]

    summary = {
        "build_s": median(pick(builds, "build_s")),
        "build_peak_mb": median(pick(builds, "peak_mb")),
        "load_s": median(pick(queries, "load_s")),
        "rss_loaded_mb": median(pick(queries, "rss_loaded_mb")),
        "peak_mb": median(pick(queries, "peak_mb")),
        "qps_1": median(pick(queries, "qps_1")),
        "qps_2": median(pick(queries, "qps_2")),
        "recall": min(pick(queries, "recall") or [float("nan")]),
    }
    print(f"\nPDQ index, {args.hashes:,} hashes, medians over {args.runs} runs:")
    print(f"  build {summary['build_s']:.1f} s (peak RSS {summary['build_peak_mb']:,.0f} MB)")
    print(f"  load  {summary['load_s']:.2f} s          (bar <= 30 s)")
    print(
        f"  RSS after load {summary['rss_loaded_mb']:,.0f} MB, peak while querying "
        f"{summary['peak_mb']:,.0f} MB (bar <= 4,096 MB)"
    )
    print(
        f"  lookups/s: 1 thread {summary['qps_1']:,.0f}, 2 threads {summary['qps_2']:,.0f} "
        f"(bar >= 4,000 on 2 cores); per run: "
        + ", ".join(f"{value:,.0f}" for value in pick(queries, "qps_2"))
    )
    print(
        f"  recall at distance <= 31 vs brute force: {summary['recall']:.4f}"
        " (worst run; bar >= 0.99)"
    )
    return summary


def report_matcher(args: argparse.Namespace) -> None:
    """The whole media matcher at ``--hashes``: what ``serve`` and ``scan`` really load."""
    with tempfile.TemporaryDirectory(prefix="wk-bank-") as folder:
        build = run_part("matcher-build", str(args.hashes), folder)
        runs = [
            run_part("matcher-query", str(args.hashes), folder, str(args.queries))
            for _ in range(args.runs)
        ]
        rebuild = run_part("matcher-rebuild", str(args.hashes), folder, str(args.queries))
    print(f"\nMediaMatcher (bank in SQLite, saved index), {args.hashes:,} PDQ entries:")
    print(
        f"  SQLite insert {number(build, 'insert_s'):.0f} s, first start (read all entries,"
        f" build, save) {number(build, 'build_s'):.0f} s,"
        f" peak RSS {number(build, 'peak_mb'):,.0f} MB"
    )
    for key, text in (
        ("load_s", "start from the saved index, s (bar <= 30)"),
        ("rss_loaded_mb", "RSS after start, MB (bar <= 4,096)"),
        ("peak_mb", "peak RSS while matching, MB"),
        ("qps_1", "lookups/s, 1 thread"),
        ("qps_2", "lookups/s, 2 threads (bar >= 4,000)"),
        ("near_matched", "share of near-duplicate queries matched"),
    ):
        values = [number(run, key) for run in runs]
        print(f"  {text}: median {median(values):,.2f} ({', '.join(f'{v:,.2f}' for v in values)})")
    print(f"  every start used the saved index: {all(run.get('from_snapshot') for run in runs)}")
    if rebuild:
        print(
            f"  {number(rebuild, 'entries') - args.hashes:,.0f} new entries: followed in"
            f" {number(rebuild, 'follow_s'):.1f} s, then rebuilt in the background"
            f" ({rebuild.get('in_background')}) in {number(rebuild, 'rebuild_s'):.0f} s,"
            " matching meanwhile at"
            f" {number(rebuild, 'qps_during'):,.0f} lookups/s on the matching thread (batches of"
            f" {BATCH}: median {number(rebuild, 'batch_p50_ms'):.1f} ms, longest"
            f" {number(rebuild, 'batch_max_ms'):,.0f} ms); done on the matching thread instead"
            f" it would pause matching {number(rebuild, 'compact_on_thread_s'):.0f} s."
            f" Peak RSS: matching process {number(rebuild, 'peak_mb'):,.0f} MB, rebuild process"
            f" {number(rebuild, 'rebuild_process_peak_mb'):,.0f} MB (the rebuild on the"
            f" matching thread: {number(rebuild, 'peak_after_compact_mb'):,.0f} MB)"
        )


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def report_freshness(runs: int) -> None:
    """Seconds from adding a hash through the HTTP API to a post with it being matched.

    A real ``watchkeeper serve`` (all detectors, SQLite) on loopback; the entry is
    added through ``POST /v1/banks/{name}/entries`` and a new post carrying the hash is
    sent every 0.25 s until its decision has a ``known_media`` signal.
    """
    import os

    import httpx

    print("\nFreshness: a hash added through the API, until a post with it is matched:")
    with tempfile.TemporaryDirectory(prefix="wk-fresh-") as folder:
        port = free_port()
        env = dict(os.environ, WATCHKEEPER_API_TOKENS='["bench"]')
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("watchkeeper")),
                "serve",
                "--port",
                str(port),
                "--db",
                f"sqlite:///{Path(folder) / 'fresh.db'}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": "Bearer bench"},
            trust_env=False,
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            client.post("/v1/banks", json={"name": "fresh"}).raise_for_status()
            waits: list[float] = []
            rng = np.random.default_rng(5)
            for run in range(runs):
                value = rng.integers(0, 256, 32, dtype=np.uint8).tobytes().hex()
                added = time.monotonic()
                client.post(
                    "/v1/banks/fresh/entries",
                    json={"entries": [{"signal_type": "pdq", "value": value}]},
                ).raise_for_status()
                attempt = 0
                while time.monotonic() - added < 90:
                    attempt += 1
                    event_id = f"fresh-{run}-{attempt}"
                    post = {
                        "kind": "post",
                        "id": event_id,
                        "author_id": "a",
                        "media": [{"pdq": value}],
                    }
                    client.post("/v1/events", json={"events": [post]}).raise_for_status()
                    decision = client.get(f"/v1/decisions/{event_id}")
                    while decision.status_code == 202:
                        time.sleep(0.05)
                        decision = client.get(f"/v1/decisions/{event_id}")
                    labels = {signal["label"] for signal in decision.json().get("signals", [])}
                    if "known_media" in labels:
                        waits.append(time.monotonic() - added)
                        break
                    time.sleep(0.25)
            print(
                f"  seconds until matchable (bar <= 60): median {median(waits):.1f}, "
                f"max {max(waits, default=float('nan')):.1f} over {len(waits)} of {runs} runs"
            )
        finally:
            client.close()
            server.terminate()
            server.wait(30)


def report_peers(args: argparse.Namespace) -> None:
    print(f"\nPeers at {args.peer_hashes:,} hashes (same queries mix, 2 threads for faiss):")
    for name in ("threatexchange-PDQIndex", "faiss-IndexBinaryFlat"):
        result = run_part("peer", name, str(args.peer_hashes), str(min(args.queries, 4000)))
        print(f"  {name}: {result}")
    with tempfile.TemporaryDirectory(prefix="wk-pdq-") as folder:
        build = run_part("build", str(args.peer_hashes), folder)
        query = run_part("query", str(args.peer_hashes), folder, str(args.queries), "0")
    print(
        f"  ours at {args.peer_hashes:,}: build {number(build, 'build_s'):.1f} s, "
        f"RSS {number(query, 'rss_loaded_mb'):,.0f} MB, lookups/s 1 thread "
        f"{number(query, 'qps_1'):,.0f}, 2 threads {number(query, 'qps_2'):,.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--hashes", type=int, default=10_000_000)
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-hashes", type=int, default=1_000_000)
    parser.add_argument("--recall-queries", type=int, default=200)
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--skip-matcher", action="store_true")
    parser.add_argument("--skip-freshness", action="store_true")
    parser.add_argument("--skip-photos", action="store_true")
    parser.add_argument("--part", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part:
        kind, *rest = args.part
        if kind == "build":
            result: dict[str, object] = dict(part_build(int(rest[0]), rest[1]))
        elif kind == "query":
            result = part_query(int(rest[0]), rest[1], int(rest[2]), int(rest[3]))
        elif kind == "matcher-build":
            result = dict(part_matcher_build(int(rest[0]), rest[1]))
        elif kind == "matcher-query":
            result = part_matcher_query(int(rest[0]), rest[1], int(rest[2]))
        elif kind == "matcher-rebuild":
            result = part_matcher_rebuild(int(rest[0]), rest[1], int(rest[2]))
        else:
            result = part_peer(rest[0], int(rest[1]), int(rest[2]))
        print(json.dumps(result))
        return 0
    report_ours(args)
    if not args.skip_matcher:
        report_matcher(args)
    if not args.skip_peers:
        report_peers(args)
    if not args.skip_freshness:
        report_freshness(args.runs)
    if not args.skip_photos:
        from banks_photos import main as photos_main  # type: ignore[import-not-found,unused-ignore]

        photos_main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
