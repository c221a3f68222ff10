"""Known terrorist media: photos and videos in posts matched against the hash banks.

Media arrives as hashes (computed on arrival from uploaded bytes, or sent precomputed)
or as a URL, which is fetched only from hosts the operator allowlisted; a URL on any
other host is never fetched and gets a ``media_unchecked`` signal instead, so the
gap is visible rather than silent. Every match names the bank, the entry's
provenance and the distance. After each committed batch the hashes of the posts'
media (never the media) are recorded so that a retro-hunt can find today's posts
when tomorrow's bank update arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from watchkeeper.banks.fetch import MediaFetcher, MediaFetchError
from watchkeeper.banks.hashing import MediaError
from watchkeeper.banks.media_matcher import MediaMatch, MediaMatcher, MediaQuery
from watchkeeper.banks.photo_variants import hashes_with_variants
from watchkeeper.banks.repository import BankEntry, BankRepository
from watchkeeper.banks.vpdq import VPDQ_TYPE
from watchkeeper.detectors.base import Detector, DetectorExample
from watchkeeper.model import (
    Event,
    EventKind,
    Evidence,
    MediaItem,
    PostEvent,
    ReportEvent,
    Signal,
)

if TYPE_CHECKING:
    from watchkeeper.config import Settings
    from watchkeeper.store.records import ProcessedEvent
    from watchkeeper.store.repository import Store

log = logging.getLogger(__name__)

KNOWN_MEDIA = "known_media"
UNCHECKED = "media_unchecked"
EXAMPLE_PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
"""python-threatexchange's own PDQ example hash, banked by ``prepare_examples``."""


class MediaDetector(Detector):
    """Matches each post's media against every enabled bank."""

    name = "media"
    reads: ClassVar[frozenset[EventKind]] = frozenset({"post", "report"})
    labels: ClassVar[dict[str, float]] = {KNOWN_MEDIA: 0.5, UNCHECKED: 0.5}

    def __init__(
        self,
        fetcher: MediaFetcher | None = None,
        *,
        index_folder: Path | None = None,
        refresh_seconds: float | None = None,
        rebuild_entries: int | None = None,
    ) -> None:
        self.fetcher = fetcher or MediaFetcher(())
        self.index_folder = index_folder
        self.refresh_seconds = refresh_seconds
        self.rebuild_entries = rebuild_entries
        self.matcher: MediaMatcher | None = None
        self._seen: dict[str, list[MediaQuery]] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> MediaDetector:
        return cls(
            MediaFetcher(settings.media_allowed_hosts),
            index_folder=settings.resolved_bank_index_dir(),
            refresh_seconds=settings.bank_refresh_seconds,
            rebuild_entries=settings.bank_rebuild_entries,
        )

    def bootstrap(self, store: Store) -> None:
        self.matcher = MediaMatcher(
            BankRepository(store), self.index_folder, rebuild_entries=self.rebuild_entries
        )
        if self.refresh_seconds is not None:
            self.matcher.follower.refresh_seconds = self.refresh_seconds
        self.matcher.start()
        log.info("media banks loaded: %d entries", len(self.matcher))

    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        if self.matcher is not None:
            self.matcher.refresh_if_due()
        results: list[list[Signal]] = []
        per_event: list[tuple[list[MediaQuery], list[str]]] = []
        for event in batch:
            queries, problems = self._queries(event)
            per_event.append((queries, problems))
            if isinstance(event, PostEvent) and queries:
                self._seen[event.id] = queries
        flat = [query for queries, _ in per_event for query in queries]
        matches = self.matcher.match(flat) if self.matcher is not None and flat else []
        entries = self._entries(matches)
        position = 0
        for queries, problems in per_event:
            mine = matches[position : position + len(queries)] if matches else [[] for _ in queries]
            position += len(queries)
            signals = [_unchecked(problems)] if problems else []
            found = _known_media(queries, mine, entries)
            if found is not None:
                signals.append(found)
            results.append(signals)
        return results

    def learn(self, processed: Sequence[ProcessedEvent]) -> None:
        """Record the hashes of decided posts' media for the retro-hunt."""
        rows = [
            (item.event.id, query.signal_type, query.value, query.quality)
            for item in processed
            for query in self._seen.pop(item.event.id, [])
            if query.signal_type != VPDQ_TYPE  # its frames are recorded one by one
        ]
        self._seen.clear()
        if rows and self.matcher is not None:
            self.matcher.repository.record_media_seen(rows)

    # -- helpers -----------------------------------------------------------------------

    def _queries(self, event: Event) -> tuple[list[MediaQuery], list[str]]:
        if not isinstance(event, PostEvent | ReportEvent):
            return [], []
        queries: list[MediaQuery] = []
        problems: list[str] = []
        for item in event.media:
            hashes = item.hashes()
            if not hashes and item.url:
                try:
                    fetched, variants = hashes_with_variants(self.fetcher.fetch(item.url), "query")
                except (MediaFetchError, MediaError) as error:
                    problems.append(str(error))
                    continue
                item = MediaItem(
                    kind=item.kind,
                    pdq=fetched.pdq,
                    pdq_quality=fetched.pdq_quality,
                    md5=fetched.md5,
                    sha256=fetched.sha256,
                    pdq_variants=[pdq for _, pdq, _ in variants] or None,
                )
                hashes = item.hashes()
            for signal_type, value in hashes:
                quality = item.pdq_quality if signal_type == "pdq" else None
                queries.append(MediaQuery(signal_type, value, quality))
            for variant in item.pdq_variants or []:  # crops: a cropped copy still matches
                queries.append(MediaQuery("pdq", variant, item.pdq_quality))
            for frame in item.vpdq or []:  # a frame that is a banked photo
                queries.append(MediaQuery("pdq", frame, None))
            if item.vpdq:  # the whole video, against banked videos
                queries.append(MediaQuery(VPDQ_TYPE, ",".join(item.vpdq), None))
        return queries, problems

    def _entries(self, matches: list[list[MediaMatch]]) -> dict[int, BankEntry]:
        ids = {match.entry_id for found in matches for match in found}
        if not ids or self.matcher is None:
            return {}
        return self.matcher.repository.entries_by_id(sorted(ids))

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        banked = MediaItem(pdq=EXAMPLE_PDQ)
        return [
            DetectorExample(
                PostEvent(id="ex-media-1", author_id="a1", text="", media=[banked]),
                frozenset({KNOWN_MEDIA}),
                "a banked photo",
            ),
            DetectorExample(
                PostEvent(
                    id="ex-media-2",
                    author_id="a1",
                    media=[MediaItem(pdq="0" * 32 + "f" * 32, md5="0" * 32)],
                ),
                frozenset(),
                "media in no bank",
            ),
            DetectorExample(
                PostEvent(
                    id="ex-media-3",
                    author_id="a1",
                    media=[MediaItem(url="https://media.example.invalid/a.jpg")],
                ),
                frozenset({UNCHECKED}),
                "a URL on a host the operator did not allowlist is not fetched",
            ),
        ]

    def prepare_examples(self, store: Store) -> None:
        from watchkeeper.banks.repository import NewEntry

        repository = BankRepository(store)
        repository.create_bank("examples", description="the detector's own examples")
        repository.add_entries("examples", [NewEntry("pdq", EXAMPLE_PDQ, provenance="example")])


def _unchecked(problems: list[str]) -> Signal:
    return Signal(
        detector=MediaDetector.name,
        label=UNCHECKED,
        score=1.0,
        evidence=[Evidence(kind="media", text=problem) for problem in problems],
        reason=f"{len(problems)} media item(s) could not be checked: {problems[0]}",
    )


def _known_media(
    queries: list[MediaQuery], matches: list[list[MediaMatch]], entries: dict[int, BankEntry]
) -> Signal | None:
    evidence: list[Evidence] = []
    best = 0.0
    banks: set[str] = set()
    closest = 256
    for query, found in zip(queries, matches, strict=True):
        if any(match.negative for match in found):
            continue  # a known false positive: this item is not reported at all
        for match in found:
            entry = entries.get(match.entry_id)
            provenance = entry.provenance if entry is not None else ""
            best = max(best, match.score)
            banks.add(match.bank)
            closest = min(closest, match.distance)
            where = f" at distance {match.distance}" if match.signal_type == "pdq" else ""
            text = f"{query.signal_type}:{query.value}"
            if match.signal_type == VPDQ_TYPE:
                frames = len(set(query.value.split(",")))
                where = (
                    f": {match.query_percent:g}% of the video's {frames} distinct frames match,"
                    f" {match.banked_percent:g}% of the banked video's"
                )
                text = f"vpdq:{frames} frames"
            evidence.append(
                Evidence(
                    kind="hash",
                    text=text,
                    source=(
                        f"bank {match.bank} entry {match.entry_id}{where}"
                        + (f": {provenance}" if provenance else "")
                    ),
                )
            )
    if not evidence:
        return None
    how = "exactly" if closest == 0 else f"within PDQ distance {closest}"
    return Signal(
        detector=MediaDetector.name,
        label=KNOWN_MEDIA,
        score=round(best, 4),
        evidence=evidence,
        reason=f"media matches {len(evidence)} known item(s) {how} in bank(s) "
        + ", ".join(sorted(banks)),
    )
