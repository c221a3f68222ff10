"""``watchkeeper evasion``: the stable batch contract, end to end in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from streams import write_jsonl

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))


def test_evasion_contract_and_bad_lines(tmp_path: Path) -> None:
    old: list[dict[str, object] | str] = [
        {"id": "s1", "username": "INSIDER", "display_name": "Musa"},
        {"id": "s2", "username": "abutariq040", "email": "abu.tariq@gmail.com"},
        {"id": "s3", "username": "GunsandCoffee70", "posts": ["a message to the truthful"]},
        {"id": "s4"},
        {"id": "s5", "username": "someone", "avatar_pdq": "xyz"},
    ]
    old += [{"id": f"f{i}", "username": f"filler_name_{i}"} for i in range(50)]
    suspended = write_jsonl(tmp_path / "suspended.jsonl", old)
    accounts = write_jsonl(
        tmp_path / "accounts.jsonl",
        [
            {"id": "n1", "username": "lNSlDER2"},
            {"id": "n2", "username": "zz_top", "email": "abutariq+new@googlemail.com"},
            "not json",
            {"id": "n3", "username": "quiet_gardener", "follows": ["a", "b"], "extra": 1},
            {"id": "n4", "username": "abutariq041", "posts": "not a list"},
        ],
    )
    out = tmp_path / "matches.jsonl"
    result = subprocess.run(
        [
            WATCHKEEPER,
            "evasion",
            "--suspended",
            str(suspended),
            "--accounts",
            str(accounts),
            "--top",
            "3",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert f"{suspended}:4: username: Field required" in result.stderr
    assert f"{suspended}:5: avatar_pdq: Value error" in result.stderr
    assert f"{accounts}:3: not valid JSON" in result.stderr
    assert f"{accounts}:5: posts: Input should be a valid array" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["n1", "n2", "n3"]
    for row in rows:
        assert set(row) == {"id", "matches", "flag"}
        assert len(row["matches"]) <= 3
        for match in row["matches"]:
            assert set(match) == {"id", "score", "reasons"}
            assert 0.0 <= match["score"] <= 1.0 and match["reasons"]
    assert rows[0]["matches"][0]["id"] == "s1" and rows[0]["flag"] is True
    assert rows[1]["matches"][0]["id"] == "s2"
    assert "same canonical email hash" in rows[1]["matches"][0]["reasons"]
    assert rows[2]["flag"] is False
    assert "abu.tariq" not in out.read_text()
