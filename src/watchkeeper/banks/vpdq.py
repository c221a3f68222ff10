"""vPDQ video hashes as banks hold them: threatexchange's text form, read and compared.

A vPDQ hash is a video's frames (about one a second), each hashed with PDQ.
python-threatexchange writes it as a JSON list of ``"<pdq hex>,<quality>,<seconds>"``
strings (``VpdqCompactFeature``), and compares two videos by the share of each one's
distinct, good-quality frames that lie within PDQ distance 31 of some frame of the
other: a match when at least 80% of the query's frames match (and, by default, any
share of the banked video's).

Its vPDQ extension cannot be imported here: it needs the ``vpdq`` package, which is
built against ffmpeg and ships no wheel. Reading the text form and comparing frames
needs neither, so this module does both in the extension's own terms and numbers,
and the values it writes are byte for byte what the extension writes. Hashing video
files (which does need ffmpeg) stays out: posts bring their vPDQ precomputed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from threatexchange.signal_type.pdq.pdq_utils import PDQ_HEX_STR_LEN

VPDQ_TYPE = "vpdq"
MAX_FRAMES = 10_000
"""Most frames one vPDQ value may hold (close to three hours at a frame a second)."""
QUERY_MATCH_PERCENT = 80.0
"""Share of the query's frames that must match, as threatexchange's
``VPDQ_QUERY_MATCH_THRESHOLD_PERCENT``."""
BANKED_MATCH_PERCENT = 0.0
"""Share of the banked video's frames that must match, as threatexchange's
``VPDQ_INDEX_MATCH_THRESHOLD_PERCENT``."""


@dataclass(frozen=True)
class VpdqFrame:
    """One frame: its PDQ hash (64 lowercase hex digits), PDQ quality and time."""

    pdq: str
    quality: int
    seconds: float

    def __str__(self) -> str:
        # threatexchange's VpdqCompactFeature.__str__: three significant digits
        return f"{self.pdq},{self.quality},{self.seconds:.3}"


def parse_vpdq(value: str) -> list[VpdqFrame]:
    """The frames of a vPDQ value, or a ValueError that names the first bad one."""
    try:
        items = json.loads(value)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg}") from None
    if not isinstance(items, list):
        raise ValueError('expected a JSON list of "pdq,quality,seconds" strings')
    if not items:
        raise ValueError("no frames")
    if len(items) > MAX_FRAMES:
        raise ValueError(f"{len(items):,} frames; at most {MAX_FRAMES:,}")
    return [_frame(position, item) for position, item in enumerate(items)]


def _frame(position: int, item: object) -> VpdqFrame:
    where = f"frame {position}"
    if not isinstance(item, str):
        raise ValueError(f'{where}: expected a "pdq,quality,seconds" string')
    parts = item.split(",")
    if len(parts) != 3:
        raise ValueError(f"{where}: expected 3 comma-separated parts, got {len(parts)}")
    pdq, quality_text, seconds_text = (part.strip() for part in parts)
    pdq = pdq.lower()
    if len(pdq) != PDQ_HEX_STR_LEN or any(c not in "0123456789abcdef" for c in pdq):
        raise ValueError(f"{where}: PDQ hash must be {PDQ_HEX_STR_LEN} hex digits")
    try:
        quality, seconds = int(quality_text), float(seconds_text)
    except ValueError:
        raise ValueError(f"{where}: quality and seconds must be numbers") from None
    if not 0 <= quality <= 100:
        raise ValueError(f"{where}: quality {quality} is not 0-100")
    if not seconds >= 0:  # also refuses NaN
        raise ValueError(f"{where}: seconds must be 0 or more")
    return VpdqFrame(pdq, quality, seconds)


def format_vpdq(frames: Iterable[VpdqFrame]) -> str:
    """The canonical text form (threatexchange's ``vpdq_to_json``)."""
    return json.dumps([str(frame) for frame in frames])


def canonical_vpdq(value: str) -> str:
    """``value`` re-written in the canonical form, or a ValueError."""
    return format_vpdq(parse_vpdq(value))


def distinct_frames(frames: Iterable[VpdqFrame]) -> list[VpdqFrame]:
    """Each distinct PDQ hash once, as it first occurs (so with its first quality), in
    order: threatexchange's ``dedupe``, which its matcher runs before filtering by
    quality."""
    first: dict[str, VpdqFrame] = {}
    for frame in frames:
        first.setdefault(frame.pdq, frame)
    return list(first.values())


@dataclass(frozen=True)
class VideoMatch:
    """How much of a query video and of a banked one match, in percent of their frames."""

    query_percent: float
    banked_percent: float

    def matches(
        self,
        query_threshold: float = QUERY_MATCH_PERCENT,
        banked_threshold: float = BANKED_MATCH_PERCENT,
    ) -> bool:
        return self.query_percent >= query_threshold and self.banked_percent >= banked_threshold


def video_match(
    query_frames: int, banked_frames: int, pairs: Iterable[tuple[int, int]]
) -> VideoMatch:
    """Shares from the (query frame, banked frame) pairs within distance: each side's
    frames that have at least one partner, over that side's frame count."""
    query_hit: set[int] = set()
    banked_hit: set[int] = set()
    for query_frame, banked_frame in pairs:
        query_hit.add(query_frame)
        banked_hit.add(banked_frame)
    return VideoMatch(
        100.0 * len(query_hit) / query_frames if query_frames else 0.0,
        100.0 * len(banked_hit) / banked_frames if banked_frames else 0.0,
    )
