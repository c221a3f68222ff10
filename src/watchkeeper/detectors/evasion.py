"""Ban evasion in the live stream: is this new or renamed account a suspended one come back?

The detector owns two pieces of state, both derived from the event record: the
profiles of accounts it has seen (name, bio, hashed identifiers, early posts) and the
index of suspended accounts. Enforcement events and our own suspensions move a
profile into the index; sign-ups, renames and profile changes are scored against it,
and so is an account's first few posts (the "reach my previous followers" post that
often follows a comeback). On start both are rebuilt by replaying the store's
history of account, enforcement and post events in receive order, so a restart
forgets nothing: not the index, and not the early posts of accounts seen before it.
Replaying posts reads every stored post once at start (only the first few per known
account are kept); that is the price of the events table being the only record.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from watchkeeper.detectors.base import Detector, DetectorExample
from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.matcher import EvasionMatcher, Match
from watchkeeper.evasion.profile import AccountProfile
from watchkeeper.model import (
    AccountEvent,
    Action,
    EnforcementEvent,
    Event,
    EventKind,
    Evidence,
    PostEvent,
    Signal,
)

if TYPE_CHECKING:
    from watchkeeper.config import Settings
    from watchkeeper.store.records import ProcessedEvent
    from watchkeeper.store.repository import Store

log = logging.getLogger(__name__)

LABEL = "evasion"
EARLY_POSTS = 5
"""How many of an account's first posts are kept and scored."""
REMEMBERED_ACCOUNTS = 200_000
"""Profiles of accounts not (yet) suspended kept in memory, most recently seen first."""
REPORT_FLOOR = 0.2
"""Runner-up matches scoring below this are left out of the evidence."""
SHOWN_MATCHES = 3
HISTORY_KINDS: tuple[EventKind, ...] = ("account", "enforcement", "post")
"""What ``bootstrap`` replays: posts too, so accounts' early posts survive a restart."""


class EvasionDetector(Detector):
    """Scores account events and early posts against the suspended-account index."""

    name = "evasion"
    reads: ClassVar[frozenset[EventKind]] = frozenset({"account", "enforcement", "post"})
    labels: ClassVar[dict[str, float]] = {LABEL: 0.0}
    """``evasion`` is emitted only for accounts the model flags, at the shipped threshold
    for the tier of fields the account carries (username only, plus a display name,
    more; each at <= 1% false flags on validation), so every emitted signal is a flag.
    The score stays the calibrated probability of the best match."""

    def __init__(self, matcher: EvasionMatcher | None = None) -> None:
        self.matcher = matcher or EvasionMatcher(SuspendedIndex())
        self._known: OrderedDict[str, AccountProfile] = OrderedDict()

    @classmethod
    def from_settings(cls, settings: Settings) -> EvasionDetector:
        del settings
        return cls()

    # -- state -----------------------------------------------------------------

    def _remember(self, profile: AccountProfile) -> None:
        self._known[profile.id] = profile
        self._known.move_to_end(profile.id)
        if len(self._known) > REMEMBERED_ACCOUNTS:
            self._known.popitem(last=False)

    def _profile_from(self, event: AccountEvent) -> AccountProfile:
        earlier = self._known.get(event.account_id) or self.matcher.index.get(event.account_id)
        return AccountProfile(
            id=event.account_id,
            username=event.username,
            display_name=event.display_name,
            bio=event.bio,
            posts=earlier.posts if earlier else [],
            email=event.email or (earlier.email if earlier else None),
            ip=event.ip or (earlier.ip if earlier else None),
            avatar_pdq=event.avatar_pdq or (earlier.avatar_pdq if earlier else None),
            follows=event.follows or (earlier.follows if earlier else []),
        )

    def _suspend(self, account_id: str) -> None:
        profile = self._known.get(account_id)
        if profile is None:
            if account_id not in self.matcher.index:
                log.info("suspended account %r has no known profile; not indexed", account_id)
            return
        self._index_latest(profile)

    def _unsuspend(self, account_id: str) -> None:
        profile = self.matcher.index.get(account_id)
        if profile is not None:
            self.matcher.index.remove(account_id)
            self._remember(profile)

    def _observe(self, event: Event, actions: Sequence[Action] = ()) -> AccountProfile | None:
        """Update state from one event; returns the profile to score, if any."""
        scored: AccountProfile | None = None
        if isinstance(event, AccountEvent):
            scored = self._profile_from(event)
            if event.account_id in self.matcher.index:
                self._index_latest(scored)
                scored = None  # a suspended account changing its profile is not an evader
            else:
                self._remember(scored)
        elif isinstance(event, EnforcementEvent):
            if event.action == "suspend":
                if event.username and event.account_id not in self._known:
                    self._remember(
                        AccountProfile(
                            id=event.account_id,
                            username=event.username,
                            display_name=event.display_name,
                        )
                    )
                self._suspend(event.account_id)
            elif event.action == "unsuspend":
                self._unsuspend(event.account_id)
        elif isinstance(event, PostEvent):
            known = self._known.get(event.author_id)
            if known is not None and len(known.posts) < EARLY_POSTS and event.text.strip():
                scored = known.model_copy(update={"posts": [*known.posts, event.text]})
                self._remember(scored)
        for action in actions:
            if action.kind == "suspend" and action.target_kind == "account":
                self._suspend(action.target_id)
        return scored

    def _index_latest(self, profile: AccountProfile) -> None:
        """Index ``profile``, replacing any older version of the same account."""
        if profile.id in self.matcher.index:
            self.matcher.index.remove(profile.id)
        self.matcher.index.add(profile)

    # -- the contract ------------------------------------------------------------

    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        results: list[list[Signal]] = []
        for event in batch:
            profile = self._observe(event)
            if profile is None or not len(self.matcher.index):
                results.append([])
                continue
            matches = self.matcher.match(profile, top=SHOWN_MATCHES)
            flagged = self.matcher.is_flagged(profile, matches)
            results.append(
                _signals(matches, self.matcher.threshold_for(profile)) if flagged else []
            )
        return results

    def learn(self, processed: Sequence[ProcessedEvent]) -> None:
        for item in processed:
            for action in item.decision.actions:
                if action.kind == "suspend" and action.target_kind == "account":
                    self._suspend(action.target_id)

    def bootstrap(self, store: Store) -> None:
        replayed = 0
        for event, actions in store.history(HISTORY_KINDS):
            self._observe(event, actions)
            replayed += 1
        if replayed:
            log.info(
                "evasion index rebuilt from %d events: %d suspended accounts",
                replayed,
                len(self.matcher.index),
            )

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        def signup(n: int, account: str, username: str) -> AccountEvent:
            return AccountEvent(
                id=f"ex-evasion-{n}", action="signup", account_id=account, username=username
            )

        suspension = EnforcementEvent(id="ex-evasion-2", action="suspend", account_id="x1")
        return [
            DetectorExample(signup(1, "x1", "ShamReporter1"), frozenset(), "a future suspendee"),
            DetectorExample(suspension, frozenset(), "the suspension itself is no signal"),
            DetectorExample(
                signup(3, "x2", "shamreporter2"), frozenset({LABEL}), "numbered successor"
            ),
            DetectorExample(
                signup(4, "x3", "INSIDER_Sham"), frozenset(), "not suspended: no signal"
            ),
            DetectorExample(signup(5, "x4", "gardening_tips"), frozenset(), "unrelated name"),
        ]


def _signals(matches: list[Match], threshold: float) -> list[Signal]:
    best = matches[0]
    evidence = [
        Evidence(kind="account", text=f"@{match.username}", source=f"suspended account {match.id}")
        for match in matches
        if match.score >= REPORT_FLOOR
    ]
    reasons = "; ".join(best.reasons[:3]) + f" (score {best.score:.2f} >= {threshold:.2f})"
    return [
        Signal(
            detector=EvasionDetector.name,
            label=LABEL,
            score=min(max(best.score, 0.0), 1.0),
            evidence=evidence,
            reason=f"matches suspended @{best.username}: {reasons}",
        )
    ]
