"""``benchmarks/evasion.py`` at a small size: it runs end to end and prints every bar line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from evasion import main, measure_quality, profiles

from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.matcher import EvasionMatcher
from watchkeeper.evasion.profile import AccountProfile

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_a_small_run_prints_build_memory_latency_and_flag_rates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = "--accounts 30000 --queries 300 --runs 1 --baseline-accounts 2000"
    args += " --baseline-queries 20 --quality-queries 200 --lsh-accounts 0"
    assert main([*args.split(), "--data", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert "30,000 suspended accounts, medians of 1 runs" in out
    latency = re.search(r"lookup latency:\s+p50 ([\d.]+) ms, p99 ([\d.]+) ms", out)
    assert latency is not None and 0 < float(latency[1]) <= float(latency[2])
    assert re.search(r"p99\.9 [\d.]+ ms, slowest \d+ ms", out)
    flagged = re.search(r"(\d+\.\d)% of successors of held-out real handles flagged", out)
    assert flagged is not None and float(flagged[1]) > 30  # the model finds most of them
    mrr = re.search(r"MRR (0\.\d{3})   \(bar", out)
    assert mrr is not None and float(mrr[1]) > 0.5
    alone = re.search(r"real handles alone, shipped threshold 0\.\d+: ([\d.]+)% flagged", out)
    assert alone is not None and float(alone[1]) > 30


def test_quality_ranks_the_parent_and_counts_false_flags() -> None:
    names = ["AdamHasakah7", "gunsandcoffee", "someone_else", "AbuMuhammad_Sham"]
    index = SuspendedIndex()
    index.add_many(profiles(names, seed=0))
    checked: list[tuple[AccountProfile, str | None]] = [
        (AccountProfile(id="r0", username="AdamHasakah8"), "AdamHasakah7"),
        (AccountProfile(id="r1", username="GunsAndCoffee2"), "gunsandcoffee"),
        (AccountProfile(id="r2", username="weather_in_oslo"), None),
    ]
    quality = measure_quality(EvasionMatcher(index), checked, names)
    assert quality.mrr == 1.0
    assert quality.flagged == 100.0
    assert quality.false_flags == 0.0
