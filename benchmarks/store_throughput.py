"""Store throughput: ingest and process_pending on SQLite (or any URL), trivial judge.

Usage: python benchmarks/store_throughput.py [--events 100000] [--batch 500] [--url URL]

Prints events/s for ingest (one transaction and --batch-sized batches) and for
process_pending with a judge that allows everything, with the median and p95 time per
batch and the median store time alone (the batch minus the judge's own time). The 95th
percentile includes Python's garbage collector, which this script provokes by keeping
every event alive.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from watchkeeper.model import AccountContext, Decision, Event, PostEvent
from watchkeeper.store.records import ProcessedEvent
from watchkeeper.store.repository import Store

NOW = datetime.now(UTC)
judge_seconds: list[float] = []


def allow_all(batch: list[Event], known: Mapping[str, AccountContext]) -> list[ProcessedEvent]:
    start = time.perf_counter()
    results = [
        ProcessedEvent(
            event=event,
            decision=Decision(
                event_id=event.id, event_kind=event.kind, policy_version="bench", decided_at=NOW
            ),
        )
        for event in batch
    ]
    judge_seconds.append(time.perf_counter() - start)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--url", help="an empty database (default: temporary SQLite files)")
    args = parser.parse_args()
    total, size = args.events, args.batch
    events: list[Event] = [
        PostEvent(id=f"post-{i}", author_id=f"user-{i % 5000}", text=f"hello number {i}")
        for i in range(total)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("one transaction", f"{size}-event batches"):
            url = args.url or f"sqlite:///{Path(tmp) / (name.split()[0] + '.db')}"
            with Store.open(url) as store:
                store.migrate()
                start = time.perf_counter()
                if name == "one transaction":
                    store.ingest(events)
                else:
                    for i in range(0, total, size):
                        store.ingest(events[i : i + size])
                took = time.perf_counter() - start
                print(f"ingest, {name}: {total / took:,.0f} events/s ({took:.2f} s)")
                if args.url:  # one database: the second pass would only find duplicates
                    break
        with Store.open(args.url or f"sqlite:///{Path(tmp) / (str(size) + '-event.db')}") as store:
            per_batch: list[float] = []
            start = time.perf_counter()
            while True:
                t0 = time.perf_counter()
                if not store.process_pending(size, allow_all):
                    break
                per_batch.append(time.perf_counter() - t0)
            took = time.perf_counter() - start
            store_only = sorted(b - j for b, j in zip(per_batch, judge_seconds, strict=True))
            per_batch.sort()
            print(
                f"process_pending, {size}-event batches: {total / took:,.0f} events/s; per batch "
                f"median {statistics.median(per_batch) * 1000:.1f} ms, "
                f"p95 {per_batch[int(len(per_batch) * 0.95)] * 1000:.1f} ms; store time alone "
                f"(minus the judge) median {statistics.median(store_only) * 1000:.1f} ms"
            )
            assert store.stats()["decisions"] == total


if __name__ == "__main__":
    main()
