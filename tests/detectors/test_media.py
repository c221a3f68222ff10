"""The ``media`` detector through a real store and pipeline (SQLite and PostgreSQL).

Media reaches it as hashes, as bytes in the event (hashed on arrival, never stored),
or as a URL, fetched only from an allowlisted host: here a real ``http.server`` on
loopback that records every request, so "not fetched" means no connection was made.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from pdq_hashes import flip
from PIL import Image
from sqlalchemy import select

from watchkeeper.banks.fetch import MediaFetcher
from watchkeeper.banks.hashing import MediaHashes, hash_media_bytes
from watchkeeper.banks.repository import BankRepository, NewEntry
from watchkeeper.config import Settings
from watchkeeper.detectors.media import KNOWN_MEDIA, UNCHECKED, MediaDetector
from watchkeeper.model import EVENT_ADAPTER, Decision, MediaItem, PostEvent, ReportEvent, Signal
from watchkeeper.pipeline import Pipeline
from watchkeeper.policy import load_default_policy
from watchkeeper.runtime import Runtime
from watchkeeper.store.repository import Store
from watchkeeper.store.tables import events

BANKED = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
STRANGER = "0f" * 32


def picture(fmt: str) -> bytes:
    """A small picture with enough structure for a good PDQ quality, in ``fmt``."""
    pixels = np.random.default_rng(7).integers(0, 256, (8, 8, 3), dtype=np.uint8)
    image = Image.fromarray(pixels).resize((128, 128), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    image.save(out, format=fmt, **({"quality": 80} if fmt == "JPEG" else {}))
    return out.getvalue()


PNG = picture("PNG")
JPEG = picture("JPEG")
"""The same picture re-encoded: other bytes, a PDQ hash a few bits away."""


# -- a loopback media server ----------------------------------------------------------


@dataclass
class MediaServer:
    port: int
    requests: list[str] = field(default_factory=list)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


class Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.record.requests.append(self.path)
        body = {"/photo.jpg": JPEG, "/photo.png": PNG, "/notes.txt": b"plain text"}.get(self.path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    record: MediaServer


@pytest.fixture
def media_server() -> Iterator[MediaServer]:
    server = _Server(("127.0.0.1", 0), Handler)
    server.record = MediaServer(port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# -- helpers ------------------------------------------------------------------------------


def media_post(event_id: str, *media: MediaItem, text: str = "") -> PostEvent:
    return PostEvent(id=event_id, author_id="a1", text=text, media=list(media))


def decide(pipeline: Pipeline, *posts: PostEvent | ReportEvent) -> dict[str, Decision]:
    pipeline.submit(list(posts))
    pipeline.drain()
    decisions = pipeline.store.get_decisions([post.id for post in posts])
    assert set(decisions) == {post.id for post in posts}
    return decisions


def signal(decision: Decision, label: str) -> Signal | None:
    found = [s for s in decision.signals if s.label == label]
    assert len(found) <= 1
    return found[0] if found else None


def pipeline_for(
    store: Store, *, allowed: tuple[str, ...] = (), preserve_media: bool = False
) -> tuple[Pipeline, MediaDetector]:
    detector = MediaDetector(MediaFetcher(allowed), refresh_seconds=0.001)
    detector.bootstrap(store)
    pipeline = Pipeline(store, [detector], load_default_policy(), preserve_media=preserve_media)
    return pipeline, detector


@pytest.fixture
def repo(store: Store) -> BankRepository:
    repo = BankRepository(store)
    repo.create_bank("gifct")
    return repo


# -- tests ----------------------------------------------------------------------------------


def test_a_photo_near_a_banked_hash_is_known_media_with_its_evidence(
    store: Store, repo: BankRepository
) -> None:
    [entry_id] = repo.add_entries(
        "gifct", [NewEntry("pdq", BANKED, provenance="GIFCT hash list 2024-05")]
    ).added
    pipeline, _ = pipeline_for(store)
    near = flip(BANKED, 6)
    decisions = decide(
        pipeline,
        media_post("p1", MediaItem(pdq=near.upper(), pdq_quality=90)),
        media_post("p2", MediaItem(pdq=STRANGER, pdq_quality=90)),
    )
    found = signal(decisions["p1"], KNOWN_MEDIA)
    assert found is not None
    assert found.detector == "media"
    assert found.score == pytest.approx(1 - 6 / 64, abs=1e-4)
    [evidence] = found.evidence
    assert evidence.kind == "hash"
    assert evidence.text == f"pdq:{near}"
    assert evidence.source == (
        f"bank gifct entry {entry_id} at distance 6: GIFCT hash list 2024-05"
    )
    assert found.reason == "media matches 1 known item(s) within PDQ distance 6 in bank(s) gifct"
    assert "known-terrorist-media" in decisions["p1"].rule_ids
    assert decisions["p1"].verdict == "remove"
    assert [c.queue for c in store.list_cases()] == ["terrorism"]
    assert decisions["p2"].signals == []


def test_exact_hashes_and_video_frames_match(store: Store, repo: BankRepository) -> None:
    md5 = "d41d8cd98f00b204e9800998ecf8427e"
    ids = repo.add_entries("gifct", [NewEntry("video_md5", md5), NewEntry("pdq", BANKED)]).added
    detector = MediaDetector()
    detector.bootstrap(store)
    [by_md5, by_frame, none] = detector.detect(
        [
            media_post("v1", MediaItem(kind="video", md5=md5.upper())),
            media_post("v2", MediaItem(kind="video", vpdq=[STRANGER, BANKED])),
            media_post("v3", MediaItem(kind="video", vpdq=[STRANGER])),
        ]
    )
    [md5_signal] = by_md5
    assert md5_signal.evidence[0].source == f"bank gifct entry {ids[0]}"  # no distance: exact
    assert "exactly" in md5_signal.reason
    [frame_signal] = by_frame
    assert frame_signal.evidence[0].source == f"bank gifct entry {ids[1]} at distance 0"
    assert none == []


def test_a_video_whose_frames_mostly_match_a_banked_video_is_known_media(
    store: Store, repo: BankRepository
) -> None:
    frames = [flip(BANKED, bits) for bits in (0, 40, 80, 120, 160)]
    banked = json.dumps([f"{frame},100,{second}.0" for second, frame in enumerate(frames)])
    [entry_id] = repo.add_entries(
        "gifct", [NewEntry("vpdq", banked, provenance="execution video, GIFCT")]
    ).added
    pipeline, _ = pipeline_for(store)
    reupload = [flip(frame, 4) for frame in frames[1:]] + [STRANGER]  # 4 of 5, re-encoded
    decisions = decide(
        pipeline,
        media_post("v1", MediaItem(kind="video", vpdq=reupload)),
        media_post("v2", MediaItem(kind="video", vpdq=[frames[0], STRANGER, flip(STRANGER, 64)])),
    )
    found = signal(decisions["v1"], KNOWN_MEDIA)
    assert found is not None and found.score == pytest.approx(0.8)
    [evidence] = found.evidence
    assert evidence.text == "vpdq:5 frames"
    assert evidence.source == (
        f"bank gifct entry {entry_id}: 80% of the video's 5 distinct frames match,"
        " 80% of the banked video's: execution video, GIFCT"
    )
    assert decisions["v1"].verdict == "remove"
    assert signal(decisions["v2"], KNOWN_MEDIA) is None  # 1 of 3 frames
    seen = [row[0] for row in BankRepository(store).media_seen_of("v1")]
    assert "vpdq" not in seen and seen.count("pdq") == 5  # frames are kept one by one


def test_a_negative_entry_suppresses_the_item_it_matches(
    store: Store, repo: BankRepository
) -> None:
    repo.create_bank("false-positives")
    repo.add_entries("gifct", [NewEntry("pdq", BANKED), NewEntry("pdq", STRANGER)])
    repo.add_entries("false-positives", [NewEntry("pdq", flip(BANKED, 2), negative=True)])
    pipeline, _ = pipeline_for(store)
    decisions = decide(
        pipeline,
        media_post("only-fp", MediaItem(pdq=BANKED)),
        media_post("fp-and-real", MediaItem(pdq=BANKED), MediaItem(pdq=STRANGER)),
    )
    assert signal(decisions["only-fp"], KNOWN_MEDIA) is None
    assert decisions["only-fp"].verdict == "allow"
    found = signal(decisions["fp-and-real"], KNOWN_MEDIA)
    assert found is not None
    assert [e.text for e in found.evidence] == [f"pdq:{STRANGER}"]


def test_a_url_on_a_host_not_allowlisted_is_unchecked_and_never_requested(
    store: Store, repo: BankRepository, media_server: MediaServer
) -> None:
    repo.add_entries("gifct", [NewEntry("pdq", hash_pdq(PNG))])
    for allowed in ((), ("media.example.com",), (f"127.0.0.1:{media_server.port + 1}",)):
        pipeline, _ = pipeline_for(store, allowed=allowed)
        event_id = f"p-{len(allowed)}-{allowed[0] if allowed else 'none'}"
        decisions = decide(
            pipeline, media_post(event_id, MediaItem(url=media_server.url("/photo.png")))
        )
        found = signal(decisions[event_id], UNCHECKED)
        assert found is not None
        assert found.score == 1.0
        assert media_server.url("/photo.png") in found.evidence[0].text
        assert signal(decisions[event_id], KNOWN_MEDIA) is None
        assert "media-unchecked" in decisions[event_id].rule_ids
    assert media_server.requests == []


def hash_pdq(data: bytes) -> str:
    hashes = hash_media_bytes(data)
    assert hashes.pdq is not None and (hashes.pdq_quality or 0) >= 50
    return hashes.pdq


def test_a_url_on_an_allowlisted_loopback_host_is_fetched_hashed_and_matched(
    store: Store, repo: BankRepository, media_server: MediaServer
) -> None:
    [entry_id] = repo.add_entries("gifct", [NewEntry("pdq", hash_pdq(PNG))]).added
    pipeline, _ = pipeline_for(store, allowed=(media_server.host,))
    decisions = decide(
        pipeline,
        media_post("re-encoded", MediaItem(url=media_server.url("/photo.jpg"))),
        media_post("missing", MediaItem(url=media_server.url("/gone.png"))),
        media_post("not-a-photo", MediaItem(url=media_server.url("/notes.txt"))),
    )
    assert sorted(media_server.requests) == ["/gone.png", "/notes.txt", "/photo.jpg"]
    found = signal(decisions["re-encoded"], KNOWN_MEDIA)
    assert found is not None
    distance = pdq_distance(hash_pdq(PNG), hash_pdq(JPEG))
    assert 0 < distance <= 31  # other bytes, the same picture
    assert found.evidence[0].source == f"bank gifct entry {entry_id} at distance {distance}"
    missing = signal(decisions["missing"], UNCHECKED)
    assert missing is not None and "HTTP 404" in missing.reason
    assert decisions["not-a-photo"].signals == []  # fetched and hashed (MD5/SHA-256): no match
    # what was fetched is remembered by hash for the retro-hunt, with the fetched hashes
    seen = BankRepository(store).media_seen_of("re-encoded")
    jpeg = hash_media_bytes(JPEG)
    assert ("pdq", jpeg.pdq, jpeg.pdq_quality) in seen
    assert ("video_md5", jpeg.md5, None) in seen


def pdq_distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def uploaded(event_id: str, data: bytes) -> PostEvent:
    """A post as the platform sends it: JSON with the photo's bytes in base64."""
    payload = json.dumps(
        {
            "kind": "post",
            "id": event_id,
            "author_id": "a1",
            "text": "look",
            "media": [{"data": base64.b64encode(data).decode()}],
        }
    )
    event = EVENT_ADAPTER.validate_json(payload)
    assert isinstance(event, PostEvent)
    return event


def stored_payload(store: Store, event_id: str) -> str:
    with store.engine.connect() as connection:
        payload = connection.execute(
            select(events.c.payload).where(events.c.id == event_id)
        ).scalar_one()
    assert isinstance(payload, str)
    return payload


def test_uploaded_bytes_are_hashed_matched_and_not_stored(
    store: Store, repo: BankRepository
) -> None:
    expected: MediaHashes = hash_media_bytes(PNG)
    repo.add_entries("gifct", [NewEntry("pdq", hash_pdq(PNG))])
    post = uploaded("up1", PNG)
    [item] = post.media
    assert (item.md5, item.sha256, item.pdq, item.pdq_quality) == (
        expected.md5,
        expected.sha256,
        expected.pdq,
        expected.pdq_quality,
    )
    pipeline, _ = pipeline_for(store)
    decisions = decide(pipeline, post)
    assert signal(decisions["up1"], KNOWN_MEDIA) is not None
    payload = stored_payload(store, "up1")
    assert '"data"' not in payload
    assert base64.b64encode(PNG).decode()[:40] not in payload
    assert expected.sha256 in payload  # the hashes are kept
    reread = store.get_event("up1")
    assert isinstance(reread, PostEvent)
    assert reread.media[0].data is None and reread.media[0].pdq == expected.pdq
    assert BankRepository(store).preserved_media(expected.sha256) is None  # off by default


def test_preserve_media_keeps_the_uploaded_bytes_apart(store: Store) -> None:
    pipeline, _ = pipeline_for(store, preserve_media=True)
    digest = hash_media_bytes(JPEG).sha256
    decide(pipeline, uploaded("up1", JPEG), uploaded("up2", JPEG))
    repository = BankRepository(store)
    assert repository.preserved_media(digest) == JPEG
    assert '"data"' not in stored_payload(store, "up2")
    pipeline.submit([uploaded("up1", PNG)])  # a duplicate event: nothing new is kept
    assert repository.preserved_media(hash_media_bytes(PNG).sha256) is None


def test_preserve_media_comes_from_the_settings(database_url: str) -> None:
    runtime = Runtime.build(
        Settings(database_url=database_url, detectors=["media"], preserve_media=True)
    )
    try:
        assert runtime.pipeline.preserve_media is True
        runtime.pipeline.submit([uploaded("up1", PNG)])
        digest = hash_media_bytes(PNG).sha256
        assert BankRepository(runtime.store).preserved_media(digest) == PNG
    finally:
        runtime.close()


def test_reports_are_matched_but_only_posts_are_remembered(
    store: Store, repo: BankRepository
) -> None:
    repo.add_entries("gifct", [NewEntry("pdq", BANKED)])
    pipeline, _ = pipeline_for(store)
    report = ReportEvent(
        id="r1",
        reporter_id="u1",
        target_kind="post",
        target_id="elsewhere",
        reason="terrorism",
        media=[MediaItem(pdq=BANKED)],
    )
    decisions = decide(pipeline, report, media_post("p1", MediaItem(pdq=STRANGER, pdq_quality=77)))
    assert signal(decisions["r1"], KNOWN_MEDIA) is not None
    repository = BankRepository(store)
    assert repository.media_seen_of("r1") == []
    assert repository.media_seen_of("p1") == [("pdq", STRANGER, 77)]


def test_entries_banked_while_running_are_matched_soon(store: Store, repo: BankRepository) -> None:
    pipeline, _ = pipeline_for(store)
    assert (
        signal(decide(pipeline, media_post("before", MediaItem(pdq=BANKED)))["before"], KNOWN_MEDIA)
        is None
    )
    repo.add_entries("gifct", [NewEntry("pdq", BANKED)])
    after = decide(pipeline, media_post("after", MediaItem(pdq=BANKED)))["after"]
    assert signal(after, KNOWN_MEDIA) is not None


def test_a_detector_that_was_not_bootstrapped_finds_nothing_and_does_not_fail() -> None:
    detector = MediaDetector()
    results = detector.detect(
        [
            media_post("p1", MediaItem(pdq=BANKED)),
            media_post("p2", MediaItem(url="https://cdn.example.invalid/a.jpg")),
        ]
    )
    assert results[0] == []
    assert [s.label for s in results[1]] == [UNCHECKED]
    detector.learn([])


def test_the_index_folder_comes_from_the_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wk.db'}"
    detector = MediaDetector.from_settings(Settings(database_url=url, bank_rebuild_entries=7))
    assert detector.index_folder == tmp_path / "wk.db.banks"
    with Store.open(url) as store:
        store.migrate()
        detector.bootstrap(store)
    assert (tmp_path / "wk.db.banks" / "header.json").exists()
    assert detector.matcher is not None and detector.matcher.rebuild_entries == 7
    assert detector.matcher.background  # a file database and a folder: a child process
