"""Ban-evasion index at scale: build time, memory, save/load and lookup latency at 1M accounts.

The bars (issue 5): with 1,000,000 suspended accounts, index build <= 60 s, resident
memory <= 2 GB, lookup p99 <= 5 ms. The suspended usernames mix every real @handle
in the public sets (~28k) with names drawn from them (``training/evasion_names``:
name parts recombined, a character Markov chain, real names renumbered), so the
trigram statistics are those of real usernames; 5% carry a display name and 2% an
email and IP. Queries are half successors of indexed names (``evasion_transforms``)
and half newly drawn unrelated names; each lookup is a full ``EvasionMatcher.match``
(candidates, features, model, reasons for the top 10). The naive baseline (rapidfuzz
``ratio`` against every suspended username, the usual first attempt) is timed on a
smaller index, since it scans all of it per query.

Each figure is the median over ``--runs`` runs (a fresh index per run).

    .venv/bin/python benchmarks/evasion.py [--accounts 1000000] [--queries 10000]
        [--runs 3] [--baseline-accounts 100000] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

from evasion_data import load_handles  # noqa: E402
from evasion_names import NameGenerator  # noqa: E402
from evasion_transforms import evade  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from watchkeeper.evasion.index import SuspendedIndex  # noqa: E402
from watchkeeper.evasion.matcher import EvasionMatcher  # noqa: E402
from watchkeeper.evasion.profile import AccountProfile  # noqa: E402
from watchkeeper.evasion.storage import load_index, save_index  # noqa: E402


def rss_mb() -> float:
    """Resident memory of this process now (Linux ``/proc``), else the peak so far."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return peak_mb()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def suspended_names(real: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    generator = NameGenerator(real, rng)
    names = real[:count]
    names += list(generator.names(count - len(names)))
    return names


def profiles(names: list[str], seed: int) -> Iterator[AccountProfile]:
    rng = random.Random(seed)
    for i, name in enumerate(names):
        extra: dict[str, str] = {}
        pick = rng.random()
        if pick < 0.05:
            extra["display_name"] = name.replace("_", " ").title()
        if pick < 0.02:
            extra["email"] = f"{name.lower()}{i}@example.org"
            extra["ip"] = f"10.{i % 256}.{(i >> 8) % 256}.{(i >> 16) % 256}"
        yield AccountProfile(id=f"s{i}", username=name, **extra)


def queries(names: list[str], real: list[str], count: int, seed: int) -> list[AccountProfile]:
    """Even ids: successors of indexed names; odd: unrelated names (never an indexed one)."""
    rng = random.Random(seed + 1)
    fresh = NameGenerator(real, random.Random(seed + 2))
    taken = {name.lower() for name in names}
    found = []
    for i in range(count):
        if i % 2 == 0:
            name, _ = evade(rng.choice(names), rng)
        else:
            name = fresh.name()
            while name.lower() in taken:  # usernames are unique on a platform
                name = fresh.name()
        found.append(AccountProfile(id=f"q{i}", username=name))
    return found


def matcher_threshold() -> float:
    from watchkeeper.evasion.scoring import default_model

    return default_model().thresholds["username"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-accounts", type=int, default=100_000)
    parser.add_argument("--baseline-queries", type=int, default=500)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)

    real = sorted(set().union(*load_handles(args.data).values()))
    names = suspended_names(real, args.accounts, seed=1)
    asked = queries(names, real, args.queries, seed=1)
    print(
        f"{len(names):,} suspended names ({min(len(real), len(names)):,} real handles), "
        f"{len(asked):,} queries (half successors, half unrelated)",
        flush=True,
    )

    builds, saves, loads, p50s, p99s, rss_after, sizes = [], [], [], [], [], [], []
    for run in range(args.runs):
        gc.collect()
        started = time.perf_counter()
        index = SuspendedIndex()
        index.add_many(profiles(names, seed=run))
        builds.append(time.perf_counter() - started)
        gc.collect()
        rss_after.append(rss_mb())
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "suspended.npz"
            started = time.perf_counter()
            save_index(index, path)
            saves.append(time.perf_counter() - started)
            sizes.append(path.stat().st_size / 2**20)
            del index
            gc.collect()
            started = time.perf_counter()
            index = load_index(path)
            loads.append(time.perf_counter() - started)
        matcher = EvasionMatcher(index)
        timings = []
        flags = [0, 0]
        for number, profile in enumerate(asked):
            started_ns = time.perf_counter_ns()
            found = matcher.match(profile, top=10)
            timings.append((time.perf_counter_ns() - started_ns) / 1e6)
            flags[number % 2] += matcher.is_flagged(profile, found)
        p50s.append(percentile(timings, 0.5))
        p99s.append(percentile(timings, 0.99))
        print(
            f"run {run + 1}: build {builds[-1]:.1f} s, rss {rss_after[-1]:.0f} MB, "
            f"save {saves[-1]:.2f} s ({sizes[-1]:.0f} MB), load {loads[-1]:.2f} s, "
            f"lookup p50 {p50s[-1]:.2f} ms p99 {p99s[-1]:.2f} ms",
            flush=True,
        )
        del matcher, index

    half = max(len(asked) // 2, 1)
    median = statistics.median
    print(f"\n== {len(names):,} suspended accounts, medians of {args.runs} runs ==")
    print(f"index build:      {median(builds):.1f} s   (bar <= 60 s)")
    print(
        f"resident memory:  {median(rss_after):.0f} MB after build, peak {peak_mb():.0f} MB"
        "   (bar <= 2048 MB)"
    )
    print(
        f"save / load:      {median(saves):.2f} s / {median(loads):.2f} s, "
        f"file {median(sizes):.0f} MB"
    )
    print(
        f"lookup latency:   p50 {median(p50s):.2f} ms, p99 {median(p99s):.2f} ms over "
        f"{len(asked):,} queries   (bar p99 <= 5 ms)"
    )

    print(
        f"flagged at the shipped username-only threshold ({matcher_threshold():.3f}), last run: "
        f"{100 * flags[0] / half:.1f}% of successors, {100 * flags[1] / half:.1f}% of "
        "unrelated names (a crowded index: successors of names drawn from common parts)"
    )

    small = [name.lower() for name in names[: args.baseline_accounts]]
    timings = []
    for profile in asked[: args.baseline_queries]:
        started_ns = time.perf_counter_ns()
        process.extractOne(profile.username.lower(), small, scorer=fuzz.ratio)
        timings.append((time.perf_counter_ns() - started_ns) / 1e6)
    print(
        f"naive baseline:   p50 {percentile(timings, 0.5):.2f} ms, "
        f"p99 {percentile(timings, 0.99):.2f} ms per query scanning {len(small):,} names "
        f"(~{percentile(timings, 0.5) * len(names) / max(len(small), 1):.0f} ms at "
        f"{len(names):,})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
