"""End-to-end throughput of ``watchkeeper scan``: posts/second with every shipped detector.

Builds a stream of N posts from the real texts in the shipped demo stream (each
post gets a fresh id, so nothing is deduplicated), then runs the real CLI in a
subprocess against a fresh SQLite file (and, with ``--postgres``, a fresh PostgreSQL
database) several times, and prints the median. Start-up, parsing, detectors,
policy, persistence and writing the decisions file are all inside the timing.

    .venv/bin/python benchmarks/pipeline.py --posts 100000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from watchkeeper.demo import iter_demo_events
from watchkeeper.model import PostEvent

WATCHKEEPER = Path(sys.executable).with_name("watchkeeper")
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def write_posts(path: Path, count: int) -> None:
    """N post events cycling through the demo stream's real texts, authors and languages."""
    posts = [event for event in iter_demo_events() if isinstance(event, PostEvent)]
    with path.open("w", encoding="utf-8") as out:
        for index in range(count):
            base = posts[index % len(posts)]
            line = {
                "kind": "post",
                "id": f"bench-{index:07d}",
                "author_id": f"{base.author_id}-{index % 5000}",
                "text": base.text,
                "lang": base.lang,
                "created_at": "2014-09-20T12:00:00+00:00",
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def time_scan(events: Path, database_url: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(WATCHKEEPER), "scan", str(events), "--db", database_url, "--out", "/dev/null"],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def postgres_database(admin_url: str) -> tuple[str, str]:
    """Create a fresh database for one run; returns (url, name)."""
    import sqlalchemy

    name = f"wk_bench_{uuid.uuid4().hex[:10]}"
    engine = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}", name


def drop_database(admin_url: str, name: str) -> None:
    import sqlalchemy

    engine = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=DEFAULT_PG,
        default=None,
        help="also time PostgreSQL (admin URL; default local server)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        events = Path(folder) / "posts.jsonl"
        write_posts(events, args.posts)
        backends: dict[str, list[float]] = {"sqlite": []}
        for run in range(args.runs):
            database = Path(folder) / f"run{run}.db"
            backends["sqlite"].append(time_scan(events, f"sqlite:///{database}"))
        if args.postgres:
            backends["postgresql"] = []
            for _ in range(args.runs):
                url, name = postgres_database(args.postgres)
                try:
                    backends["postgresql"].append(time_scan(events, url))
                finally:
                    drop_database(args.postgres, name)

    print(f"watchkeeper scan, {args.posts:,} posts, all shipped detectors, {args.runs} runs each")
    for backend, seconds in backends.items():
        rates = [args.posts / s for s in seconds]
        print(
            f"  {backend:<10} median {statistics.median(rates):>8,.0f} posts/s "
            f"(runs: {', '.join(f'{r:,.0f}' for r in rates)}; "
            f"median wall {statistics.median(seconds):.1f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
