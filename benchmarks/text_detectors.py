"""Throughput of the two text detectors (lists + doxxing) on real tweets, one core.

The text detectors run on every post, so their cost per post bounds what one machine
can keep up with (~5,700 posts/s is a large platform's average). This runs both
detectors over ~25k tweets from the Davidson et al. (2017) data set in batches, the
way the pipeline calls them, and prints posts per second for the first run (cold
per-text caches) and the median of several runs, by wall clock and by CPU time (the
latter is steadier on a shared machine).
HTML entities in the data are decoded by default, so emoji and accents reach the
detectors as they would on a live platform (``--raw`` keeps them as ``&#128514;``).

``--extra-terms N`` adds N made-up 1-3 word terms to the shipped lists, to show that
matching cost does not grow with the size of a list; with ``--terms-from-posts`` the
words come from the tweets themselves (a pessimistic list whose common first words
make about half the posts match, so it measures the cost of a hit: evidence spans and
signals).

    .venv/bin/python benchmarks/text_detectors.py [--csv PATH] [--runs 5] [--raw]
        [--extra-terms 5000 [--terms-from-posts]]
"""

from __future__ import annotations

import argparse
import csv
import html
import random
import statistics
import time
from pathlib import Path

from watchkeeper.detectors.doxxing import DoxxingDetector
from watchkeeper.detectors.lists import ListsDetector
from watchkeeper.detectors.lists_file import ListEntry, ListIndex, load_lists
from watchkeeper.model import PostEvent
from watchkeeper.text.normalize import fold, term_words

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared/data/davidson2017/labeled_data.csv"


def load_posts(path: Path, raw: bool) -> list[PostEvent]:
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row["tweet"] for row in csv.DictReader(handle)]
    return [
        PostEvent(id=f"bench-{n}", author_id="bench", text=text if raw else html.unescape(text))
        for n, text in enumerate(texts)
    ]


def with_extra_terms(posts: list[PostEvent], count: int, from_posts: bool) -> ListIndex:
    """The shipped lists plus ``count`` random phrases (made-up words, or the posts' words)."""
    index = load_lists(None)
    chooser = random.Random(2014)
    if from_posts:
        vocabulary = sorted({word for post in posts for word in term_words(fold(post.text))})
    else:
        letters = "bcdfghjklmnpqrstvwxz"
        vocabulary = ["".join(chooser.choices(letters, k=7)) for _ in range(20_000)]
    for number in range(count):
        phrase = " ".join(chooser.choices(vocabulary, k=chooser.randint(1, 3)))
        index.add(ListEntry(phrase, "term", "bench_term", 0.9, "generated", f"bench {number}"))
    return index.freeze()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--raw", action="store_true", help="keep HTML entities undecoded")
    parser.add_argument("--extra-terms", type=int, default=0)
    parser.add_argument("--terms-from-posts", action="store_true")
    args = parser.parse_args()
    posts = load_posts(args.csv, args.raw)
    index = (
        with_extra_terms(posts, args.extra_terms, args.terms_from_posts)
        if args.extra_terms
        else None
    )
    detectors = [ListsDetector(index), DoxxingDetector()]
    for detector in detectors:  # build the lazy tables (confusables, marks) outside the timing
        detector.detect([PostEvent(id="warm", author_id="bench", text="Th\u0435 #warm \u00e9")])
    batches = [posts[i : i + args.batch] for i in range(0, len(posts), args.batch)]
    times: list[float] = []
    cpu_times: list[float] = []
    signals = 0
    for _ in range(args.runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        signals = 0
        for batch in batches:
            for detector in detectors:
                signals += sum(len(found) for found in detector.detect(batch))
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    non_ascii = sum(not post.text.isascii() for post in posts)
    count = len(posts)
    print(
        f"{count} posts ({non_ascii} non-ASCII), lists+doxxing, {args.extra_terms} extra terms, "
        f"one core, {signals} signals\n"
        f"  wall clock: first run {count / times[0]:,.0f} posts/s, "
        f"median of {args.runs} {count / statistics.median(times):,.0f} posts/s\n"
        f"  CPU time (less disturbed by other load): first run {count / cpu_times[0]:,.0f} "
        f"posts/s, median of {args.runs} {count / statistics.median(cpu_times):,.0f} posts/s"
    )


if __name__ == "__main__":
    main()
