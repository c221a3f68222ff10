"""``watchkeeper.banks.vpdq_signal``: vPDQ as a threatexchange signal type."""

from __future__ import annotations

import json

import pytest
from pdq_hashes import flip
from threatexchange.signal_type.signal_base import SignalType

from watchkeeper.banks.signals import SIGNAL_TYPES, validate_signal
from watchkeeper.banks.vpdq import VpdqFrame, format_vpdq
from watchkeeper.banks.vpdq_signal import VpdqIndex, VpdqSignal, VpdqSimilarity

FRAMES = [f"{value:064x}" for value in (0, 2**256 - 1, int("0f" * 32, 16), int("33" * 32, 16))]


def video(*frames: tuple[str, int]) -> str:
    return format_vpdq(VpdqFrame(pdq, quality, float(s)) for s, (pdq, quality) in enumerate(frames))


def shares(query: str, banked: str) -> tuple[float, float]:
    """(query %, banked %) of ``VpdqSignal.compare_hash``."""
    similarity = VpdqSignal.compare_hash(query, banked).distance
    assert isinstance(similarity, VpdqSimilarity)
    return similarity.query_percent, similarity.banked_percent


def test_registered_under_threatexchanges_name_and_canonical_form() -> None:
    assert SIGNAL_TYPES["vpdq"] is VpdqSignal
    assert issubclass(VpdqSignal, SignalType)
    raw = json.dumps([f"{FRAMES[0].upper()},90,0", f"{FRAMES[1]},90,1.0"])
    assert VpdqSignal.validate_signal_str(raw) == video((FRAMES[0], 90), (FRAMES[1], 90))
    assert validate_signal("vpdq", raw) == video((FRAMES[0], 90), (FRAMES[1], 90))
    with pytest.raises(ValueError, match=r"invalid vpdq value .*frame 1: PDQ hash must be"):
        validate_signal("vpdq", json.dumps([f"{FRAMES[0]},90,0", "abc,90,1"]))
    [example] = VpdqSignal.get_examples()
    assert VpdqSignal.validate_signal_str(example) == example


def test_compare_hash_counts_each_videos_matching_frames() -> None:
    banked = video(*((frame, 90) for frame in FRAMES))
    copy = video(*((flip(frame, 20), 80) for frame in FRAMES[:3]))  # re-encoded, cut
    assert VpdqSignal.compare_hash(copy, banked).match
    assert shares(copy, banked) == (100.0, 75.0)
    far = video(*((flip(frame, 40), 90) for frame in FRAMES))  # every frame 40 bits away
    assert not VpdqSignal.compare_hash(far, banked).match
    # 3 of 5 distinct query frames match: 60% < 80%
    mixed = video(
        *((frame, 90) for frame in FRAMES[:3]),
        (flip(FRAMES[0], 40), 90),
        (flip(FRAMES[1], 40), 90),
    )
    assert shares(mixed, banked)[0] == 60.0
    assert not VpdqSignal.compare_hash(mixed, banked).match


def test_low_quality_frames_are_not_compared_and_repeats_count_once() -> None:
    banked = video((FRAMES[0], 90), (FRAMES[1], 90))
    # the unmatched frames are below quality 50, so all compared frames match
    query = video((FRAMES[0], 90), (FRAMES[0], 90), (FRAMES[2], 10), (FRAMES[3], 49))
    assert VpdqSignal.compare_hash(query, banked).match
    assert shares(query, banked) == (100.0, 50.0)
    # the first occurrence decides a repeated frame's quality, as threatexchange dedupes
    repeated = video((FRAMES[2], 10), (FRAMES[2], 90), (FRAMES[0], 90))
    assert shares(repeated, banked)[0] == 100.0


def test_index_through_threatexchanges_interface() -> None:
    banked = [video((FRAMES[0], 90), (FRAMES[1], 90)), video((FRAMES[2], 90), (FRAMES[3], 90))]
    assert VpdqSignal.get_index_cls() is VpdqIndex
    index = VpdqIndex[str].build([(banked[0], "first"), (banked[1], "second")])
    found = index.query(video((flip(FRAMES[2], 10), 70), (FRAMES[3], 70)))
    assert [match.metadata for match in found] == ["second"]
    assert index.query(video((flip(FRAMES[0], 64), 90))) == []
