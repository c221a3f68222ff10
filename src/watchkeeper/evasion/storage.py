"""Saving the suspended-account index to one file, and loading it back, without pickle.

Rebuilding the index of a million accounts takes most of a minute; loading a saved
one takes about a second. The file may travel between operators (a federated peer's
list of suspended accounts), so it must not be able to run code when opened: it is
a plain NumPy ``.npz`` archive (a zip of ``.npy`` arrays), read with
``allow_pickle=False``. Its members:

``header``            UTF-8 JSON: ``{"format": "watchkeeper-evasion-index", "version": 2,
                      "accounts": N}``
``ids``, ``usernames``, ``name_keys``  all strings joined into one UTF-8 text, with
                      ``*_ends`` holding the end offset (in characters) of each string;
                      ``name_keys`` holds each username's normalized keys
                      (``names.pack_keys``), so loading does not normalize a million
                      names again (version 1 files lack it: computed on load);
``extras``            UTF-8 JSON lines, one profile per account that has more than a
                      username (email and IP are already hashes), with ``extra_rows``;
``exact_<kind>_keys``/``_rows``  each exact map: sorted 64-bit key hashes and their rows;
``gram_ids``, ``gram_starts``, ``gram_rows``  the trigram inverted index in CSR form.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.keys import EXACT_KINDS
from watchkeeper.evasion.names import name_keys, pack_keys
from watchkeeper.evasion.profile import AccountProfile

__all__ = ["FORMAT", "VERSION", "IndexFileError", "load_index", "save_index"]

FORMAT = "watchkeeper-evasion-index"
VERSION = 2
_READABLE = (1, 2)


class IndexFileError(ValueError):
    """The file is not an index this version can read."""


def _text_bytes(text: str) -> npt.NDArray[np.uint8]:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _pack(strings: list[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    ends = np.cumsum(np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)))
    return _text_bytes("".join(strings)), ends


def _unpack(data: npt.NDArray[np.uint8], ends: npt.NDArray[np.int64]) -> list[str]:
    text = data.tobytes().decode("utf-8")
    bounds = [0, *ends.tolist()]
    return [text[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]


def save_index(index: SuspendedIndex, path: Path) -> None:
    """Compact ``index`` and write it to ``path`` (an ``.npz`` file)."""
    index.compact()
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    header = {"format": FORMAT, "version": VERSION, "accounts": len(index)}
    arrays["header"] = _text_bytes(json.dumps(header))
    arrays["ids"], arrays["ids_ends"] = _pack(index._ids)
    arrays["usernames"], arrays["usernames_ends"] = _pack(index._usernames)
    arrays["name_keys"], arrays["name_keys_ends"] = _pack(index._name_keys)
    rows = sorted(index._extras)
    lines = "".join(index._extras[row].model_dump_json() + "\n" for row in rows)
    arrays["extras"] = _text_bytes(lines)
    arrays["extra_rows"] = np.asarray(rows, dtype=np.int32)
    for kind in EXACT_KINDS:
        arrays[f"exact_{kind}_keys"] = index._exact_keys[kind]
        arrays[f"exact_{kind}_rows"] = index._exact_rows[kind]
    arrays["gram_ids"] = index._gram_ids
    arrays["gram_starts"] = index._gram_starts
    arrays["gram_rows"] = index._gram_rows
    with path.open("wb") as handle:
        np.savez(handle, allow_pickle=False, **arrays)


def load_index(path: Path) -> SuspendedIndex:
    """Read an index written by ``save_index``; raises ``IndexFileError`` if it is not one."""
    try:
        archive = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise IndexFileError(f"{path}: not an evasion index file ({error})") from error
    with archive:
        try:
            header = json.loads(archive["header"].tobytes().decode("utf-8"))
        except (KeyError, ValueError) as error:
            raise IndexFileError(f"{path}: no readable header") from error
        if header.get("format") != FORMAT or header.get("version") not in _READABLE:
            raise IndexFileError(
                f"{path}: format {header.get('format')!r} v{header.get('version')}"
            )
        try:
            index = SuspendedIndex()
            index._ids = _unpack(archive["ids"], archive["ids_ends"])
            index._usernames = _unpack(archive["usernames"], archive["usernames_ends"])
            if header["version"] >= 2:
                index._name_keys = _unpack(archive["name_keys"], archive["name_keys_ends"])
            else:
                index._name_keys = [pack_keys(name_keys(name)) for name in index._usernames]
            index._row_of = None
            lines = archive["extras"].tobytes().decode("utf-8").splitlines()
            extra_rows = archive["extra_rows"].tolist()
            for row, line in zip(extra_rows, lines, strict=True):
                profile = AccountProfile.model_validate_json(line)
                index._extras[int(row)] = profile
                index._file_identifiers(profile, int(row))
            for kind in EXACT_KINDS:
                index._exact_keys[kind] = archive[f"exact_{kind}_keys"].astype(np.uint64)
                index._exact_rows[kind] = archive[f"exact_{kind}_rows"].astype(np.int32)
            index._gram_ids = archive["gram_ids"].astype(np.uint32)
            index._gram_starts = archive["gram_starts"].astype(np.int64)
            index._gram_rows = archive["gram_rows"].astype(np.int32)
        except (KeyError, ValueError) as error:
            raise IndexFileError(f"{path}: damaged index file ({error})") from error
    count = len(index._ids)
    if (
        count != header.get("accounts")
        or not len(index._usernames) == len(index._name_keys) == count
    ):
        raise IndexFileError(f"{path}: account count does not match its header")
    referenced = [index._gram_rows, *index._exact_rows.values()]
    if any(len(rows) and (rows.min() < 0 or rows.max() >= count) for rows in referenced):
        raise IndexFileError(f"{path}: damaged index file (row out of range)")
    if index._gram_starts[-1] != len(index._gram_rows):
        raise IndexFileError(f"{path}: damaged index file (trigram offsets)")
    return index
