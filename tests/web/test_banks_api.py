"""The bank routes on a real uvicorn server over loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image
from pydantic import SecretStr
from servers import running

from watchkeeper.config import Settings
from watchkeeper.runtime import Runtime
from watchkeeper.web.app import create_app

TOKEN = "bank-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STATEMENT = (
    "The soldiers of the caliphate carried out a blessed operation against the crusaders "
    "and we call on every lone wolf to follow their example"
)


def photo(seed: int) -> bytes:
    """A PNG with enough structure for a high-quality PDQ hash."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, size=(8, 8, 3), dtype=np.uint8)
    image = Image.fromarray(small).resize((256, 256), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def runtime(database_url: str) -> Iterator[Runtime]:
    settings = Settings(
        database_url=database_url,
        api_tokens=[SecretStr(TOKEN)],
        worker_poll_seconds=0.05,
        bank_refresh_seconds=0.05,
        retrohunt_interval_seconds=3600,
        detectors=["media", "textmatch"],
    )
    built = Runtime.build(settings)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def api(runtime: Runtime) -> Iterator[httpx.Client]:
    with (
        running(create_app(runtime)) as base,
        httpx.Client(base_url=base, headers=AUTH, trust_env=False) as client,
    ):
        yield client


def decision(client: httpx.Client, event_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = client.get(f"/v1/decisions/{event_id}")
        if response.status_code == 200:
            body: dict[str, Any] = response.json()
            return body
        time.sleep(0.02)
    raise AssertionError(f"no decision for {event_id}")


def labels(body: dict[str, Any]) -> set[str]:
    return {signal["label"] for signal in body["signals"]}


def post(client: httpx.Client, event_id: str, **fields: Any) -> dict[str, Any]:
    event = {"kind": "post", "id": event_id, "author_id": "a1", **fields}
    response = client.post("/v1/events", json={"events": [event]})
    assert response.status_code == 202, response.text
    assert response.json()["accepted"] == [event_id], response.text
    return decision(client, event_id)


def test_banks_are_created_listed_changed_and_refused_clearly(api: httpx.Client) -> None:
    created = api.post("/v1/banks", json={"name": "gifct", "label": "terrorism"})
    assert created.status_code == 201 and created.json()["pdq_max_distance"] == 31
    assert api.post("/v1/banks", json={"name": "gifct"}).status_code == 409
    bad = api.post("/v1/banks", json={"name": "Bad Name!"})
    assert bad.status_code == 422 and "bank name" in bad.text
    assert api.get("/v1/banks/nope").status_code == 404
    changed = api.patch("/v1/banks/gifct", json={"pdq_max_distance": 20, "enabled": False})
    assert changed.json()["pdq_max_distance"] == 20 and changed.json()["enabled"] is False
    assert api.patch("/v1/banks/gifct", json={"pdq_max_distance": 99}).status_code == 422
    assert [bank["name"] for bank in api.get("/v1/banks").json()] == ["gifct"]


def test_entries_are_added_with_errors_by_position_listed_and_removed(
    api: httpx.Client,
) -> None:
    api.post("/v1/banks", json={"name": "local"}).raise_for_status()
    response = api.post(
        "/v1/banks/local/entries",
        json={
            "entries": [
                {"media": {"data": b64(photo(1))}, "provenance": "upload"},
                {"signal_type": "pdq", "value": "xyz"},
                {"signal_type": "raw_text", "value": STATEMENT, "provenance": "statement"},
                {"value": "no type"},
            ]
        },
    )
    body = response.json()
    # the photo's MD5, SHA-256, PDQ and 15 region variants, and the text
    assert len(body["added"]) == 19
    assert any("invalid pdq value 'xyz'" in error for error in body["errors"])
    assert any(error.startswith("entries[3]") for error in body["errors"])
    listed = api.get("/v1/banks/local/entries").json()
    assert {entry["signal_type"] for entry in listed} == {
        "pdq",
        "video_md5",
        "video_sha256",
        "raw_text",
    }
    assert {entry["provenance"].split(" (region")[0] for entry in listed} == {
        "upload",
        "statement",
    }
    removed = api.post("/v1/banks/local/entries/remove", json={"ids": [listed[0]["id"]]})
    assert removed.json() == {"removed": 1}
    assert len(api.get("/v1/banks/local/entries").json()) == 18
    assert len(api.get("/v1/banks/local/entries?include_removed=true").json()) == 19
    assert api.get("/v1/banks/local").json()["entries"] == 18


def test_an_uploaded_banked_photo_is_removed_and_its_bytes_are_not_stored(
    api: httpx.Client, runtime: Runtime
) -> None:
    api.post("/v1/banks", json={"name": "gifct"}).raise_for_status()
    api.post(
        "/v1/banks/gifct/entries",
        json={"entries": [{"media": {"data": b64(photo(7))}, "provenance": "gifct:video"}]},
    ).raise_for_status()
    time.sleep(0.2)  # the worker's matcher follows the change log every 0.05 s
    body = post(api, "p-banked", text="look", media=[{"data": b64(photo(7))}])
    assert "known_media" in labels(body)
    assert "known-terrorist-media" in body["rule_ids"]
    assert {action["kind"] for action in body["actions"]} >= {"remove", "review"}
    evidence = next(s for s in body["signals"] if s["label"] == "known_media")["evidence"]
    assert any(
        "bank gifct" in item["source"] and "gifct:video" in item["source"] for item in evidence
    )
    stored = runtime.store.get_event("p-banked")
    assert stored is not None and "data" not in stored.model_dump_json()
    other = post(api, "p-other", text="look", media=[{"data": b64(photo(8))}])
    assert "known_media" not in labels(other)


def test_a_disabled_bank_does_not_match(api: httpx.Client) -> None:
    api.post("/v1/banks", json={"name": "gifct"}).raise_for_status()
    api.post(
        "/v1/banks/gifct/entries",
        json={"entries": [{"signal_type": "raw_text", "value": STATEMENT}]},
    ).raise_for_status()
    time.sleep(0.2)
    assert "known_text" in labels(post(api, "p-1", text="RT " + STATEMENT))
    api.patch("/v1/banks/gifct", json={"enabled": False}).raise_for_status()
    time.sleep(0.2)
    assert "known_text" not in labels(post(api, "p-2", text="RT " + STATEMENT))


def test_retrohunt_reports_an_earlier_post_once_its_statement_is_banked(
    api: httpx.Client,
) -> None:
    before = post(api, "p-early", text="Breaking: " + STATEMENT)
    assert "known_text" not in labels(before)
    api.post("/v1/banks", json={"name": "statements"}).raise_for_status()
    api.post(
        "/v1/banks/statements/entries",
        json={"entries": [{"signal_type": "raw_text", "value": STATEMENT}]},
    ).raise_for_status()
    time.sleep(0.2)
    hunted = api.post("/v1/banks/retrohunt").json()
    assert hunted["entries"] == 1 and len(hunted["reports"]) == 1
    report = decision(api, hunted["reports"][0])
    assert "known_text" in labels(report)
    assert "retro-hunt-match" in report["rule_ids"]
    assert api.post("/v1/banks/retrohunt").json()["reports"] == []


def test_a_cropped_captioned_copy_of_a_banked_photo_is_still_matched(api: httpx.Client) -> None:
    """The bank holds the original; the post uploads it cropped 5% a side, resized,
    captioned and re-encoded as JPEG q=50 — plain PDQ alone is ~90 bits away."""
    from PIL import ImageDraw
    from skimage import data as samples

    astronaut = samples.astronaut()  # type: ignore[no-untyped-call]
    original = Image.fromarray(np.asarray(astronaut)).convert("RGB")
    width, height = original.size
    edited = original.crop(
        (int(width * 0.05), int(height * 0.05), int(width * 0.95), int(height * 0.95))
    ).resize((300, 300))
    draw = ImageDraw.Draw(edited)
    draw.rectangle((0, 270, 300, 300), fill=(0, 0, 0))
    draw.text((10, 278), "Breaking: watch this", fill=(255, 255, 255))
    buffer = io.BytesIO()
    original.save(buffer, "PNG")
    banked = buffer.getvalue()
    buffer = io.BytesIO()
    edited.save(buffer, "JPEG", quality=50)
    uploaded = buffer.getvalue()

    api.post("/v1/banks", json={"name": "gifct"}).raise_for_status()
    api.post(
        "/v1/banks/gifct/entries", json={"entries": [{"media": {"data": b64(banked)}}]}
    ).raise_for_status()
    time.sleep(0.2)
    body = post(api, "p-edited", text="", media=[{"data": b64(uploaded)}])
    assert "known_media" in labels(body)
    evidence = next(s for s in body["signals"] if s["label"] == "known_media")["evidence"]
    assert any("region" in item["source"] for item in evidence)
