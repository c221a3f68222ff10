"""Our threat/extremism models beside the libraries people install, on the same held-out texts.

In one run: rebuild the held-out split that training never saw (the same loaders,
seed and fraction as ``training/train_classifiers.py``), score every held-out text
with our shipped model and with each peer from PyPI (``peer_models.py``: alt-profanity-
check, hatesonar, arabic-toxic, each in its own venv), and print ROC-AUC and PR-AUC
per data set and per language, and posts per second of scoring alone. Then time the
real command, ``watchkeeper score`` with every text detector (lists, doxxing, threat,
extremism), on ``--posts`` held-out texts, and report its posts/s and peak resident
memory (median of ``--runs``). Every tier is measured: the fast tier (the default,
the one the issue's 5,000 posts/s bar is for), the sentence tier (``--tier
sentence``, on ``--sentence-posts`` texts) and the cascade (``--tier cascade``: the
sentence tier only on posts in the fast tier's uncertain band, on ``--posts`` texts),
with the share of held-out texts the cascade re-read. The held-out texts are rich in
positives (a third of the English rows are extremism), so that share is higher than on
a platform's everyday posts.

    .venv/bin/python benchmarks/classifiers.py --data ../shared/data [--posts 100000]
        [--sentence-posts 20000] [--runs 3] [--workers 2] [--no-peers]

Peers need PyPI the first time (their venvs go to ``.peers/``); ``--no-peers`` skips them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.metrics import average_precision_score, roc_auc_score  # type: ignore[import-untyped]

from watchkeeper.allocator import keep_freed_memory
from watchkeeper.classifiers.cascade import UncertainBand
from watchkeeper.classifiers.scoring import score_texts
from watchkeeper.classifiers.sentence import SentenceTier
from watchkeeper.detectors.classifiers import shipped_band, shipped_model, shipped_tier

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))  # the training split, exactly as trained

from classifier_data import load_examples, split  # noqa: E402
from classifier_example import Example  # noqa: E402
from peer_models import PEERS, score_with_peer  # noqa: E402
from train_classifiers import SEED  # noqa: E402

LABELS = ("threat", "extremism")
Scores = npt.NDArray[np.float64]


def ours(
    texts: Sequence[str], tier: SentenceTier | None = None, band: UncertainBand | None = None
) -> tuple[dict[str, Scores], float]:
    """Our probabilities per label, and posts/s of prepare + cues + features + scoring."""
    model = shipped_model()
    if tier is not None:
        score_texts(model, texts[:10], tier)  # the encoder loads on first use: not timed
    started = time.perf_counter()
    probabilities = score_texts(model, texts, tier, band).probabilities
    seconds = time.perf_counter() - started
    columns = {label: probabilities[:, model.labels.index(label)] for label in LABELS}
    return columns, len(texts) / seconds


def _cell(y: npt.NDArray[np.int64], scores: Scores | None) -> str:
    if scores is None:
        return "—"
    return f"{roc_auc_score(y, scores):.3f} / {average_precision_score(y, scores):.3f}"


def quality_tables(test: Sequence[Example], with_peers: bool) -> tuple[list[str], dict[str, float]]:
    """The side-by-side tables and everyone's posts/s."""
    texts = [example.text for example in test]
    our_scores, our_speed = ours(texts)
    tier_scores, tier_speed = ours(texts, shipped_tier())
    cascade_scores, cascade_speed = ours(texts, shipped_tier(), shipped_band())
    speeds = {
        "watchkeeper (fast tier)": our_speed,
        "watchkeeper (sentence tier)": tier_speed,
        "watchkeeper (cascade)": cascade_speed,
    }
    peer_scores: dict[str, Scores | None] = {}
    notes: list[str] = []
    if with_peers:
        for name in PEERS:
            result = score_with_peer(name, texts)
            if result.error or result.scores is None:
                notes.append(f"{name}: {result.error}")
                peer_scores[name] = None
                continue
            peer_scores[name] = np.asarray(result.scores, np.float64)
            if result.posts_per_second is not None:
                speeds[name] = result.posts_per_second
    lines: list[str] = []
    for label in LABELS:
        groups: dict[str, list[int]] = defaultdict(list)
        for index, example in enumerate(test):
            value = getattr(example, label)
            if value is None:
                continue
            groups[f"language: {example.lang}"].append(index)
            groups[example.source].append(index)
        header = ["set", "n", "pos", "watchkeeper fast", "watchkeeper sentence", "cascade"]
        header += list(peer_scores)
        lines += [
            "",
            f"{label} — ROC-AUC / PR-AUC on held-out rows",
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(header),
        ]
        for group in sorted(groups, key=lambda name: (not name.startswith("language"), name)):
            members = np.asarray(groups[group])
            y = np.asarray([getattr(test[i], label) for i in members], np.int64)
            if y.sum() == 0 or y.sum() == len(y):
                continue
            cells = [
                _cell(y, our_scores[label][members]),
                _cell(y, tier_scores[label][members]),
                _cell(y, cascade_scores[label][members]),
            ]
            cells += [_cell(y, None if s is None else s[members]) for s in peer_scores.values()]
            lines.append(f"| {group} | {len(y)} | {int(y.sum())} | " + " | ".join(cells) + " |")
    lines += ["", "scoring speed (posts/s, one process, model load excluded):"]
    lines += [f"  {name}: {speed:,.0f}" for name, speed in speeds.items()]
    lines += [f"  peer error — {note}" for note in notes]
    lines += _cascade_summary(our_scores, tier_scores, cascade_scores)
    return lines, speeds


def _cascade_summary(
    fast: dict[str, Scores], sentence: dict[str, Scores], cascade: dict[str, Scores]
) -> list[str]:
    """How many held-out texts the cascade re-read, and where its flags differ from the
    sentence tier's (both at the sentence tier's thresholds)."""
    tier, band = shipped_tier(), shipped_band()
    inside = band.rows(np.stack([fast[label] for label in tier.labels], axis=1)).size
    count = len(next(iter(fast.values())))
    edges = ", ".join(f"{edge:.3f}" for edge in band.low)
    differing = []
    for head in tier.heads:
        flags = (cascade[head.name] >= head.threshold) != (sentence[head.name] >= head.threshold)
        differing.append(f"{head.name} {int(flags.sum())}")
    return [
        "",
        f"cascade: re-read {inside:,} of {count:,} held-out texts ({inside / count:.1%}; "
        f"fast probability in the uncertain band, from {edges} "
        f"to {band.high}); flags that differ from the sentence tier's: {', '.join(differing)}",
    ]


def score_command(
    texts: Sequence[str], posts: int, runs: int, workers: int, tier: str = "fast"
) -> list[str]:
    """Time ``watchkeeper score --tier <tier>`` end to end on ``posts`` held-out texts."""
    command = [str(ROOT / ".venv/bin/watchkeeper"), "score", "--tier", tier]
    results: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "posts.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for n in range(posts):
                text = texts[n % len(texts)]
                handle.write(json.dumps({"id": f"p{n}", "text": text}, ensure_ascii=False) + "\n")
        for _ in range(runs):
            out = Path(folder) / "scores.jsonl"
            started = time.perf_counter()
            code = (
                "import resource, subprocess, sys; "
                "r = subprocess.run(sys.argv[1:]).returncode; "
                "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
                "print(u.ru_maxrss, file=sys.stderr); sys.exit(r)"
            )
            finished = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    code,
                    *command,
                    "--in",
                    str(source),
                    "--out",
                    str(out),
                    "--workers",
                    str(workers),
                ],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "NO_COLOR": "1"},
            )
            seconds = time.perf_counter() - started
            peak_mb = int(finished.stderr.strip().splitlines()[-1]) / 1024
            results.append((posts / seconds, peak_mb))
    speeds = [speed for speed, _ in results]
    peaks = [peak for _, peak in results]
    return [
        "",
        f"`watchkeeper score --tier {tier}` (lists, doxxing, threat, extremism), {posts:,} "
        f"posts, --workers {workers}, {runs} runs:",
        "  posts/s: "
        + ", ".join(f"{speed:,.0f}" for speed in speeds)
        + f" — median {statistics.median(speeds):,.0f} (start-up and model load included)",
        f"  peak resident memory of one process: median {statistics.median(peaks):.0f} MB",
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--sentence-posts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args(argv)
    keep_freed_memory()  # as `score` and `scan` do, so "the model alone" is what they run
    _, test = split(load_examples(args.data), test_fraction=0.2, seed=SEED)
    labelled = [
        example for example in test if example.threat is not None or example.extremism is not None
    ]
    lines, _ = quality_tables(labelled, with_peers=not args.no_peers)
    print("\n".join(lines), flush=True)
    texts = [example.text for example in test]
    print("\n".join(score_command(texts, args.posts, args.runs, args.workers)), flush=True)
    sentence = score_command(texts, args.sentence_posts, args.runs, args.workers, "sentence")
    print("\n".join(sentence), flush=True)
    print("\n".join(score_command(texts, args.posts, args.runs, args.workers, "cascade")))


if __name__ == "__main__":
    main()
