"""scan's worker processes: one dying does not stall the scan; the scan dying takes them along."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from streams import many_posts

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def start_scan(tmp_path: Path, total: int) -> tuple[subprocess.Popen[str], Path]:
    events = many_posts(tmp_path / "many.jsonl", total)
    out = tmp_path / "decisions.jsonl"
    command = [WATCHKEEPER, "scan", str(events), "--db", f"sqlite:///{tmp_path}/wk.db"]
    command += ["--out", str(out), "--workers", "2", "--batch-size", "200"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not out.exists() or out.stat().st_size == 0:  # the workers are scoring by now
        assert process.poll() is None, "scan finished before a worker could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return process, out


def test_a_worker_killed_mid_scan_leaves_its_batches_to_the_main_process(tmp_path: Path) -> None:
    total = 30_000
    process, out = start_scan(tmp_path, total)
    workers = children(process.pid)
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    _, errors = process.communicate(timeout=300)  # before the fix: waited forever
    assert process.returncode == 0, errors
    assert "a detector worker process died" in errors
    assert f"{total} new events decided" in errors
    assert len(out.read_text().splitlines()) == total


def test_workers_do_not_outlive_a_scan_killed_mid_run(tmp_path: Path) -> None:
    process, _ = start_scan(tmp_path, 30_000)
    workers = children(process.pid)
    assert len(workers) == 2
    process.kill()
    process.communicate()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{worker}").exists() for worker in workers):
        assert time.monotonic() < deadline, "worker processes outlived the scan"
        time.sleep(0.05)
