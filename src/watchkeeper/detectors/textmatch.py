"""Known propaganda text: posts that re-post a banked statement, edited or quoted.

Statements of terrorist groups' media offices travel as text too, translated and
lightly edited so that exact matching misses them. This detector matches every post
(and reported text) against the text entries of every enabled bank with the
containment index in ``watchkeeper.banks.text_index``; the signal names the bank and
entry, and the evidence is the span of the post that matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from watchkeeper.banks.repository import BankEntry, BankRepository
from watchkeeper.banks.text_matcher import TextBankMatch, TextMatcher
from watchkeeper.detectors.base import Detector, DetectorExample
from watchkeeper.model import (
    Event,
    EventKind,
    Evidence,
    PostEvent,
    ReportEvent,
    Signal,
    text_of,
)

if TYPE_CHECKING:
    from watchkeeper.config import Settings
    from watchkeeper.store.repository import Store

KNOWN_TEXT = "known_text"
EXAMPLE_STATEMENT = (
    "The soldiers of the caliphate carried out a blessed operation against the "
    "crusaders and we call on every lone wolf to follow their example"
)
"""An invented statement in the style of the 2014 ones, banked by ``prepare_examples``."""


class TextMatchDetector(Detector):
    """Matches post text against the banks' raw_text entries."""

    name = "textmatch"
    reads: ClassVar[frozenset[EventKind]] = frozenset({"post", "report"})
    labels: ClassVar[dict[str, float]] = {KNOWN_TEXT: 0.6}

    def __init__(self, refresh_seconds: float | None = None) -> None:
        self.refresh_seconds = refresh_seconds
        self.matcher: TextMatcher | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> TextMatchDetector:
        return cls(settings.bank_refresh_seconds)

    def bootstrap(self, store: Store) -> None:
        self.matcher = TextMatcher(BankRepository(store))
        if self.refresh_seconds is not None:
            self.matcher.follower.refresh_seconds = self.refresh_seconds
        self.matcher.start()

    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        if self.matcher is None:
            return [[] for _ in batch]
        self.matcher.refresh_if_due()
        texts = [
            text_of(event) if isinstance(event, PostEvent | ReportEvent) else "" for event in batch
        ]
        found = self.matcher.match(texts)
        ids = sorted({match.entry_id for matches in found for match in matches})
        entries = self.matcher.repository.entries_by_id(ids) if ids else {}
        return [
            [signal] if (signal := _signal(text, matches, entries)) is not None else []
            for text, matches in zip(texts, found, strict=True)
        ]

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        return [
            DetectorExample(
                PostEvent(
                    id="ex-textmatch-1",
                    author_id="a1",
                    text="Read this!!! "
                    + EXAMPLE_STATEMENT.replace("blessed", "great").upper()
                    + " #news",
                ),
                frozenset({KNOWN_TEXT}),
                "the banked statement re-posted with a word changed, shouted, with a hashtag",
            ),
            DetectorExample(
                PostEvent(
                    id="ex-textmatch-2",
                    author_id="a1",
                    text="The soldiers came home and we call on every neighbour to welcome them",
                ),
                frozenset(),
                "shares a few words, not the statement",
            ),
        ]

    def prepare_examples(self, store: Store) -> None:
        from watchkeeper.banks.repository import NewEntry

        repository = BankRepository(store)
        repository.create_bank("examples", description="the detector's own examples")
        repository.add_entries("examples", [NewEntry("raw_text", EXAMPLE_STATEMENT)])


def _signal(
    text: str, matches: list[TextBankMatch], entries: dict[int, BankEntry]
) -> Signal | None:
    if not matches or any(match.negative for match in matches):
        return None
    best = max(matches, key=lambda match: match.score)
    evidence = []
    for match in sorted(matches, key=lambda m: -m.score)[:5]:
        entry = entries.get(match.entry_id)
        provenance = f": {entry.provenance}" if entry is not None and entry.provenance else ""
        evidence.append(
            Evidence(
                kind="span",
                text=text[match.start : match.end][:500],
                start=match.start,
                end=match.end,
                source=f"bank {match.bank} entry {match.entry_id} "
                f"({match.score:.0%} of it){provenance}",
            )
        )
    return Signal(
        detector=TextMatchDetector.name,
        label=KNOWN_TEXT,
        score=round(min(1.0, best.score), 4),
        evidence=evidence,
        reason=f"post contains {best.score:.0%} of a known statement in bank {best.bank} "
        f"(entry {best.entry_id})",
    )
