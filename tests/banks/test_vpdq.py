"""``watchkeeper.banks.vpdq``: threatexchange's vPDQ text form, read, written and compared."""

from __future__ import annotations

import json

import pytest

from watchkeeper.banks.signals import validate_signal
from watchkeeper.banks.vpdq import (
    MAX_FRAMES,
    VideoMatch,
    VpdqFrame,
    canonical_vpdq,
    distinct_frames,
    format_vpdq,
    parse_vpdq,
    video_match,
)

A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
B = "0f" * 32


def test_frames_are_read_and_written_in_threatexchanges_form() -> None:
    # VpdqCompactFeature.__str__ writes seconds with 3 significant digits
    value = json.dumps([f"{A.upper()},100,0.0", f"{B},49,1.0", f"{A},87,12.345"])
    frames = parse_vpdq(value)
    assert frames == [VpdqFrame(A, 100, 0.0), VpdqFrame(B, 49, 1.0), VpdqFrame(A, 87, 12.345)]
    assert format_vpdq(frames) == f'["{A},100,0.0", "{B},49,1.0", "{A},87,12.3"]'
    assert canonical_vpdq(format_vpdq(frames)) == format_vpdq(frames)  # a fixed point
    assert str(VpdqFrame(A, 5, 3723.5)) == f"{A},5,3.72e+03"
    assert parse_vpdq(json.dumps([str(VpdqFrame(A, 5, 3723.5))]))[0].seconds == 3720.0


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("not json", "not JSON"),
        ('{"0": "x"}', "JSON list"),
        ("[]", "no frames"),
        ("[1]", 'frame 0: expected a "pdq,quality,seconds" string'),
        (json.dumps([f"{A},1,0", f"{A},1"]), "frame 1: expected 3 comma-separated parts, got 2"),
        (json.dumps(["abc,1,0"]), "frame 0: PDQ hash must be 64 hex digits"),
        (json.dumps([f"{A},good,0"]), "frame 0: quality and seconds must be numbers"),
        (json.dumps([f"{A},101,0"]), "frame 0: quality 101 is not 0-100"),
        (json.dumps([f"{A},50,-1"]), "frame 0: seconds must be 0 or more"),
        (json.dumps([f"{A},50,nan"]), "frame 0: seconds must be 0 or more"),
    ],
)
def test_bad_values_name_what_is_wrong(value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_vpdq(value)
    with pytest.raises(ValueError, match=f"invalid vpdq value .*{problem}"):
        validate_signal("vpdq", value)


def test_too_many_frames_are_refused() -> None:
    with pytest.raises(ValueError, match="10,001 frames"):
        parse_vpdq(json.dumps([f"{A},50,{i}" for i in range(MAX_FRAMES + 1)]))


def test_validate_signal_keeps_vpdq_canonical_and_lists_it_among_known_types() -> None:
    assert validate_signal("vpdq", f' ["{A.upper()},90,2"] ') == f'["{A},90,2.0"]'
    with pytest.raises(ValueError, match=r"known: .*vpdq"):
        validate_signal("vpdqq", "[]")


def test_a_video_matches_when_80_percent_of_the_querys_frames_do() -> None:
    # 10 query frames, 5 banked frames; query frames 0-7 hit banked frames 0 and 1
    eight = video_match(10, 5, [(q, q % 2) for q in range(8)])
    assert eight == VideoMatch(80.0, 40.0) and eight.matches()
    seven = video_match(10, 5, [(q, 0) for q in range(7)])
    assert seven.query_percent == 70.0 and not seven.matches()
    assert not eight.matches(banked_threshold=50.0)
    assert video_match(0, 0, []) == VideoMatch(0.0, 0.0)


def test_distinct_frames_keep_each_hash_as_it_first_occurs() -> None:
    frames = [VpdqFrame(A, 10, 0.0), VpdqFrame(B, 90, 1.0), VpdqFrame(A, 95, 2.0)]
    assert distinct_frames(frames) == [VpdqFrame(A, 10, 0.0), VpdqFrame(B, 90, 1.0)]
