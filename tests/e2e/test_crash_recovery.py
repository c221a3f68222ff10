"""Nothing accepted is lost: kill -9 mid-run, restart, every event has exactly one decision."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from stores import stats
from streams import many_posts, post

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))
TOKEN = "crash-token"


def test_scan_killed_mid_batch_resumes_without_duplicates(
    tmp_path: Path, database_url: str
) -> None:
    total = 40_000
    events = many_posts(tmp_path / "many.jsonl", total)
    command = [WATCHKEEPER, "scan", str(events), "--db", database_url, "--out", os.devnull]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while stats(database_url)["decisions"] < 2_000:
        assert process.poll() is None, "scan finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    interrupted = stats(database_url)
    assert 0 < interrupted["decisions"] < total

    subprocess.run(command, check=True, stderr=subprocess.DEVNULL, timeout=300)
    final = stats(database_url)
    assert final["decisions"] == total
    assert final["events_processed"] == total
    assert final["events_pending"] == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def start_server(database_url: str, port: int, *extra: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "WATCHKEEPER_API_TOKENS": f'["{TOKEN}"]',
        "WATCHKEEPER_WORKER_POLL_SECONDS": "0.05",
    }
    process = subprocess.Popen(
        [WATCHKEEPER, "serve", "--db", database_url, "--port", str(port), *extra],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process
        except httpx.TransportError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)


def test_server_killed_after_accepting_decides_every_event_once_after_restart(
    database_url: str,
) -> None:
    port = free_port()
    server = start_server(database_url, port, "--no-worker")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    accepted: list[str] = []
    try:
        for start in range(0, 600, 200):
            batch = [
                post(f"e{i}", f"post number {i} #AttackingTwitterEmployees")
                for i in range(start, start + 200)
            ]
            response = httpx.post(
                f"http://127.0.0.1:{port}/v1/events", json={"events": batch}, headers=headers
            )
            assert response.status_code == 202
            accepted += response.json()["accepted"]
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    assert len(accepted) == 600
    assert stats(database_url)["events_pending"] == 600

    server = start_server(database_url, port)
    try:
        deadline = time.monotonic() + 60
        while stats(database_url)["events_pending"]:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        for event_id in ("e0", "e599"):
            response = httpx.get(
                f"http://127.0.0.1:{port}/v1/decisions/{event_id}", headers=headers
            )
            assert response.json()["verdict"] == "review"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    final = stats(database_url)
    assert final["decisions"] == 600
    assert final["cases_open"] == 600
