"""New account in, ranked suspended accounts out: index lookup, scoring and reasons together.

This is the one entry point the CLI and the detector use: ``match`` asks the index
for candidates, scores each with the shipped model (pairwise features, then the
list-wise ones of ``context``), and explains the best ones.
Views of suspended accounts (their name keys, post vectors) are cached, because the
same popular stems come up again and again.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from watchkeeper.evasion.context import add_context
from watchkeeper.evasion.features import (
    CONTEXT_START,
    FEATURE_NAMES,
    SIMILARITY_COLUMN,
    AccountView,
    NameEvidence,
    account_view,
    crowd_value,
    features,
)
from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.profile import AccountProfile
from watchkeeper.evasion.reasons import explain
from watchkeeper.evasion.scoring import EvasionModel, default_model

__all__ = ["EvasionMatcher", "Match"]

_VIEW_CACHE = 50_000


@dataclass(frozen=True, slots=True)
class Match:
    """One suspended account a new account may be, with the calibrated score and reasons."""

    id: str
    username: str
    score: float
    reasons: list[str]


class EvasionMatcher:
    """Scores new accounts against a ``SuspendedIndex`` with an ``EvasionModel``."""

    def __init__(self, index: SuspendedIndex, model: EvasionModel | None = None) -> None:
        self.index = index
        self.model = model or default_model()
        self._views: OrderedDict[tuple[int, str], AccountView] = OrderedDict()

    @property
    def threshold(self) -> float:
        """The strictest (highest) of the shipped tier thresholds."""
        return self.model.threshold

    def threshold_for(self, profile: AccountProfile) -> float:
        """The shipped default threshold for this account's fields and the index's size."""
        return self.model.threshold_for(profile.fields_present, len(self.index))

    def _view(self, row: int) -> AccountView:
        index = self.index
        if not index.has_details(row):  # username only: cheap to build, not worth keeping
            return account_view(index.profile(row), index.name_keys(row))
        key = (row, index.account_id(row))
        view = self._views.get(key)
        if view is None:
            view = account_view(index.profile(row), index.name_keys(row))
            self._views[key] = view
            if len(self._views) > _VIEW_CACHE:
                self._views.popitem(last=False)
        return view

    def scored(self, profile: AccountProfile) -> list[tuple[float, int, list[float]]]:
        """Every candidate as (probability, row, features), best first, itself excluded."""
        return [
            (score, row, vector) for score, row, vector, _ in self._scored(account_view(profile))
        ]

    def _scored(self, query: AccountView) -> list[tuple[float, int, list[float], NameEvidence]]:
        index = self.index
        own = query.profile.id
        rows = [row for row in index.candidates(query.profile) if index.account_id(row) != own]
        if not rows:
            return []
        crowd = crowd_value(index.exact_count("collapsed", query.name.collapsed))
        computed = [features(query, self._view(row), crowd) for row in rows]
        add_context(
            [vector for vector, _ in computed], SIMILARITY_COLUMN, CONTEXT_START, len(index)
        )
        scores = self.model.probabilities([vector for vector, _ in computed])
        ranked = [
            (score, row, vector, evidence)
            for score, row, (vector, evidence) in zip(scores, rows, computed, strict=True)
        ]
        ranked.sort(key=lambda item: -item[0])
        return ranked

    def match(self, profile: AccountProfile, top: int = 10) -> list[Match]:
        """The ``top`` most likely suspended accounts behind ``profile``, explained."""
        query = account_view(profile)
        best = self._scored(query)[:top]
        shares = self.model.contributions([vector for _, _, vector, _ in best]) if best else []
        found: list[Match] = []
        for (score, row, vector, evidence), share in zip(best, shares, strict=True):
            old = self._view(row)
            values = dict(zip(FEATURE_NAMES, vector, strict=True))
            reasons = explain(query, old, values, share, evidence)
            found.append(Match(old.profile.id, old.profile.username, round(score, 4), reasons))
        return found

    def is_flagged(self, profile: AccountProfile, matches: list[Match]) -> bool:
        """True when the best match scores at or over the shipped threshold for ``profile``."""
        return bool(matches) and matches[0].score >= self.threshold_for(profile)
