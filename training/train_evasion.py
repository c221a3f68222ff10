"""Train and evaluate the ban-evasion scorer; write model.json, name_stats.json and the card.

    .venv/bin/python training/train_evasion.py --data ../shared/data \\
        --out src/watchkeeper/evasion/model.json --card src/watchkeeper/evasion/MODEL_CARD.md

Steps: build the splits (``evasion_data``); fit the username-stem trigram model on
the training split's names only and write it beside the model (``name_stats.json``);
for each split and field condition, file the suspended accounts in a
``SuspendedIndex`` and compute features for every candidate the index returns for
every query (the true parent is added when retrieval missed it, training only);
fit a logistic regression on the training split, with random field dropout so it
works whatever a platform sends; fit Platt scaling and choose the shipped thresholds
on the validation split (per tier of fields, each tier's 1%-false-flag point);
report everything on the test split, with the naive baseline (nearest username by
rapidfuzz ratio) computed in the same run on the same queries.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from evasion_data import SPLITS, Account, Query, SplitData, build_splits, stripped
from evasion_report import Metrics, baseline_metrics, ranking_metrics, write_card
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

from watchkeeper.evasion import rarity
from watchkeeper.evasion.features import (
    FEATURE_NAMES,
    AccountView,
    account_view,
    crowd_value,
    features,
)
from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.matcher import EvasionMatcher
from watchkeeper.evasion.names import name_keys
from watchkeeper.evasion.profile import AccountProfile
from watchkeeper.evasion.scoring import FIELD_TIERS, EvasionModel, to_json

ALL_FIELDS = frozenset({"display_name", "bio", "email", "ip", "avatar_pdq", "posts", "follows"})
CONDITIONS: dict[str, frozenset[str]] = {
    "username only": frozenset(),
    "username + display name": frozenset({"display_name"}),
    "all fields": ALL_FIELDS,
}
TIER_OF = {
    "username only": "username",
    "username + display name": "display_name",
    "all fields": "more",
}
COMMAND = (
    ".venv/bin/python training/train_evasion.py --data ../shared/data "
    "--out src/watchkeeper/evasion/model.json --card src/watchkeeper/evasion/MODEL_CARD.md"
)


def profile_of(account: Account, fields: frozenset[str]) -> AccountProfile:
    return AccountProfile.model_validate(stripped(account, fields).as_json(fields))


def fit_stem_model(split: SplitData, path: Path) -> None:
    """Trigram counts of the training names' collapsed stems -> name_stats.json."""
    trigrams: Counter[str] = Counter()
    contexts: Counter[str] = Counter()
    names = [account.username for account in split.suspended if not account.id.startswith("d")]
    names += [query.account.username for query in split.queries if query.parent is None]
    for name in names:
        padded = f"^^{name_keys(name).collapsed}$"
        for i in range(len(padded) - 2):
            trigrams[padded[i : i + 3]] += 1
            contexts[padded[i : i + 2]] += 1
    data = {
        "format": "watchkeeper-evasion-stems",
        "version": 1,
        "names": len(names),
        "note": "character trigram counts of collapsed username stems (training split)",
        "trigrams": {key: count for key, count in sorted(trigrams.items()) if count >= 2},
        "contexts": dict(sorted(contexts.items())),
    }
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    rarity.use_stem_model(rarity.StemModel.load(path))


@dataclass
class Rows:
    x: list[list[float]]
    y: list[int]


def build_index(split: SplitData, fields: frozenset[str]) -> SuspendedIndex:
    index = SuspendedIndex()
    index.add_many(profile_of(account, fields) for account in split.suspended)
    return index


def training_rows(
    split: SplitData, rng: random.Random, conditions: dict[str, frozenset[str]]
) -> Rows:
    """Features of every retrieved (query, candidate) pair, under each condition."""
    rows = Rows([], [])
    for fields in conditions.values():
        index = build_index(split, fields)
        row_of = {index.account_id(row): row for row in range(len(index))}
        views: dict[int, AccountView] = {}
        for query in split.queries:
            kept = fields
            if fields == ALL_FIELDS:  # random dropout: any subset may be missing
                kept = frozenset(name for name in ALL_FIELDS if rng.random() < 0.6)
            profile = profile_of(query.account, kept)
            view = account_view(profile)
            candidates = index.candidates(profile)[:60]
            crowd = crowd_value(index.exact_count("collapsed", view.name.collapsed))
            if query.parent is not None and row_of[query.parent] not in candidates:
                candidates.append(row_of[query.parent])
            for row in candidates:
                old = views.get(row)
                if old is None:
                    old = views[row] = account_view(index.profile(row))
                values, _ = features(view, old, crowd)
                rows.x.append(values)
                rows.y.append(int(query.parent == index.account_id(row)))
    return rows


def top_scores(
    split: SplitData, fields: frozenset[str], model: EvasionModel
) -> list[tuple[Query, list[tuple[str, float]]]]:
    """Each query with its ranked (suspended id, probability) list under ``fields``."""
    matcher = EvasionMatcher(build_index(split, fields), model)
    ranked = []
    for query in split.queries:
        scored = matcher.scored(profile_of(query.account, fields))
        ranked.append((query, [(matcher.index.account_id(row), score) for score, row, _ in scored]))
    return ranked


def platt(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    fit = LogisticRegression(C=1e4, max_iter=1000).fit(logits.reshape(-1, 1), labels)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])


def false_flag_point(negative_tops: list[float], rate: float = 0.01) -> float:
    """Lowest threshold at which at most ``rate`` of unrelated accounts are flagged."""
    ordered = sorted(negative_tops, reverse=True)
    allowed = int(rate * len(ordered))
    if allowed >= len(ordered):
        return 0.0
    return float(np.nextafter(ordered[allowed], 2.0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--card", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rng = random.Random(args.seed)
    splits = build_splits(args.data, args.seed)
    for name in SPLITS:
        kinds = Counter(query.kind for query in splits[name].queries)
        print(f"{name}: {len(splits[name].suspended)} suspended, {dict(kinds)}", flush=True)
    fit_stem_model(splits["train"], args.out.with_name("name_stats.json"))

    train_conditions = {"username only": frozenset(), "random fields": ALL_FIELDS}
    train = training_rows(splits["train"], rng, train_conditions)
    print(f"training rows: {len(train.y)} ({sum(train.y)} true pairs)", flush=True)
    x, y = np.asarray(train.x), np.asarray(train.y)
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 1e-9, scaler.scale_, 1.0)
    regression = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")
    regression.fit((x - scaler.mean_) / scale, y)
    raw = EvasionModel(
        features=FEATURE_NAMES,
        mean=scaler.mean_,
        scale=scale,
        coef=regression.coef_[0],
        intercept=float(regression.intercept_[0]),
        platt_a=1.0,
        platt_b=0.0,
        thresholds=dict.fromkeys(FIELD_TIERS, 0.5),
    )
    val = training_rows(splits["val"], rng, CONDITIONS)
    a, b = platt(raw.logits(val.x), np.asarray(val.y))
    calibrated = EvasionModel(**{**raw.__dict__, "platt_a": a, "platt_b": b})

    thresholds = {}
    for condition, fields in CONDITIONS.items():
        ranked = top_scores(splits["val"], fields, calibrated)
        negatives = [
            scores[0][1] if scores else 0.0 for query, scores in ranked if not query.parent
        ]
        thresholds[TIER_OF[condition]] = false_flag_point(negatives)
    model = EvasionModel(**{**calibrated.__dict__, "thresholds": thresholds})
    print(f"shipped thresholds (validation 1% points): {thresholds}", flush=True)

    results: dict[str, dict[str, Metrics]] = {}
    for condition, fields in CONDITIONS.items():
        ranked = top_scores(splits["test"], fields, model)
        results[condition] = ranking_metrics(ranked, thresholds[TIER_OF[condition]])
        results[condition]["baseline"] = baseline_metrics(splits["test"], splits["val"])
    meta = {
        "trained_on": "evasion_data.build_splits (see MODEL_CARD.md)",
        "seed": args.seed,
        "training_rows": len(train.y),
    }
    args.out.write_text(
        to_json(
            mean=model.mean.tolist(),
            scale=model.scale.tolist(),
            coef=model.coef.tolist(),
            intercept=model.intercept,
            platt=(a, b),
            thresholds=thresholds,
            meta=meta,
        ),
        encoding="utf-8",
    )
    write_card(args.card, COMMAND, splits, results, model)
    print(args.card.read_text(encoding="utf-8"))
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
