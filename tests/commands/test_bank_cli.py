"""``watchkeeper bank …`` end to end: each command a real process on a SQLite file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))
PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
STATEMENT = (
    "The soldiers of the caliphate carried out a blessed operation against the crusaders "
    "and we call on every lone wolf to follow their example"
)


def bank(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WATCHKEEPER, "bank", *args, "--db", f"sqlite:///{tmp_path / 'wk.db'}"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


def write_photo(path: Path) -> Path:
    rng = np.random.default_rng(3)
    small = rng.integers(0, 256, size=(8, 8, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(small).resize((256, 256), Image.Resampling.BILINEAR).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_create_add_list_remove_export_import(tmp_path: Path) -> None:
    assert bank(tmp_path, "create", "gifct").returncode == 0
    again = bank(tmp_path, "create", "gifct")
    assert again.returncode == 2 and "already exists" in again.stderr
    added = bank(
        tmp_path,
        "add",
        "gifct",
        "--pdq",
        PDQ,
        "--pdq",
        "nothex",
        "--text",
        STATEMENT,
        "--file",
        str(write_photo(tmp_path / "photo.png")),
    )
    assert added.returncode == 1, added.stdout + added.stderr  # one refused entry
    # --pdq, --text, and from the photo its MD5, SHA-256, PDQ and 15 region variants
    assert "20 added" in added.stdout
    assert "invalid pdq value 'nothex'" in added.stderr
    listed = bank(tmp_path, "list")
    assert "gifct" in listed.stdout and " 20 " in listed.stdout
    entries = bank(tmp_path, "entries", "gifct")
    assert "file:photo.png" in entries.stdout

    exported = tmp_path / "gifct.jsonl"
    assert bank(tmp_path, "export", "gifct", str(exported)).returncode == 0
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    assert {line["signal_type"] for line in lines} == {
        "pdq",
        "video_md5",
        "video_sha256",
        "raw_text",
    }
    assert sum("(region inner" in line["provenance"] for line in lines) == 15

    assert bank(tmp_path, "remove", "gifct", "1").returncode == 0
    unknown = bank(tmp_path, "remove", "gifct", "1", "999")  # 1 is already removed
    assert unknown.returncode == 1 and "2 of the ids given are not live" in unknown.stderr
    assert " 19 " in bank(tmp_path, "list").stdout

    assert bank(tmp_path, "create", "copy").returncode == 0
    imported = bank(tmp_path, "import", "copy", str(exported))
    assert imported.returncode == 0 and "20 added" in imported.stdout  # exported before


def test_import_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    signals = tmp_path / "signals.te"
    signals.write_text(f"pdq {PDQ}\npdqq {PDQ}\nvideo_md5 {'a' * 32}\n", encoding="utf-8")
    bank(tmp_path, "create", "shared")
    result = bank(tmp_path, "import", "shared", str(signals))
    assert result.returncode == 1
    assert "2 added" in result.stdout
    assert "line 2" in result.stderr and "pdqq" in result.stderr


def test_fetch_from_a_file_exchange_and_retrohunt_with_nothing_to_find(tmp_path: Path) -> None:
    signals = tmp_path / "partner.te"
    video = json.dumps([f"{PDQ},100,0.0", f"{PDQ[::-1]},90,1.0"])  # a photo and a video
    signals.write_text(f"pdq {PDQ}\nvpdq {video}\n", encoding="utf-8")
    exchange = tmp_path / "exchange.yaml"
    exchange.write_text(f"name: partner\nkind: file\npath: {signals}\n", encoding="utf-8")
    bank(tmp_path, "create", "shared")
    fetched = bank(tmp_path, "fetch", "shared", "--exchange", str(exchange))
    assert fetched.returncode == 0, fetched.stderr
    assert "2 added" in fetched.stdout
    assert "vpdq" in bank(tmp_path, "entries", "shared").stdout
    signals.write_text("", encoding="utf-8")  # the partner withdrew them
    refetched = bank(tmp_path, "fetch", "shared", "--exchange", str(exchange))
    assert "2 removed" in refetched.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: partner\nkind: file\n", encoding="utf-8")
    refused = bank(tmp_path, "fetch", "shared", "--exchange", str(broken))
    assert refused.returncode == 2 and "path" in refused.stderr
    hunted = bank(tmp_path, "retrohunt")
    assert hunted.returncode == 0 and "0 reports" in hunted.stdout


def test_a_videos_vpdq_file_is_banked_and_a_bad_one_named(tmp_path: Path) -> None:
    good = tmp_path / "video.vpdq.json"
    good.write_text(json.dumps([f"{PDQ},100,0.0", f"{PDQ[::-1]},90,1.0"]), encoding="utf-8")
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps([f"{PDQ},100"]), encoding="utf-8")
    bank(tmp_path, "create", "videos")
    added = bank(tmp_path, "add", "videos", "--vpdq", str(good), "--vpdq", str(bad))
    assert added.returncode == 1 and "1 added" in added.stdout
    assert f"{bad}: invalid vpdq value" in added.stderr
    assert "frame 0: expected 3 comma-separated parts" in added.stderr
    entries = bank(tmp_path, "entries", "videos")
    assert "vpdq" in entries.stdout and "file:video.vpdq.json" in entries.stdout
    exported = tmp_path / "videos.te"
    assert bank(tmp_path, "export", "videos", str(exported)).returncode == 0
    [line] = exported.read_text(encoding="utf-8").splitlines()
    assert line == f'vpdq ["{PDQ},100,0.0", "{PDQ[::-1]},90,1.0"]'
    bank(tmp_path, "create", "copy")
    imported = bank(tmp_path, "import", "copy", str(exported))
    assert imported.returncode == 0 and "1 added" in imported.stdout
