"""A real ``serve`` rebuilds its bank index in a child process and keeps matching.

The rebuild is spawned from inside the server (its pipeline thread), the way it runs
in production; ``WATCHKEEPER_BANK_REBUILD_ENTRIES=3`` makes it happen after three new
entries instead of 50,000.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
from pdq_hashes import flip
from test_crash_recovery import WATCHKEEPER, free_port

TOKEN = "rebuild-token"
REFRESH_SECONDS = 0.2
"""How often the server's matcher follows the store's log (``WATCHKEEPER_BANK_REFRESH_SECONDS``)."""
BASE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"


def wait_for(check: object, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_serve_rebuilds_its_index_in_a_child_process_and_matches_throughout(
    tmp_path: Path,
) -> None:
    database = tmp_path / "wk.db"
    header = tmp_path / "wk.db.banks" / "header.json"
    port = free_port()
    env = {
        **os.environ,
        "WATCHKEEPER_API_TOKENS": f'["{TOKEN}"]',
        "WATCHKEEPER_WORKER_POLL_SECONDS": "0.05",
        "WATCHKEEPER_BANK_REFRESH_SECONDS": str(REFRESH_SECONDS),
        "WATCHKEEPER_BANK_REBUILD_ENTRIES": "3",
    }
    server = subprocess.Popen(
        [WATCHKEEPER, "serve", "--db", f"sqlite:///{database}", "--port", str(port)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    api = httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {TOKEN}"}
    )

    def up() -> bool:
        try:
            return api.get("/healthz").status_code == 200
        except httpx.TransportError:
            return False

    def decided(event_id: str) -> dict[str, object] | None:
        response = api.get(f"/v1/decisions/{event_id}")
        return response.json() if response.status_code == 200 else None

    def known_media(event_id: str, value: str) -> bool:
        api.post(
            "/v1/events",
            json={
                "events": [
                    {
                        "kind": "post",
                        "id": event_id,
                        "author_id": "a",
                        "text": "",
                        "media": [{"pdq": value, "pdq_quality": 90}],
                    }
                ]
            },
        ).raise_for_status()
        wait_for(lambda: decided(event_id) is not None, f"a decision on {event_id}")
        decision = decided(event_id)
        assert decision is not None
        return any(s["label"] == "known_media" for s in decision["signals"])  # type: ignore[attr-defined]

    def saved_log_seq() -> int:
        """The saved index's log position; -1 while the child swaps the folder in (the
        old one is renamed away just before the new one is renamed into place)."""
        try:
            return int(json.loads(header.read_text())["log_seq"])
        except (OSError, ValueError):
            return -1

    try:
        wait_for(up, "the server")
        assert saved_log_seq() == 0  # built at start, empty
        api.post("/v1/banks", json={"name": "b"}).raise_for_status()
        first = [flip(BASE, bits) for bits in (0, 40, 80, 120)]
        api.post(
            "/v1/banks/b/entries",
            json={"entries": [{"signal_type": "pdq", "value": v} for v in first]},
        ).raise_for_status()
        # the next decision after the refresh interval follows the log (4 entries >= 3)
        # and starts the rebuild; within the interval it may still use the old index
        time.sleep(3 * REFRESH_SECONDS)
        assert known_media("before", flip(first[1], 3))
        wait_for(lambda: saved_log_seq() >= 4, "the rebuilt index")
        later = flip(BASE, 160)
        api.post(
            "/v1/banks/b/entries", json={"entries": [{"signal_type": "pdq", "value": later}]}
        ).raise_for_status()
        time.sleep(3 * REFRESH_SECONDS)
        assert known_media("after", flip(later, 2))  # the swapped-in index plus the log
        assert known_media("old", first[3])
        assert not known_media("stranger", "0f" * 32)
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("wk.db.banks.")]
        assert leftovers == []  # the child's staging copy was renamed into place
    finally:
        api.close()
        server.send_signal(signal.SIGTERM)
        server.wait(30)
