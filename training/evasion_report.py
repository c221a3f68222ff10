"""Metrics for the ban-evasion evaluation, the naive baseline, and the model card writer.

For every successor: the reciprocal rank of its true parent among the scored
candidates (0 when retrieval missed it), recall@1, and whether it is flagged: its best
match scores at or over the threshold. For every unrelated real username: whether it
is flagged (a false flag). Flag rates are given at the shipped threshold (chosen on
validation) and at the test set's own 1%-false-flag point, which is how the baseline
is compared on equal terms. The baseline ranks suspended usernames by rapidfuzz
``ratio`` of the lower-cased names, and flags on the best ratio.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from evasion_data import Query, SplitData
from rapidfuzz import fuzz, process

from watchkeeper.evasion.scoring import EvasionModel

__all__ = ["Metrics", "baseline_metrics", "ranking_metrics", "write_card"]

KINDS = ("generated", "real_family", "isis")
KIND_NAMES = {
    "all": "all successors",
    "generated": "generated from real handles",
    "real_family": "real re-registration families",
    "isis": "ISIS accounts (with posts)",
}


@dataclass
class Metrics:
    evaders: int
    mrr: float
    recall1: float
    flagged_shipped: float
    flagged_at_1pct: float
    unrelated: int
    false_flags_shipped: float
    threshold_1pct: float


def _false_flag_point(tops: list[float], rate: float = 0.01) -> float:
    ordered = sorted(tops, reverse=True)
    allowed = int(rate * len(ordered))
    return float(np.nextafter(ordered[allowed], 2.0)) if allowed < len(ordered) else 0.0


def _metrics(
    ranks: list[int], tops: list[float], negatives: list[float], threshold: float, point: float
) -> Metrics:
    count = max(len(ranks), 1)
    return Metrics(
        evaders=len(ranks),
        mrr=sum(1.0 / rank for rank in ranks if rank) / count,
        recall1=sum(rank == 1 for rank in ranks) / count,
        flagged_shipped=sum(top >= threshold for top in tops) / count,
        flagged_at_1pct=sum(top >= point for top in tops) / count,
        unrelated=len(negatives),
        false_flags_shipped=sum(top >= threshold for top in negatives) / max(len(negatives), 1),
        threshold_1pct=point,
    )


def ranking_metrics(
    ranked: list[tuple[Query, list[tuple[str, float]]]], threshold: float
) -> dict[str, Metrics]:
    """Metrics overall and per kind of successor, from ranked (id, score) lists."""
    negatives = [scores[0][1] if scores else 0.0 for query, scores in ranked if not query.parent]
    point = _false_flag_point(negatives)
    found: dict[str, tuple[list[int], list[float]]] = {kind: ([], []) for kind in ("all", *KINDS)}
    for query, scores in ranked:
        if query.parent is None:
            continue
        ids = [account for account, _ in scores]
        rank = ids.index(query.parent) + 1 if query.parent in ids else 0
        top = scores[0][1] if scores else 0.0
        for kind in ("all", query.kind):
            found[kind][0].append(rank)
            found[kind][1].append(top)
    return {
        kind: _metrics(ranks, tops, negatives, threshold, point)
        for kind, (ranks, tops) in found.items()
    }


_CHUNK = 128


def _baseline_scores(split: SplitData, extra: Sequence[str]) -> list[tuple[Query, float, int]]:
    """Per query: the best ratio, and the true parent's rank (0 for unrelated queries).

    Queries are scored in chunks, so a million indexed names never need a matrix of
    all queries at once.
    """
    names = [account.username.lower() for account in split.suspended]
    names += [name.lower() for name in extra]
    column = {account.id: i for i, account in enumerate(split.suspended)}
    found: list[tuple[Query, float, int]] = []
    for start in range(0, len(split.queries), _CHUNK):
        chunk = split.queries[start : start + _CHUNK]
        matrix = process.cdist(
            [query.account.username.lower() for query in chunk],
            names,
            scorer=fuzz.ratio,
            dtype=np.float32,
            workers=-1,
        )
        for query, row in zip(chunk, matrix, strict=True):
            rank = 0
            if query.parent is not None:
                rank = 1 + int((row > row[column[query.parent]]).sum())
            found.append((query, float(row.max()), rank))
    return found


def baseline_metrics(test: SplitData, val: SplitData, extra: Sequence[str] = ()) -> Metrics:
    """The naive nearest-username baseline on the test split (threshold from validation).

    ``extra`` names are indexed beside each split's suspended accounts (the large index).
    """
    val_negatives = [top for query, top, _ in _baseline_scores(val, extra) if not query.parent]
    shipped = _false_flag_point(val_negatives)
    ranks, tops, negatives = [], [], []
    for query, top, rank in _baseline_scores(test, extra):
        if query.parent is None:
            negatives.append(top)
        else:
            ranks.append(rank)
            tops.append(top)
    return _metrics(ranks, tops, negatives, shipped, _false_flag_point(negatives))


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _table(results: dict[str, dict[str, Metrics]]) -> list[str]:
    lines = [
        "| fields | successors | n | MRR | recall@1 | flagged at shipped threshold | "
        "false flags at shipped threshold | flagged at test 1% false flags |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for condition, by_kind in results.items():
        for kind in ("all", *KINDS, "baseline"):
            metric = by_kind.get(kind)
            if metric is None or not metric.evaders:
                continue
            label = "naive baseline (all)" if kind == "baseline" else KIND_NAMES[kind]

            lines.append(
                f"| {condition} | {label} | {metric.evaders} | {metric.mrr:.3f} | "
                f"{metric.recall1:.3f} | {_pct(metric.flagged_shipped)} | "
                f"{_pct(metric.false_flags_shipped)} of {metric.unrelated} | "
                f"{_pct(metric.flagged_at_1pct)} |"
            )
    return lines


def importance_line(model: EvasionModel) -> str:
    """The features the model leans on most, in one line of the card."""
    if model.trees is None:
        weights = sorted(
            zip(model.features, model.coef.tolist(), strict=True), key=lambda item: -abs(item[1])
        )
        listed = ", ".join(f"`{name}` {weight:+.2f}" for name, weight in weights[:12])
        return f"Largest standardized weights: {listed}."
    trees = model.trees
    splits = np.bincount(trees.feature[~trees.leaf], minlength=len(model.features))
    shares = sorted(zip(model.features, splits / splits.sum(), strict=True), key=lambda x: -x[1])
    listed = ", ".join(f"`{name}` {share:.0%}" for name, share in shares[:12] if share > 0)
    return (
        f"{len(trees.sizes)} trees of depth <= {trees.depth}; the features they split on "
        f"most (share of all splits): {listed}."
    )


def write_card(
    path: Path,
    command: str,
    splits: dict[str, SplitData],
    results: dict[str, dict[str, Metrics]],
    model: EvasionModel,
) -> None:
    """Rewrite the measured part of MODEL_CARD.md (between the markers) in place."""
    sizes = ", ".join(
        f"{name}: {len(split.suspended)} suspended / {len(split.queries)} queries"
        for name, split in splits.items()
    )
    body = [
        "<!-- measured: written by training/train_evasion.py -->",
        "",
        f"Printed by `{command}`.",
        "",
        f"Splits: {sizes}.",
        "Shipped thresholds (validation 1%-false-flag points per tier of fields the new "
        "account carries, at each index size measured; read between sizes on a log scale): "
        + "; ".join(
            f"{tier} " + ", ".join(f"**{value:.4f}** at {size:,}" for size, value in points)
            for tier, points in model.threshold_points.items()
        )
        + ".",
        "",
        *_table(results),
        "",
        importance_line(model),
        "",
        "<!-- end measured -->",
    ]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = "<!-- measured", "<!-- end measured -->"
    if start in text and end in text:
        head = text[: text.index(start)]
        tail = text[text.index(end) + len(end) :]
        text = head + "\n".join(body) + tail
    else:
        text = text + "\n" + "\n".join(body) + "\n"
    path.write_text(text, encoding="utf-8")
