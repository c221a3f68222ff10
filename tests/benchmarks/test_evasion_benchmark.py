"""``benchmarks/evasion.py`` at a small size: it runs end to end and prints every bar line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from evasion import main

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
