"""Cost of the threat-cue extractor per post, on 10k real posts in four languages, one core.

The extractor runs only on posts a threat classifier flagged, so its budget is loose
(~200 µs a post), but it must be measured, not assumed. This takes up to 2,000 posts
from each of five public sets in ../shared/data (English: ISIS-supporter tweets and
Gab posts; German: GermEval violence tweets; Arabic: ArMI 2021; French:
CyberAgressionAdo), shuffles them, and prints µs per post for a cold first pass
(empty token caches), then the other half never seen before (the steady state: the
caches know the language, not the post), then the median of several passes over
all posts again (every word cached: a lower bound) by wall clock and by CPU
time (steadier on a shared machine), the per-post p50/p99,
and how often each cue kind and target fires per source (for a sense of coverage,
not a quality metric: most of these posts are not threats).

    .venv/bin/python benchmarks/cues.py [--data ../shared/data] [--per-source 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from watchkeeper.classifiers.cues import extract_cues

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data"
SOURCES: dict[str, tuple[str, str, str]] = {
    # name: (relative path, delimiter, text column)
    "en isis_fanboy": ("isis_fanboy/IsisFanboy_dev.csv", ",", "tweets"),
    "en gab": ("gab_hate_corpus/ghc_train.tsv", "\t", "text"),
    "de germeval vio": ("germeval_harmful/GermEval2025/data/vio/vio_train.csv", ";", "description"),
    "ar armi2021": ("armi2021/ArMI2021_training.tsv", "\t", "text"),
    "fr cyberagressionado": ("cyberagressionado_fr/cyberagressionado_scenarii.csv", ",", "TEXT"),
}


def _rows(path: Path, delimiter: str, column: str) -> Iterator[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=delimiter):
            text = (row.get(column) or "").strip()
            if text:
                yield text


def load(data: Path, per_source: int) -> list[tuple[str, str]]:
    """Up to ``per_source`` distinct texts from each source, as (source, text), shuffled."""
    posts: list[tuple[str, str]] = []
    for name, (relative, delimiter, column) in SOURCES.items():
        path = data / relative
        if not path.exists():
            print(f"skipping {name}: {path} not found")
            continue
        texts = list(dict.fromkeys(_rows(path, delimiter, column)))
        random.Random(2014).shuffle(texts)
        posts += [(name, text) for text in texts[:per_source]]
    random.Random(9).shuffle(posts)
    return posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-source", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    posts = load(args.data, args.per_source)
    texts = [text for _, text in posts]
    if not texts:
        raise SystemExit("no posts found")
    mean_chars = statistics.mean(len(text) for text in texts)
    print(f"{len(texts)} posts, mean {mean_chars:.0f} characters")

    half = len(texts) // 2
    start = time.perf_counter()
    results = [extract_cues(text) for text in texts[:half]]
    cold = (time.perf_counter() - start) / half * 1e6
    start, cpu_start = time.perf_counter(), time.process_time()
    results += [extract_cues(text) for text in texts[half:]]
    unseen = (time.perf_counter() - start) / (len(texts) - half) * 1e6
    unseen_cpu = (time.process_time() - cpu_start) / (len(texts) - half) * 1e6
    warm_runs, cpu_runs = [], []
    for _ in range(args.runs):  # every post again: all words cached (a lower bound)
        start, cpu_start = time.perf_counter(), time.process_time()
        for text in texts:
            extract_cues(text)
        warm_runs.append((time.perf_counter() - start) / len(texts) * 1e6)
        cpu_runs.append((time.process_time() - cpu_start) / len(texts) * 1e6)
    each = []
    for text in texts:
        start_ns = time.perf_counter_ns()
        extract_cues(text)
        each.append((time.perf_counter_ns() - start_ns) / 1000)
    each.sort()
    print(f"cold: first {half} posts, empty caches: {cold:.1f} µs/post")
    print(
        f"steady: the other {len(texts) - half} posts, never seen, caches warmed by the first: "
        f"{unseen:.1f} µs/post ({unseen_cpu:.1f} CPU)"
    )
    runs = " / ".join(f"{run:.1f}" for run in warm_runs)
    print(f"warm: median {statistics.median(warm_runs):.1f} µs/post (runs {runs})")
    cpu = " / ".join(f"{run:.1f}" for run in cpu_runs)
    print(f"warm, CPU time: median {statistics.median(cpu_runs):.1f} µs/post (runs {cpu})")
    p50, p99 = each[len(each) // 2], each[int(len(each) * 0.99)]
    print(f"per post (warm): p50 {p50:.1f} µs, p99 {p99:.1f} µs, max {each[-1]:.0f} µs")

    by_source: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for (name, _), found in zip(posts, results, strict=True):
        counts = by_source.setdefault(name, Counter())
        totals[name] += 1
        counts.update(found.kinds)
        if found.target:
            counts[f"target:{found.target}"] += 1
    for name, counts in by_source.items():
        shares = ", ".join(f"{k} {v / totals[name]:.0%}" for k, v in sorted(counts.items()))
        print(f"  {name} ({totals[name]}): {shares}")


if __name__ == "__main__":
    main()
