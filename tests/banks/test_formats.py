"""Bank files: threatexchange's simple signal file and our JSONL, read back and forth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from threatexchange.exchanges.impl.file_api import (
    FileCollaborationConfig,
    LocalFileSignalExchangeAPI,
)
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.raw_text import RawTextSignal

from watchkeeper.banks.formats import BankFileEntry, guess_format, read_entries, write_entries

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "d" * 32
SHA256 = "a" * 64


def test_read_te_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "list.te"
    path.write_text(
        "# exported from somewhere\n"
        f"pdq {PDQ.upper()}\n"
        f"video_md5 {MD5}\n"
        f"video_sha256 {SHA256}\n"
        "raw_text   join the fight  \n"
        "\n"
        "pdqq 1234\n"
        "pdq 1234\n"
        "video_md5\n"
    )

    entries, errors = read_entries(path)

    assert entries == [
        BankFileEntry("pdq", PDQ),
        BankFileEntry("video_md5", MD5),
        BankFileEntry("video_sha256", SHA256),
        BankFileEntry("raw_text", "join the fight"),
    ]
    assert len(errors) == 3
    assert errors[0].startswith("line 7: unknown signal type 'pdqq'")
    assert errors[1].startswith("line 8: invalid pdq value '1234'")
    assert errors[2] == "line 9: expected '<signal_type> <signal>'"


def test_read_jsonl_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    good = {"signal_type": "pdq", "value": PDQ, "negative": True, "provenance": "tat:islamist"}
    lines = [
        json.dumps(good),
        json.dumps({"signal_type": "video_md5", "value": MD5.upper()}),
        "{not json",
        json.dumps(["pdq", PDQ]),
        json.dumps({"signal_type": "pdq", "value": PDQ, "negativ": True}),
        json.dumps({"signal_type": "pdq", "value": PDQ, "negative": "yes"}),
        json.dumps({"signal_type": "pdq"}),
        json.dumps({"signal_type": "raw_text", "value": "   "}),
    ]
    path = tmp_path / "bank.jsonl"
    path.write_text("\n".join(lines) + "\n")

    entries, errors = read_entries(path)

    assert entries == [
        BankFileEntry("pdq", PDQ, True, "tat:islamist"),
        BankFileEntry("video_md5", MD5),
    ]
    assert errors[:5] == [
        "line 3: not valid JSON (Expecting property name enclosed in double quotes)",
        "line 4: expected a JSON object",
        "line 5: unknown field 'negativ'",
        "line 6: 'negative' must be true or false",
        "line 7: 'value' must be a string",
    ]
    assert errors[5].startswith("line 8: ")
    assert len(errors) == 6


def test_invalid_utf8_is_one_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(b"raw_text caf\xe9\n" + f"pdq {PDQ}\n".encode())

    entries, errors = read_entries(path)

    assert entries == [BankFileEntry("pdq", PDQ)]
    assert errors == ["line 1: not valid UTF-8"]


def test_jsonl_round_trip_keeps_provenance_negative_and_unicode(tmp_path: Path) -> None:
    entries = [
        BankFileEntry("pdq", PDQ, False, "fb_threatexchange:303:terrorism"),
        BankFileEntry("raw_text", "انضموا إلينا\nnow", True, "moderator:7"),
        BankFileEntry("video_sha256", SHA256),
    ]
    path = tmp_path / "bank.jsonl"

    write_entries(path, entries)

    assert read_entries(path) == (entries, [])
    assert "انضموا" in path.read_text(encoding="utf-8")


def test_write_normalizes_values(tmp_path: Path) -> None:
    path = tmp_path / "bank.jsonl"
    write_entries(path, [BankFileEntry("pdq", f"  {PDQ.upper()} ")])
    assert read_entries(path)[0] == [BankFileEntry("pdq", PDQ)]


def test_te_file_is_what_threatexchange_reads(tmp_path: Path) -> None:
    path = tmp_path / "export.te"
    write_entries(path, [BankFileEntry("pdq", PDQ), BankFileEntry("raw_text", "join the fight")])

    collab = FileCollaborationConfig(name="export", filename=str(path))
    (delta,) = LocalFileSignalExchangeAPI(collab).fetch_iter([], None)
    converted = LocalFileSignalExchangeAPI.naive_convert_to_signal_type(
        [PdqSignal, RawTextSignal], collab, delta.updates
    )

    assert set(converted[PdqSignal]) == {PDQ}
    assert set(converted[RawTextSignal]) == {"join the fight"}
    assert read_entries(path) == (
        [BankFileEntry("pdq", PDQ), BankFileEntry("raw_text", "join the fight")],
        [],
    )


def test_te_refuses_what_it_cannot_carry(tmp_path: Path) -> None:
    path = tmp_path / "export.te"
    with pytest.raises(ValueError, match="negative"):
        write_entries(path, [BankFileEntry("pdq", PDQ, negative=True)])
    with pytest.raises(ValueError, match="spans lines"):
        write_entries(path, [BankFileEntry("raw_text", "two\nlines")])
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_write_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("pdq " + "0" * 64 + "\n")
    write_entries(path, [BankFileEntry("video_md5", MD5)])
    assert path.read_text() == f"video_md5 {MD5}\n"


def test_format_from_extension_or_argument(tmp_path: Path) -> None:
    assert guess_format("a.te") == "te"
    assert guess_format(Path("A.TXT")) == "te"
    assert guess_format("a.jsonl") == "jsonl"
    with pytest.raises(ValueError, match=r"pass fmt='te' or fmt='jsonl'"):
        guess_format("bank.csv")
    path = tmp_path / "bank.dump"
    write_entries(path, [BankFileEntry("pdq", PDQ, True)], fmt="jsonl")
    assert read_entries(path, fmt="jsonl") == ([BankFileEntry("pdq", PDQ, True)], [])
