"""``watchkeeper.banks.video_index``: every banked video's frames, searched at once."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from pdq_hashes import flip

from watchkeeper.banks.repository import BankInfo
from watchkeeper.banks.video_index import VideoIndex
from watchkeeper.banks.vpdq import VpdqFrame, format_vpdq
from watchkeeper.banks.vpdq_signal import VpdqSignal

A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
B = "0f" * 32


def test_hits_name_the_video_its_frame_the_distance_and_quality() -> None:
    index = VideoIndex()
    index.put(7, [VpdqFrame(A, 80, 0), VpdqFrame(B, 90, 1), VpdqFrame(A, 95, 2)])
    index.put(9, [VpdqFrame(flip(A, 40), 100, 0)])
    assert len(index) == 2 and 7 in index
    hits = sorted(
        (h.query_frame, h.entry_id, h.frame, h.distance, h.quality)
        for h in index.search([flip(A, 5), B], 31)
    )
    # A appears once in video 7, at its first occurrence's quality (threatexchange
    # dedupes before filtering by quality); video 9's frame is 35 bits off
    assert hits == [(0, 7, 0, 5, 80), (1, 7, 1, 0, 90)]
    assert index.frames_at_quality(7, 85) == 1 and index.frames_at_quality(7, 0) == 2


def test_changes_are_seen_by_the_next_search() -> None:
    index = VideoIndex()
    assert list(index.search([A], 31)) == []
    index.put(1, [VpdqFrame(A, 90, 0)])
    assert [h.entry_id for h in index.search([A], 31)] == [1]
    index.put(1, [VpdqFrame(B, 90, 0)])
    assert list(index.search([A], 31)) == []
    index.discard(1)
    assert list(index.search([B], 31)) == [] and len(index) == 0


def test_agrees_with_the_threatexchange_signal_type_on_random_videos() -> None:
    rng = random.Random(5)
    bank = BankInfo("b", "", "b", True, 31, 50, 0.6, datetime.now(UTC))
    base = [f"{rng.getrandbits(256):064x}" for _ in range(6)]
    index = VideoIndex()
    banked = [
        VpdqFrame(pdq, rng.choice((30, 60, 90, 90, 90)), float(s)) for s, pdq in enumerate(base)
    ]
    banked[0] = VpdqFrame(base[0], 10, 0.0)
    banked.append(VpdqFrame(base[0], 90, 9.0))  # repeated later at a quality that counts
    index.put(1, banked)
    agreed = 0
    for _ in range(200):
        query = [
            flip(rng.choice(base), rng.choice((0, 10, 25, 40)))
            if rng.random() < 0.8
            else f"{rng.getrandbits(256):064x}"
            for _ in range(rng.randint(1, 4))
        ]
        ours = bool(index.match(query, lambda _: bank, 31))
        frames = [VpdqFrame(pdq, 100, float(s)) for s, pdq in enumerate(query)]
        theirs = VpdqSignal.compare_hash(format_vpdq(frames), format_vpdq(banked)).match
        assert ours == theirs, query
        agreed += ours
    assert 20 < agreed < 180, agreed  # both outcomes were exercised
