"""Training data for the threat and extremism classifiers: every public set, one list, one split.

The readers (``classifier_sources``) turn each set into ``Example`` rows with one text
form. Here they are combined, exact duplicates (same text up to case and spacing) are
merged so one post cannot sit on both sides of the split or count twice, and the rows
are split into train and test:

* by author where the data has one (isis_fanboy account families, Stormfront users,
  CyberAgressionAdo speakers), so no author is in both train and test; otherwise each
  post is its own group;
* stratified by source and by which labels are positive, so each source with positives
  has some in test;
* deterministically, from a hash of the group key and the seed.

Run ``python training/classifier_data.py --data ../shared/data`` for a table per source
and language.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from classifier_csv import Reader
from classifier_example import Example, dedup_key
from classifier_sources import READERS

__all__ = ["DedupReport", "Example", "deduplicate", "load_examples", "split", "summary"]

LABELS = ("threat", "extremism")


@dataclass
class DedupReport:
    """What ``deduplicate`` dropped: per source pair, and label conflicts resolved to 1."""

    dropped: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    conflicts: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"duplicates dropped: {self.dropped}"]
        for (kept, dropped), count in self.pairs.most_common():
            out.append(f"  {count:6d}  kept {kept}  dropped {dropped}")
        for label, count in sorted(self.conflicts.items()):
            out.append(f"  label conflicts on {label} resolved to positive: {count}")
        return out


def _merge_label(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def deduplicate(examples: Iterable[Example]) -> tuple[list[Example], DedupReport]:
    """Keep the first copy of each text; labels the copies disagree on become positive.

    A label that the first copy leaves unknown is taken from a later copy, so a GermEval
    tweet in both the vio and dbo tasks carries both labels.
    """
    report = DedupReport()
    kept: dict[str, Example] = {}
    for example in examples:
        key = dedup_key(example.text)
        first = kept.get(key)
        if first is None:
            kept[key] = example
            continue
        report.dropped += 1
        report.pairs[(first.source, example.source)] += 1
        for label in LABELS:
            a, b = getattr(first, label), getattr(example, label)
            if a is not None and b is not None and a != b:
                report.conflicts[label] += 1
        kept[key] = replace(
            first,
            threat=_merge_label(first.threat, example.threat),
            extremism=_merge_label(first.extremism, example.extremism),
            author=first.author if first.author is not None else example.author,
        )
    return list(kept.values()), report


def read_all(data_dir: Path, readers: Sequence[Reader] = READERS) -> list[Example]:
    """Every row of every set, before duplicates are removed."""
    return [example for reader in readers for example in reader(data_dir) if example is not None]


def load_examples(data_dir: Path, readers: Sequence[Reader] = READERS) -> list[Example]:
    """Every set under ``data_dir`` as one deduplicated list of labelled examples."""
    examples, _ = deduplicate(read_all(data_dir, readers))
    return examples


def group_key(example: Example) -> str:
    """The split unit: the author where known, else the post's own normalised text."""
    if example.author is not None:
        return f"author:{example.author}"
    digest = hashlib.sha1(dedup_key(example.text).encode("utf-8")).hexdigest()
    return f"text:{digest}"


def _order(seed: int, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def split(
    examples: Sequence[Example], test_fraction: float = 0.2, seed: int = 13
) -> tuple[list[Example], list[Example]]:
    """Group-wise, stratified, deterministic train/test split.

    Groups (``group_key``) are bucketed by (source of the group's first example, has a
    threat positive, has an extremism positive). In each bucket, groups are taken in
    seeded-hash order into test until the bucket's test share reaches
    ``test_fraction``; so every non-empty bucket gives test at least one group.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for index, example in enumerate(examples):
        groups[group_key(example)].append(index)
    buckets: dict[tuple[str, bool, bool], list[str]] = defaultdict(list)
    for key, members in groups.items():
        rows = [examples[i] for i in members]
        stratum = (
            rows[0].source,
            any(row.threat == 1 for row in rows),
            any(row.extremism == 1 for row in rows),
        )
        buckets[stratum].append(key)
    test_keys: set[str] = set()
    for keys in buckets.values():
        target = test_fraction * sum(len(groups[key]) for key in keys)
        taken = 0
        for key in sorted(keys, key=lambda k: _order(seed, k)):
            if taken >= target:
                break
            test_keys.add(key)
            taken += len(groups[key])
    train: list[Example] = []
    test: list[Example] = []
    for example in examples:
        (test if group_key(example) in test_keys else train).append(example)
    return train, test


def _counts(rows: Iterable[Example]) -> list[int]:
    """rows, threat +/-, extremism +/-."""
    out = [0, 0, 0, 0, 0]
    for row in rows:
        out[0] += 1
        out[1] += row.threat == 1
        out[2] += row.threat == 0
        out[3] += row.extremism == 1
        out[4] += row.extremism == 0
    return out


def summary(train: Sequence[Example], test: Sequence[Example]) -> str:
    """A table per source and language, then per language: counts by label and by side."""
    side = {id(row): "train" for row in train} | {id(row): "test" for row in test}
    everything = [*train, *test]
    header = (
        f"{'source':42s} {'lang':4s} {'rows':>7s} {'thr+':>6s} {'thr-':>7s} "
        f"{'ext+':>6s} {'ext-':>7s} {'train':>7s} {'test':>6s} {'test thr+':>9s} {'test ext+':>9s}"
    )

    def line(name: str, lang: str, rows: list[Example]) -> str:
        n, tp, tn, ep, en = _counts(rows)
        in_test = [row for row in rows if side[id(row)] == "test"]
        _, ttp, _, tep, _ = _counts(in_test)
        return (
            f"{name:42s} {lang:4s} {n:7d} {tp:6d} {tn:7d} {ep:6d} {en:7d} "
            f"{n - len(in_test):7d} {len(in_test):6d} {ttp:9d} {tep:9d}"
        )

    by_source: dict[tuple[str, str], list[Example]] = defaultdict(list)
    by_lang: dict[str, list[Example]] = defaultdict(list)
    for row in everything:
        by_source[(row.source, row.lang)].append(row)
        by_lang[row.lang].append(row)
    out = [header, "-" * len(header)]
    out += [line(source, lang, rows) for (source, lang), rows in sorted(by_source.items())]
    out += ["-" * len(header)]
    out += [line("ALL", lang, rows) for lang, rows in sorted(by_lang.items())]
    out += [line("ALL", "*", everything)]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path(__file__).parents[2] / "shared" / "data")
    parser.add_argument("--test-fraction", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    examples, report = deduplicate(read_all(args.data))
    loaded = time.perf_counter() - started
    train, test = split(examples, args.test_fraction, args.seed)
    print(summary(train, test))
    print()
    print("\n".join(report.lines()))
    print(f"load + dedup {loaded:.1f} s; split {time.perf_counter() - started - loaded:.1f} s")


if __name__ == "__main__":
    main()
