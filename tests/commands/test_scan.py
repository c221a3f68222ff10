"""``watchkeeper scan`` end to end through the real CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from streams import CAMPAIGN_TEXT, DOX_TEXT, post, write_jsonl

from watchkeeper.store.repository import Store

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))


def run_scan(
    events: Path, database_url: str, out: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WATCHKEEPER, "scan", str(events), "--db", database_url, "--out", str(out), *options],
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_decisions(path: Path) -> dict[str, dict[str, object]]:
    return {row["event_id"]: row for row in map(json.loads, path.read_text().splitlines())}


def test_scan_decides_good_lines_and_names_bad_ones(tmp_path: Path, database_url: str) -> None:
    events = write_jsonl(
        tmp_path / "events.jsonl",
        [
            post("p1", CAMPAIGN_TEXT),
            "{broken json",
            post("p2", "nice day at the beach"),
            {"kind": "post", "id": "p3", "author_id": "a1"},
            {"kind": "post", "id": "p4", "text": "no author"},
            post("p5", DOX_TEXT),
            post("p1", CAMPAIGN_TEXT),
        ],
    )
    result = run_scan(events, database_url, tmp_path / "out.jsonl")
    assert result.returncode == 1
    assert f"{events}:2: not valid JSON" in result.stderr
    assert f"{events}:5: author_id: Field required" in result.stderr
    assert "4 new events decided, 1 already known, 2 bad lines" in result.stderr
    decisions = read_decisions(tmp_path / "out.jsonl")
    assert list(decisions) == ["p1", "p2", "p3", "p5"]
    assert decisions["p1"]["verdict"] == "review"
    assert decisions["p2"]["verdict"] == "allow"
    assert decisions["p5"]["verdict"] != "allow"
    assert decisions["p1"]["rule_ids"]


def test_rescan_is_idempotent(tmp_path: Path, database_url: str) -> None:
    events = write_jsonl(tmp_path / "e.jsonl", [post("p1", CAMPAIGN_TEXT), post("p2", "hello")])
    first = run_scan(events, database_url, tmp_path / "first.jsonl")
    second = run_scan(events, database_url, tmp_path / "second.jsonl")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "0 new events decided, 2 already known" in second.stderr
    assert read_decisions(tmp_path / "first.jsonl") == read_decisions(tmp_path / "second.jsonl")
    store = Store.open(database_url)
    try:
        stats = store.stats()
    finally:
        store.close()
    assert stats["decisions"] == 2
    assert stats["cases_open"] == 1


def test_worker_processes_decide_exactly_as_one_process_does(
    tmp_path: Path, database_url: str
) -> None:
    lines: list[Mapping[str, object] | str] = [
        post("p1", CAMPAIGN_TEXT),
        post("p2", "I will kill you tomorrow with a knife, I know your address"),
        "{broken json",
        post("p3", DOX_TEXT),
        post("p1", "the same id with another text is a duplicate"),
        {"kind": "enforcement", "id": "x1", "account_id": "INSIDER", "action": "suspend"},
        {
            "kind": "account",
            "id": "s1",
            "account_id": "u9",
            "action": "signup",
            "username": "lNSlDER",
        },
        *[post(f"q{i}", f"ordinary post number {i} about the weather") for i in range(9)],
        post("p4", "The soldiers of the Islamic State liberated the city, join the caliphate"),
    ]
    events = write_jsonl(tmp_path / "events.jsonl", lines)
    alone = run_scan(
        events, f"sqlite:///{tmp_path}/alone.db", tmp_path / "alone.jsonl", "--workers", "1"
    )
    pooled = run_scan(
        events, database_url, tmp_path / "pooled.jsonl", "--workers", "2", "--batch-size", "2"
    )
    assert alone.returncode == pooled.returncode == 1, alone.stderr + pooled.stderr
    assert f"{events}:3: not valid JSON" in pooled.stderr
    assert "15 new events decided, 1 already known, 1 bad lines" in pooled.stderr

    def outcome(path: Path) -> dict[str, object]:
        return {
            event_id: (row["verdict"], row["rule_ids"], row["signals"], row["actions"])
            for event_id, row in read_decisions(path).items()
        }

    assert outcome(tmp_path / "pooled.jsonl") == outcome(tmp_path / "alone.jsonl")
    decided = read_decisions(tmp_path / "pooled.jsonl")
    assert list(decided)[:3] == ["p1", "p2", "p3"]  # input order, across batches
    signals = decided["p2"]["signals"]
    assert isinstance(signals, list)
    assert "threat" in {signal["label"] for signal in signals}


def test_bad_policy_fails_before_anything_runs(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "name: broken\nrules:\n  - id: r1\n    when: {signal: {label: threat}}\n"
        "    then: [explode]\n"
    )
    events = write_jsonl(tmp_path / "e.jsonl", [post("p1", "hello")])
    result = subprocess.run(
        [
            WATCHKEEPER,
            "scan",
            str(events),
            "--db",
            f"sqlite:///{tmp_path}/x.db",
            "--policy",
            str(policy),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"{policy}:5:" in result.stderr
    assert not (tmp_path / "x.db").exists()
