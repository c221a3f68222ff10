"""vPDQ as a python-threatexchange ``SignalType``, so threatexchange carries banked videos.

Exchanges, file formats and the bank all go through threatexchange's signal types by
name. Its own vPDQ type (``threatexchange.extensions.vpdq``) cannot be imported here:
it needs the ``vpdq`` package, built against ffmpeg, with no wheel. Without a vPDQ
type, threatexchange's converters drop every ``vpdq`` record, so a file exchange
listing videos delivered none of them. ``VpdqSignal`` is that type under the same
name, reading and comparing the same text form with ``banks.vpdq`` (the extension's
numbers: distinct frames of quality >= 50, PDQ distance <= 31, a match when 80% of
the query's frames match). It does not hash video files (that needs ffmpeg); posts
bring their vPDQ precomputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from threatexchange.content_type.content_base import ContentType
from threatexchange.content_type.video import VideoContent
from threatexchange.signal_type import index
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.signal_base import SignalComparisonResult, SignalType

from watchkeeper.banks.hashing import pdq_distance
from watchkeeper.banks.vpdq import (
    BANKED_MATCH_PERCENT,
    QUERY_MATCH_PERCENT,
    VPDQ_TYPE,
    VpdqFrame,
    canonical_vpdq,
    distinct_frames,
    format_vpdq,
    parse_vpdq,
    video_match,
)

__all__ = ["MAX_FRAME_DISTANCE", "MIN_FRAME_QUALITY", "VpdqIndex", "VpdqSignal", "VpdqSimilarity"]

MIN_FRAME_QUALITY = 50
"""Frames below this PDQ quality are not compared (threatexchange's
``VPDQ_QUALITY_THRESHOLD``)."""
MAX_FRAME_DISTANCE = 31
"""Two frames match within this PDQ distance (``VPDQ_DISTANCE_THRESHOLD``)."""


class VpdqSimilarity(index.SignalSimilarityInfo):
    """How much of each video matched, in percent of its distinct good frames."""

    def __init__(self, query_percent: float, banked_percent: float) -> None:
        self.query_percent = query_percent
        self.banked_percent = banked_percent

    def _key(self) -> tuple[float, float]:
        return (-self.query_percent, -self.banked_percent)  # more matched sorts first

    def __lt__(self, other: object) -> bool:
        return isinstance(other, VpdqSimilarity) and self._key() < other._key()

    def __le__(self, other: object) -> bool:
        return isinstance(other, VpdqSimilarity) and self._key() <= other._key()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VpdqSimilarity) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def pretty_str(self) -> str:
        return f"{self.query_percent:.0f}% of the query, {self.banked_percent:.0f}% of the banked"


def _good_frames(frames: Sequence[VpdqFrame]) -> list[str]:
    """Distinct PDQ hashes (first occurrence) of quality >= ``MIN_FRAME_QUALITY``, in order,
    as threatexchange's brute-force matcher takes them."""
    return [frame.pdq for frame in distinct_frames(frames) if frame.quality >= MIN_FRAME_QUALITY]


class VpdqSignal(SignalType):
    """Video frames hashed with PDQ (vPDQ), in threatexchange's text form."""

    @classmethod
    def get_name(cls) -> str:
        return VPDQ_TYPE

    @classmethod
    def get_content_types(cls) -> list[type[ContentType]]:
        return [VideoContent]

    @classmethod
    def get_index_cls(cls) -> type[index.SignalTypeIndex[index.T]]:
        return VpdqIndex

    @classmethod
    def validate_signal_str(cls, signal_str: str) -> str:
        """The canonical text form, or a ValueError naming the first bad frame."""
        return canonical_vpdq(signal_str)

    @classmethod
    def compare_hash(cls, query: str, banked: str) -> SignalComparisonResult:
        """Whether video ``query`` matches banked video ``banked``, and by how much."""
        query_frames = _good_frames(parse_vpdq(query))
        banked_frames = _good_frames(parse_vpdq(banked))
        pairs = (
            (q, b)
            for q, query_pdq in enumerate(query_frames)
            for b, banked_pdq in enumerate(banked_frames)
            if pdq_distance(query_pdq, banked_pdq) <= MAX_FRAME_DISTANCE
        )
        shares = video_match(len(query_frames), len(banked_frames), pairs)
        return SignalComparisonResult(
            shares.matches(QUERY_MATCH_PERCENT, BANKED_MATCH_PERCENT),
            VpdqSimilarity(shares.query_percent, shares.banked_percent),
        )

    @staticmethod
    def get_examples() -> list[str]:
        pdqs = PdqSignal.get_examples()  # one frame a second, as threatexchange's example
        return [format_vpdq(VpdqFrame(pdq, 100, float(second)) for second, pdq in enumerate(pdqs))]


class VpdqIndex(index.SignalTypeIndex[index.T]):
    """Banked videos compared one by one (threatexchange's interface; the service
    itself searches every banked frame at once with ``banks.video_index``)."""

    SIGNAL_TYPE: ClassVar[type[VpdqSignal]] = VpdqSignal

    def __init__(self) -> None:
        self.entries: list[tuple[str, index.T]] = []

    def query(self, query: str) -> list[index.IndexMatch[index.T]]:
        found: list[index.IndexMatch[index.T]] = []
        for banked, entry in self.entries:
            result = self.SIGNAL_TYPE.compare_hash(query, banked)
            if result.match:
                found.append(index.IndexMatchUntyped(result.distance, entry))
        return found

    def add(self, signal_str: str, entry: index.T) -> None:
        self.entries.append((VpdqSignal.validate_signal_str(signal_str), entry))
