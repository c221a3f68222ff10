"""``watchkeeper score``: the stable text-scoring contract other tools read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from streams import CAMPAIGN_TEXT, DOX_TEXT, write_jsonl

from watchkeeper.classifiers.cues_index import phrase_index
from watchkeeper.commands.score import WARM_UP_TEXT, ScoreInput, score_lines, text_detectors
from watchkeeper.config import Settings
from watchkeeper.detectors.base import label_thresholds
from watchkeeper.text import normalize

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))


def _score(source: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``watchkeeper score --in source --out out [options]``, its output captured."""
    command = [WATCHKEEPER, "score", "--in", str(source), "--out", str(out), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_score_contract_and_bad_lines(tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "posts.jsonl",
        [
            {"id": "1", "text": CAMPAIGN_TEXT, "lang": "en"},
            {"id": "2", "text": DOX_TEXT},
            "not json",
            {"id": "3", "text": "a quiet afternoon", "extra": "ignored"},
            {"id": "4"},
            {"id": "5", "text": "", "lang": "ar"},
        ],
    )
    out = tmp_path / "scores.jsonl"
    result = subprocess.run(
        [WATCHKEEPER, "score", "--in", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"{source}:3: not valid JSON" in result.stderr
    assert f"{source}:5: text: Field required" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["1", "2", "3", "5"]
    for row in rows:
        assert set(row) == {"id", "scores", "labels"}
        assert set(row["scores"]) == set(rows[0]["scores"])
        assert all(0.0 <= value <= 1.0 for value in row["scores"].values())
        assert set(row["labels"]) <= set(row["scores"])
    assert "extremist_campaign" in rows[0]["labels"]
    assert rows[1]["labels"] == ["doxxing"]
    assert rows[2]["labels"] == [] and rows[3]["labels"] == []


def test_workers_give_the_same_lines_in_the_same_order(tmp_path: Path) -> None:
    rows: list[dict[str, str] | str] = [
        {"id": str(n), "text": text}
        for n, text in enumerate([CAMPAIGN_TEXT, DOX_TEXT, "a quiet afternoon"] * 900)
    ]
    rows.insert(1500, "not json")
    source = write_jsonl(tmp_path / "posts.jsonl", rows)
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"scores-{workers}.jsonl"
        result = _score(source, out, "--workers", workers)
        assert result.returncode == 1
        assert f"{source}:1501: not valid JSON" in result.stderr
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 2700


def test_the_tier_is_chosen_by_flag_and_a_wrong_tier_is_named(tmp_path: Path) -> None:
    texts = [
        "I will kill you tomorrow with a knife",
        "a quiet afternoon",
        "Keep talking and they'll find your body in the river",  # a veiled threat: unsure
    ]
    source = write_jsonl(
        tmp_path / "posts.jsonl", [{"id": str(n), "text": text} for n, text in enumerate(texts)]
    )
    scores = {}
    for tier in ("fast", "sentence", "cascade"):
        out = tmp_path / f"{tier}.jsonl"
        result = _score(source, out, "--tier", tier)
        assert result.returncode == 0, result.stderr
        scores[tier] = [json.loads(line)["scores"] for line in out.read_text().splitlines()]
    assert scores["sentence"][0]["threat"] != scores["fast"][0]["threat"]
    assert scores["sentence"][0]["threat"] > scores["sentence"][1]["threat"]
    assert scores["sentence"][0]["doxxing"] == scores["fast"][0]["doxxing"]
    # the veiled threat is in the uncertain band, so the cascade re-reads it; the quiet
    # afternoon is far below it and keeps the fast tier's score
    assert scores["cascade"][2] == scores["sentence"][2] != scores["fast"][2]
    assert scores["cascade"][1] == scores["fast"][1]
    result = _score(source, tmp_path / "x", "--tier", "slow")
    assert result.returncode == 2
    message = " ".join(result.stderr.replace("│", " ").split())
    assert "'slow' is not one of 'fast', 'sentence', 'cascade'" in message, result.stderr


def test_the_warm_up_text_builds_what_detectors_build_on_first_use() -> None:
    detectors = text_detectors(Settings())
    phrase_index.cache_clear()
    normalize._latin_tables.cache_clear()
    [line] = score_lines(
        detectors, label_thresholds(detectors), [ScoreInput(id="w", text=WARM_UP_TEXT)]
    )
    assert json.loads(line)["labels"] == ["threat", "threat_credibility"]
    assert phrase_index.cache_info().currsize == 1  # read for the threat's cues
    assert normalize._latin_tables.cache_info().currsize == 1  # the look-alike letters
