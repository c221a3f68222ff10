"""The HTTP API on a real uvicorn server over loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from servers import running

from watchkeeper.config import Settings
from watchkeeper.runtime import Runtime
from watchkeeper.web.app import create_app

TOKEN = "test-token-1"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CAMPAIGN = {
    "kind": "post",
    "id": "p-campaign",
    "author_id": "a1",
    "text": "Every employee should watch over himself #The_Concept_of_Lone_Wolf_Attacks",
}
CLEAN = {"kind": "post", "id": "p-clean", "author_id": "a2", "text": "Lovely weather in Leeds"}


def settings_for(database_url: str, **extra: Any) -> Settings:
    return Settings(database_url=database_url, api_tokens=[SecretStr(TOKEN)], **extra)


@pytest.fixture
def api(database_url: str) -> Iterator[httpx.Client]:
    runtime = Runtime.build(settings_for(database_url, worker_poll_seconds=0.05))
    try:
        with (
            running(create_app(runtime)) as base,
            httpx.Client(base_url=base, headers=AUTH) as client,
        ):
            yield client
    finally:
        runtime.close()


def wait_for_decision(client: httpx.Client, event_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = client.get(f"/v1/decisions/{event_id}")
        if response.status_code == 200:
            body: dict[str, Any] = response.json()
            return body
        assert response.status_code == 202, response.text
        time.sleep(0.02)
    raise AssertionError(f"no decision for {event_id} within 10 s")


def test_health_needs_no_token_but_the_api_does(api: httpx.Client) -> None:
    assert api.get("/healthz").json()["status"] == "ok"
    bare = httpx.Client(base_url=str(api.base_url))
    assert bare.get("/v1/cases").status_code == 401
    wrong = bare.get("/v1/cases", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert wrong.json()["detail"] == "unknown API token"
    bare.close()


def test_batch_with_bad_items_accepts_the_good_ones(api: httpx.Client) -> None:
    bad_type = {"kind": "post", "id": "p-bad", "author_id": 5, "text": "x"}
    no_kind = {"id": "p-nokind"}
    response = api.post("/v1/events", json={"events": [CAMPAIGN, bad_type, CLEAN, no_kind]})
    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == ["p-campaign", "p-clean"]
    assert body["duplicates"] == []
    assert body["errors"][0] == {
        "index": 1,
        "id": "p-bad",
        "message": "author_id: Input should be a valid string",
    }
    assert body["errors"][1]["index"] == 3
    assert body["errors"][1]["id"] == "p-nokind"
    assert "kind" in body["errors"][1]["message"]


def test_decision_explains_itself_and_a_case_is_opened(api: httpx.Client) -> None:
    api.post("/v1/events", json={"events": [CAMPAIGN, CLEAN]})
    flagged = wait_for_decision(api, "p-campaign")
    assert flagged["verdict"] == "review"
    assert flagged["rule_ids"]
    [signal] = [s for s in flagged["signals"] if s["label"] == "extremist_campaign"]
    assert signal["detector"] == "lists"
    assert "#The_Concept_of_Lone_Wolf_Attacks" in [e["text"] for e in signal["evidence"]]
    assert all(action["rule_id"] in flagged["rule_ids"] for action in flagged["actions"])
    assert wait_for_decision(api, "p-clean")["verdict"] == "allow"
    cases = api.get("/v1/cases").json()
    # the campaign's hashtag opens one case; its veiled threat may open one in another queue
    assert {case["subject_id"] for case in cases} == {"p-campaign"}
    assert len({case["queue"] for case in cases}) == len(cases)
    assert api.get(f"/v1/cases/{cases[0]['id']}").json()["queue"] == cases[0]["queue"]


def test_replaying_an_event_is_idempotent(api: httpx.Client) -> None:
    api.post("/v1/events", json={"events": [CAMPAIGN]})
    wait_for_decision(api, "p-campaign")
    opened = api.get("/v1/cases").json()
    again = api.post("/v1/events", json={"events": [CAMPAIGN]}).json()
    assert again["accepted"] == [] and again["duplicates"] == ["p-campaign"]
    time.sleep(0.2)
    assert opened and api.get("/v1/cases").json() == opened
    assert api.get("/v1/stats").json()["decisions"] == 1


def test_unknown_ids_and_bad_bodies_get_clear_errors(api: httpx.Client) -> None:
    missing = api.get("/v1/decisions/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
    assert api.get("/v1/cases/999999").status_code == 404
    broken = api.post(
        "/v1/events", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert api.post("/v1/events", json={"events": []}).status_code == 422
    assert api.post("/v1/events", json=[CAMPAIGN]).status_code == 422


def test_size_limits(database_url: str) -> None:
    runtime = Runtime.build(settings_for(database_url, max_request_bytes=2_000, max_batch_events=2))
    try:
        with (
            running(create_app(runtime, run_worker=False)) as base,
            httpx.Client(base_url=base, headers=AUTH) as client,
        ):
            big = {**CLEAN, "text": "x" * 5_000}
            too_big = client.post("/v1/events", json={"events": [big]})
            assert too_big.status_code == 413
            assert "2000 bytes" in too_big.json()["detail"]
            many = [{**CLEAN, "id": f"p{i}"} for i in range(3)]
            too_many = client.post("/v1/events", json={"events": many})
            assert too_many.status_code == 413
            assert "limit is 2" in too_many.json()["detail"]
    finally:
        runtime.close()


def test_accepted_event_is_pending_until_a_worker_decides_it(database_url: str) -> None:
    runtime = Runtime.build(settings_for(database_url))
    try:
        with (
            running(create_app(runtime, run_worker=False)) as base,
            httpx.Client(base_url=base, headers=AUTH) as client,
        ):
            client.post("/v1/events", json={"events": [CLEAN]})
            pending = client.get("/v1/decisions/p-clean")
            assert pending.status_code == 202
            assert pending.json() == {"event_id": "p-clean", "status": "pending"}
            runtime.pipeline.drain()
            assert client.get("/v1/decisions/p-clean").json()["verdict"] == "allow"
    finally:
        runtime.close()


def test_openapi_spec_describes_the_api(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    assert {"/v1/events", "/v1/decisions/{event_id}", "/v1/cases"} <= set(spec["paths"])
    assert api.get("/docs").status_code == 404  # no CDN-loaded pages
