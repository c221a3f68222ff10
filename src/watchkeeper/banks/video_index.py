"""The frames of every banked video (vPDQ entries), searchable together.

A video is matched by the share of its frames that match (``banks.vpdq``), so one
query video's frames are looked up against all banked frames at once, in one
``PdqIndex`` whose rows are frames, and the hits are then grouped by the banked video
each frame belongs to. Banked videos are few next to banked photos (GIFCT's list is
mostly PDQ), so the frame index is rebuilt whole, on the next lookup after a change,
rather than kept in a saved snapshot; it is read from the store at start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from watchkeeper.banks.pdq_index import PdqIndex, array_to_words, hashes_to_array
from watchkeeper.banks.repository import BankInfo
from watchkeeper.banks.vpdq import VideoMatch, VpdqFrame, distinct_frames, video_match


@dataclass(frozen=True)
class FrameHit:
    """A query frame within ``distance`` of frame ``frame`` of banked video ``entry_id``."""

    query_frame: int
    entry_id: int
    frame: int
    distance: int
    quality: int


@dataclass(frozen=True)
class BankedVideo:
    """A banked video that a query video matches, and how much of each matches."""

    entry_id: int
    bank: BankInfo
    """The settings of the banked video's bank that it was matched under."""
    shares: VideoMatch
    distance: int
    """The closest any pair of their frames comes."""


class VideoIndex:
    """Banked videos by entry id, and an index over all their distinct frames."""

    def __init__(self) -> None:
        self._videos: dict[int, list[VpdqFrame]] = {}
        self._index: PdqIndex | None = None
        self._rows: NDArray[np.int64] = np.zeros((0, 2), dtype=np.int64)
        self._quality: NDArray[np.int16] = np.zeros(0, dtype=np.int16)

    def __len__(self) -> int:
        return len(self._videos)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._videos

    def put(self, entry_id: int, frames: Sequence[VpdqFrame]) -> None:
        """Add or replace a video: its distinct frames, each as it first occurs (the
        quality a repeated frame is judged by, as threatexchange's vPDQ matcher and
        ``vpdq_signal.VpdqSignal`` judge it)."""
        self._videos[entry_id] = distinct_frames(frames)
        self._index = None

    def discard(self, entry_id: int) -> None:
        if self._videos.pop(entry_id, None) is not None:
            self._index = None

    def clear(self) -> None:
        self._videos.clear()
        self._index = None

    def frames_at_quality(self, entry_id: int, min_quality: int) -> int:
        """How many distinct frames of the video reach ``min_quality``."""
        return sum(1 for frame in self._videos.get(entry_id, ()) if frame.quality >= min_quality)

    def search(self, query_frames: Sequence[str], max_distance: int) -> Iterator[FrameHit]:
        """Every (query frame, banked frame) pair within ``max_distance``."""
        if not query_frames or not self._videos:
            return
        yield from self.search_words(
            array_to_words(hashes_to_array(list(query_frames))), max_distance
        )

    def search_words(self, words: NDArray[np.uint64], max_distance: int) -> Iterator[FrameHit]:
        """``search`` for frames already converted by ``pdq_index.array_to_words`` (a
        caller that searches a photo index with the same frames converts them once)."""
        if not len(words) or not self._videos:
            return
        index = self._built()
        hits = index.search(words, max_distance)
        for query, row, distance in zip(
            hits.query.tolist(), hits.ids.tolist(), hits.distance.tolist(), strict=True
        ):
            entry_id, frame = self._rows[row].tolist()
            yield FrameHit(query, entry_id, frame, int(distance), int(self._quality[row]))

    def match(
        self,
        query_frames: Sequence[str],
        bank_of: Callable[[int], BankInfo | None],
        widest: int,
    ) -> list[BankedVideo]:
        """Banked videos that enough of ``query_frames`` match, under the PDQ distance
        and frame quality of the bank that ``bank_of`` gives for each entry (``None``:
        skip the entry, e.g. removed or its bank disabled); ``widest`` is the largest
        distance any bank allows."""
        distinct = list(dict.fromkeys(frame for frame in query_frames if frame))
        banks: dict[int, BankInfo | None] = {}
        pairs: dict[int, list[FrameHit]] = {}
        for hit in self.search(distinct, widest):
            if hit.entry_id not in banks:  # one lookup per video, not per frame
                banks[hit.entry_id] = bank_of(hit.entry_id)
            bank = banks[hit.entry_id]
            if (
                bank is not None
                and hit.distance <= bank.pdq_max_distance
                and hit.quality >= bank.pdq_min_quality
            ):
                pairs.setdefault(hit.entry_id, []).append(hit)
        found: list[BankedVideo] = []
        for entry_id, hits in pairs.items():
            bank = banks[entry_id]
            assert bank is not None
            shares = video_match(
                len(distinct),
                self.frames_at_quality(entry_id, bank.pdq_min_quality),
                ((hit.query_frame, hit.frame) for hit in hits),
            )
            if shares.matches():
                distance = min(hit.distance for hit in hits)
                found.append(BankedVideo(entry_id, bank, shares, distance))
        return found

    def _built(self) -> PdqIndex:
        if self._index is None:
            hashes: list[str] = []
            rows: list[tuple[int, int]] = []
            quality: list[int] = []
            for entry_id, frames in self._videos.items():
                for position, frame in enumerate(frames):
                    hashes.append(frame.pdq)
                    rows.append((entry_id, position))
                    quality.append(frame.quality)
            self._rows = np.array(rows, dtype=np.int64).reshape(-1, 2)
            self._quality = np.array(quality, dtype=np.int16)
            self._index = PdqIndex.from_hex(hashes)  # ids: row numbers
        return self._index
