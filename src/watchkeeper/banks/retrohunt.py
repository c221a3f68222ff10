"""Retro-hunting: when a bank gains entries, find the recent posts that already carried them.

Propaganda is often banked after it spread: the 2014 execution videos were hashed
while copies were already up. So when entries arrive, the hashes of media seen in the
last ``days`` (``media_seen``, hashes only) and the text of recent posts are matched
against just the new entries, and each post that matches becomes a report from
``watchkeeper-retrohunt``. The report carries the post's text and media hashes and
goes through the ordinary pipeline: the detectors (now knowing the entries) produce
the signals, the policy decides, a case is opened, all explained and audited like
any other decision. Report ids are derived from the entry and the post, so running
the hunt twice never reports a post twice for the same entry.

Entries are hunted once they are ``settle_seconds`` old: by then every process's
matcher has picked them up, so a post is either judged with the entry known or was
recorded in ``media_seen`` before the hunt reads it.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from watchkeeper.banks.pdq_index import PdqIndex, array_to_words, hashes_to_array
from watchkeeper.banks.repository import BankEntry, BankInfo, BankRepository
from watchkeeper.banks.text_index import TextBankIndex
from watchkeeper.banks.video_index import VideoIndex
from watchkeeper.banks.vpdq import VPDQ_TYPE, parse_vpdq
from watchkeeper.model import MediaItem, PostEvent, ReportEvent
from watchkeeper.store.repository import Store

log = logging.getLogger(__name__)

CURSOR_KEY = "retrohunt_log_seq"
REPORTER = "watchkeeper-retrohunt"
DEFAULT_SETTLE_SECONDS = 15.0
QUERY_BATCH = 2_048


@dataclass
class RetroHuntResult:
    """What one pass did."""

    entries: int = 0
    media_scanned: int = 0
    posts_scanned: int = 0
    reports: list[str] = field(default_factory=list)


def utc_now() -> datetime:
    return datetime.now(UTC)


class RetroHunt:
    """Matches recent posts against entries added since the last pass and reports them."""

    def __init__(
        self,
        store: Store,
        *,
        days: int = 30,
        settle_seconds: float = DEFAULT_SETTLE_SECONDS,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.repository = BankRepository(store, clock=clock)
        self.days = days
        self.settle = timedelta(seconds=settle_seconds)
        self._clock = clock

    def run_once(self) -> RetroHuntResult:
        """Hunt for the entries added since the last pass; ingest the reports."""
        now = self._clock()
        cursor = int(self.repository.get_state(CURSOR_KEY) or 0)
        log_rows = self.repository.log_until(cursor, now - self.settle)
        result = RetroHuntResult()
        if not log_rows:
            return result
        added = [entry_id for _, entry_id, op in log_rows if op == "add"]
        banks = {bank.name: bank for bank in self.repository.list_banks(counts=False)}
        entries = [
            entry
            for entry in self.repository.entries_by_id(added).values()
            if entry.removed_at is None
            and not entry.negative
            and banks.get(entry.bank) is not None
            and banks[entry.bank].enabled
        ]
        result.entries = len(entries)
        since = now - timedelta(days=self.days)
        hits: dict[str, list[BankEntry]] = defaultdict(list)
        self._hunt_media(entries, banks, since, hits, result)
        self._hunt_text(entries, banks, since, hits, result)
        reports = self._reports(hits, now)
        if reports:
            accepted = self.store.ingest(reports).accepted
            result.reports = list(accepted)
            log.info("retro-hunt: %d new entries, %d posts reported", len(entries), len(accepted))
        self.repository.set_state(CURSOR_KEY, str(log_rows[-1][0]))
        return result

    # -- media -----------------------------------------------------------------------------

    def _hunt_media(
        self,
        entries: Sequence[BankEntry],
        banks: dict[str, BankInfo],
        since: datetime,
        hits: dict[str, list[BankEntry]],
        result: RetroHuntResult,
    ) -> None:
        """One pass over the media seen in the window: photos by PDQ distance, files by
        MD5/SHA-256, and banked videos, whose frames ``media_seen`` holds one by one:
        posts with a frame near one are read back and each video matched as a whole."""
        pdq = [entry for entry in entries if entry.signal_type == "pdq"]
        exact: dict[tuple[str, str], list[BankEntry]] = defaultdict(list)
        for entry in entries:
            if entry.signal_type in ("video_md5", "video_sha256"):
                exact[entry.signal_type, entry.value].append(entry)
        videos, video_entries = _video_index(entries)
        if not pdq and not exact and not video_entries:
            return
        by_id = {entry.id: entry for entry in pdq}
        index = PdqIndex.from_hex([entry.value for entry in pdq], [entry.id for entry in pdq])
        searched = pdq + list(video_entries.values())
        widest = max((banks[entry.bank].pdq_max_distance for entry in searched), default=31)
        with_frames: set[str] = set()
        after = 0
        while rows := self.repository.media_seen_since(since, after_id=after, limit=QUERY_BATCH):
            after = rows[-1][0]
            result.media_scanned += len(rows)
            for _, event_id, signal_type, value, _ in rows:
                hits_for = exact.get((signal_type, value), [])
                if hits_for:
                    hits[event_id].extend(hits_for)
            pdq_rows = [row for row in rows if row[2] == "pdq"]
            if not pdq_rows or not (len(videos) or len(index)):
                continue
            words = array_to_words(hashes_to_array([row[3] for row in pdq_rows]))
            for hit in videos.search_words(words, widest):
                with_frames.add(pdq_rows[hit.query_frame][1])
            if not len(index):
                continue
            found = index.search(words, widest)
            for position, entry_id, distance in zip(
                found.query.tolist(), found.ids.tolist(), found.distance.tolist(), strict=True
            ):
                entry = by_id[entry_id]
                if banks[entry.bank].accepts_pdq(distance, pdq_rows[position][4]):
                    hits[pdq_rows[position][1]].append(entry)

        def bank_of(entry_id: int) -> BankInfo:
            return banks[video_entries[entry_id].bank]

        for event_id in sorted(with_frames):
            event = self.store.get_event(event_id)
            for item in event.media if isinstance(event, PostEvent) else []:
                for video in videos.match(item.vpdq or [], bank_of, widest):
                    hits[event_id].append(video_entries[video.entry_id])

    # -- text ----------------------------------------------------------------------------

    def _hunt_text(
        self,
        entries: Sequence[BankEntry],
        banks: dict[str, BankInfo],
        since: datetime,
        hits: dict[str, list[BankEntry]],
        result: RetroHuntResult,
    ) -> None:
        texts = [entry for entry in entries if entry.signal_type == "raw_text"]
        if not texts:
            return
        index = TextBankIndex()
        by_id: dict[int, BankEntry] = {}
        for entry in texts:
            try:
                index.add(entry.id, entry.value)
            except ValueError:
                continue  # too short to match safely; the text matcher skips it too
            by_id[entry.id] = entry
        if not by_id:
            return
        after = 0
        while posts := self.repository.posts_since(since, after_seq=after, limit=QUERY_BATCH):
            after = posts[-1][0]
            result.posts_scanned += len(posts)
            found = index.query_many([post.text for _, post in posts])
            for (_, post), matches in zip(posts, found, strict=True):
                for match in matches:
                    matched = by_id.get(match.entry_id)
                    if matched is not None and match.score >= banks[matched.bank].text_min_score:
                        hits[post.id].append(matched)

    # -- reports -------------------------------------------------------------------------

    def _reports(self, hits: dict[str, list[BankEntry]], now: datetime) -> list[ReportEvent]:
        reports: list[ReportEvent] = []
        for event_id, matched in hits.items():
            event = self.store.get_event(event_id)
            if not isinstance(event, PostEvent):
                continue
            unique = sorted({entry.id: entry for entry in matched}.values(), key=lambda e: e.id)
            media = self._media_of(event)
            kinds = {entry.signal_type for entry in unique}
            reports.append(
                ReportEvent(
                    id=_report_id(unique[0].id, event_id),
                    created_at=now,
                    reporter_id=REPORTER,
                    reporter_trust=1.0,
                    target_kind="post",
                    target_id=event.id,
                    target_author_id=event.author_id,
                    reason="known_text" if kinds == {"raw_text"} else "known_media",
                    text=event.text,
                    media=media,
                    comment=(
                        "retro-hunt: matches newly banked "
                        + ", ".join(f"{e.bank} entry {e.id}" for e in unique[:10])
                    ),
                    meta={"retrohunt": {"entries": [e.id for e in unique], "post": event.id}},
                )
            )
        return reports

    def _media_of(self, event: PostEvent) -> list[MediaItem]:
        """The post's media as hashes: what it was sent with, plus hashes of fetched URLs."""
        items = [item for item in event.media if item.hashes() or item.vpdq]
        seen = self.repository.media_seen_of(event.id)
        known = {pair for item in items for pair in item.hashes()}
        for signal_type, value, quality in seen:
            if (signal_type, value) in known:
                continue
            if signal_type == "pdq":
                items.append(MediaItem(pdq=value, pdq_quality=quality))
            elif signal_type == "video_md5":
                items.append(MediaItem(kind="other", md5=value))
            elif signal_type == "video_sha256":
                items.append(MediaItem(kind="other", sha256=value))
        return items[:20]


def _video_index(entries: Sequence[BankEntry]) -> tuple[VideoIndex, dict[int, BankEntry]]:
    """The new banked videos among ``entries``, indexed, and by id."""
    videos = VideoIndex()
    by_id: dict[int, BankEntry] = {}
    for entry in entries:
        if entry.signal_type == VPDQ_TYPE:
            try:
                videos.put(entry.id, parse_vpdq(entry.value))
            except ValueError:
                continue  # validated when added: only a hand-edited row
            by_id[entry.id] = entry
    return videos, by_id


def _report_id(entry_id: int, event_id: str) -> str:
    candidate = f"retrohunt:{entry_id}:{event_id}"
    if len(candidate) <= 256:
        return candidate
    return f"retrohunt:{entry_id}:sha256:{hashlib.sha256(event_id.encode()).hexdigest()}"
