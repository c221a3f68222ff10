"""The offline parts of ``benchmarks/peer_models.py``: pins, markers and result checks.

Installing a peer needs PyPI, and tests never touch the network (practice 9), so these
tests cover what decides whether a venv is reused and whether a peer's answer is
trusted; the install path itself is checked by running the benchmark.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from peer_models import (
    MARKER,
    PEERS,
    SCRIPTS,
    PeerError,
    PeerScores,
    is_current,
    marker_contents,
    parse_result,
    peer,
    venv_python,
)


def test_every_peer_is_exactly_pinned_and_has_its_script() -> None:
    for name, entry in PEERS.items():
        assert entry.name == name
        assert entry.package.startswith(f"{name}==")
        assert all(
            re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", r) for r in entry.requirements
        )
        projects = [r.split("==")[0].lower().replace("_", "-") for r in entry.requirements]
        assert len(projects) == len(set(projects)), f"{name} pins a project twice"
        assert (SCRIPTS / entry.script).is_file()
        assert entry.languages and entry.output


def test_unknown_peer_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="hatesonar"):
        peer("perspective")


def _fake_venv(tmp_path: Path, contents: object) -> Path:
    venv = tmp_path / "hatesonar"
    venv_python(venv).parent.mkdir(parents=True)
    venv_python(venv).touch()
    (venv / MARKER).write_text(json.dumps(contents), encoding="utf-8")
    return venv


def test_a_venv_is_reused_only_when_its_marker_matches_the_pins(tmp_path: Path) -> None:
    entry = PEERS["hatesonar"]
    assert is_current(_fake_venv(tmp_path, marker_contents(entry)), entry)


def test_a_changed_pin_or_a_missing_marker_forces_a_rebuild(tmp_path: Path) -> None:
    entry = PEERS["hatesonar"]
    stale = marker_contents(entry) | {"requirements": ["hatesonar==0.0.7"]}
    venv = _fake_venv(tmp_path, stale)
    assert not is_current(venv, entry)
    (venv / MARKER).unlink()
    assert not is_current(venv, entry)
    assert not is_current(tmp_path / "absent", entry)


def test_a_well_formed_result_becomes_scores() -> None:
    result = parse_result({"scores": [0.25, 1, 0.0], "seconds": 0.5, "load_seconds": 2}, 3)
    assert result == PeerScores([0.25, 1.0, 0.0], 0.5, 2.0)
    assert result.posts_per_second == pytest.approx(6.0)


@pytest.mark.parametrize(
    ("result", "message"),
    [
        ([0.5], "not a JSON object"),
        ({"scores": [0.5], "seconds": 1, "load_seconds": 1}, "expected 2 scores, got 1"),
        ({"scores": None, "seconds": 1, "load_seconds": 1}, "got NoneType"),
        ({"scores": [0.5, "x"], "seconds": 1, "load_seconds": 1}, "a score"),
        ({"scores": [0.5, True], "seconds": 1, "load_seconds": 1}, "a score"),
        ({"scores": [0.5, float("nan")], "seconds": 1, "load_seconds": 1}, "a score"),
        ({"scores": [0.5, 0.5], "load_seconds": 1}, "seconds"),
    ],
)
def test_a_malformed_result_is_refused(result: object, message: str) -> None:
    with pytest.raises(PeerError, match=message):
        parse_result(result, 2)


def test_no_scores_means_no_rate() -> None:
    assert PeerScores(None, 0.0, 0.0, "boom").posts_per_second is None
    assert PeerScores([], 0.0, 0.0).posts_per_second is None
