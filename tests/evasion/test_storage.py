"""Saving and loading the index: same answers after a restart, no pickle."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from evasion_accounts import account, filled, ids

from watchkeeper.evasion.names import name_keys
from watchkeeper.evasion.storage import IndexFileError, load_index, save_index


def test_round_trip_answers_the_same(tmp_path: Path) -> None:
    index = filled()
    index.add(account("late", "latecomer7", email="late@example.org"))
    index.remove("2")
    path = tmp_path / "suspended.npz"
    save_index(index, path)
    loaded = load_index(path)
    assert len(loaded) == len(index)
    assert loaded.get("late") == index.get("late")
    assert "2" not in loaded
    for query in (
        account("q", "abutariq041"),
        account("q", "latecomer8"),
        account("q", "zzz", email="late@example.org"),
        account("q", "x", display_name="GunsandCoffee"),
    ):
        assert ids(loaded, query) == ids(index, query)
    loaded.add(account("after", "afterload1"))  # still incremental after loading
    assert "after" in ids(loaded, account("q", "afterload2"))


def test_raw_identifiers_are_not_in_the_file(tmp_path: Path) -> None:
    index = filled()
    index.add(account("late", "latecomer7", email="secret.person@example.org", ip="198.51.100.9"))
    path = tmp_path / "suspended.npz"
    save_index(index, path)
    data = path.read_bytes()
    assert b"secret.person" not in data and b"198.51.100.9" not in data


def test_pickled_or_foreign_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.npz"
    with path.open("wb") as handle:
        np.savez(handle, header=np.array([{"format": "x"}], dtype=object))
    with pytest.raises(IndexFileError):
        load_index(path)
    other = tmp_path / "other.npz"
    other.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(IndexFileError):
        load_index(other)


def test_version_1_files_without_stored_name_keys_still_load(tmp_path: Path) -> None:
    index = filled()
    path = tmp_path / "suspended.npz"
    save_index(index, path)
    with np.load(path, allow_pickle=False) as archive:
        members = {name: archive[name] for name in archive.files if "name_keys" not in name}
    header = json.loads(members["header"].tobytes().decode("utf-8"))
    assert header["version"] == 2
    header["version"] = 1
    members["header"] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    old = tmp_path / "old.npz"
    with old.open("wb") as handle:
        np.savez(handle, allow_pickle=False, **members)
    loaded = load_index(old)
    query = account("q", "abutariq041")
    assert ids(loaded, query) == ids(index, query)
    for row in loaded.candidates(query):
        assert loaded.name_keys(row) == name_keys(loaded.profile(row).username)
