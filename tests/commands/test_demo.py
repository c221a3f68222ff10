"""``watchkeeper demo`` starts the API on SQLite and shows real flags from the demo stream."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from watchkeeper.store.repository import Store

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))


def test_demo_feeds_the_stream_and_flags_the_2014_campaign(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database_url = f"sqlite:///{tmp_path}/demo.db"
    result = subprocess.run(
        [
            WATCHKEEPER,
            "demo",
            "--port",
            str(port),
            "--db",
            database_url,
            "--exit-after-feed",
            "--pace",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert f"http://127.0.0.1:{port}" in result.stderr
    assert "events flagged" in result.stdout + result.stderr
    store = Store.open(database_url)
    try:
        stats = store.stats()
        queues = {case.queue for case in store.list_cases(limit=500)}
        photo = store.get_decision("demo-bank-photo")
        video = store.get_decision("demo-bank-video")
        statement = store.get_decision("demo-bank-statement")
        unchecked = store.get_decision("demo-bank-url")
    finally:
        store.close()
    assert stats["events_pending"] == 0 and stats["decisions"] > 100
    assert stats["cases_open"] > 5
    assert {"terrorism", "doxxing"} <= queues
    assert photo is not None and "known_media" in {s.label for s in photo.signals}
    assert video is not None and "known_media" in {s.label for s in video.signals}
    assert any("banked video's" in (e.source or "") for s in video.signals for e in s.evidence)
    assert statement is not None and "known_text" in {s.label for s in statement.signals}
    assert unchecked is not None and "media_unchecked" in {s.label for s in unchecked.signals}
