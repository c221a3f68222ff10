"""fetch_updates against fake TAT and ThreatExchange servers on loopback, and a real file."""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from fake_exchanges import FakeTATServer, FakeThreatExchangeServer
from pydantic import SecretStr

from watchkeeper.banks.exchange_config import ExchangeConfig
from watchkeeper.banks.exchanges import (
    ExchangeError,
    ExchangeUpdate,
    StaleCheckpointError,
    fetch_updates,
)

PDQ_A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
PDQ_B = "b" * 64
PDQ_C = "c" * 64
MD5_A = "d" * 32
MD5_B = "e" * 32


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """requests honours proxy variables; loopback fakes must be reached directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def tat() -> Iterator[FakeTATServer]:
    with FakeTATServer() as server:
        yield server


@pytest.fixture
def te() -> Iterator[FakeThreatExchangeServer]:
    with FakeThreatExchangeServer() as server:
        yield server


def tat_config(server: FakeTATServer, **changes: object) -> ExchangeConfig:
    fields: dict[str, object] = {
        "name": "tat",
        "kind": "tat",
        "username": server.username,
        "password": server.password,
        "base_url": server.base_url,
    }
    return ExchangeConfig.model_validate(fields | changes)


def te_config(server: FakeThreatExchangeServer, **changes: object) -> ExchangeConfig:
    fields: dict[str, object] = {
        "name": "gifct",
        "kind": "fb_threatexchange",
        "app_token": server.token,
        "privacy_group": server.privacy_group,
        "endpoint": server.endpoint,
    }
    return ExchangeConfig.model_validate(fields | changes)


def fetch_all(config: ExchangeConfig, checkpoint: str | None) -> tuple[list[ExchangeUpdate], str]:
    """Every update of one fetch, and the checkpoint it ended on."""
    batches = list(fetch_updates(config, checkpoint))
    assert batches, "a completed fetch yields at least once"
    return [u for batch, _ in batches for u in batch], batches[-1][1]


def ordered(updates: Iterable[ExchangeUpdate]) -> list[ExchangeUpdate]:
    return sorted(updates, key=lambda u: (u.signal_type, u.value, u.deleted))


def live(value: str, signal_type: str, provenance: str, negative: bool = False) -> ExchangeUpdate:
    return ExchangeUpdate(signal_type, value, False, provenance, negative)


def gone(value: str, signal_type: str, provenance: str) -> ExchangeUpdate:
    return ExchangeUpdate(signal_type, value, True, provenance)


def test_tat_full_fetch_pages_and_normalizes(tat: FakeTATServer) -> None:
    tat.add(PDQ_A.upper())
    tat.add(PDQ_B, ideology="far-right")
    tat.add(MD5_A, algorithm="MD5", file_type="mp4")
    tat.add(MD5_B, algorithm="MD5", file_type="jpg")  # an image MD5 is no video_md5

    batches = list(fetch_updates(tat_config(tat), None))

    assert len(batches) == 2  # two pages of two
    assert [u for batch, _ in batches for u in batch] == [
        live(PDQ_A, "pdq", "tat:islamist"),
        live(PDQ_B, "pdq", "tat:far-right"),
        live(MD5_A, "video_md5", "tat:islamist"),
    ]
    first, last = (json.loads(cp) for _, cp in (batches[0], batches[-1]))
    assert first["kind"] == "tat"
    assert first["checkpoint"]["checkpoint"] != last["checkpoint"]["checkpoint"]


def test_tat_resume_returns_only_new_items_and_deletions(tat: FakeTATServer) -> None:
    tat.add(PDQ_A)
    tat.add(PDQ_B, ideology="far-right")
    config = tat_config(tat)
    _, checkpoint = fetch_all(config, None)
    tat.add(PDQ_C)
    tat.delete(PDQ_B)

    updates, checkpoint = fetch_all(config, checkpoint)

    assert updates == [live(PDQ_C, "pdq", "tat:islamist"), gone(PDQ_B, "pdq", "tat:far-right")]
    assert fetch_all(config, checkpoint) == ([], checkpoint)


def test_tat_ideology_filter_is_applied_locally(tat: FakeTATServer) -> None:
    tat.add(PDQ_A)
    tat.add(PDQ_B, ideology="far-right")

    updates, checkpoint = fetch_all(tat_config(tat, ideology="far-right"), None)

    assert updates == [live(PDQ_B, "pdq", "tat:far-right")]
    with pytest.raises(ExchangeError, match="another ideology"):
        fetch_all(tat_config(tat), checkpoint)


def test_tat_bad_credentials_name_the_exchange_not_the_password(tat: FakeTATServer) -> None:
    config = tat_config(tat, password="wrong-horse-battery")

    with pytest.raises(ExchangeError) as caught:
        fetch_all(config, None)

    message = str(caught.value)
    assert message.startswith("exchange 'tat': HTTP 400")
    assert "credentials" in message
    assert "wrong-horse-battery" not in "".join(traceback.format_exception(caught.value))


def test_threatexchange_full_fetch_maps_types_tags_and_opinions(
    te: FakeThreatExchangeServer,
) -> None:
    te.upsert("HASH_PDQ", PDQ_A.upper(), tags=["terrorism", "gifct"])
    te.upsert("HASH_MD5", MD5_A, tags=["media_type_video"])
    te.upsert("HASH_MD5", MD5_B)  # no media_type_video tag: not a video MD5
    te.upsert("TEXT_STRING", "join the fight", status="NON_MALICIOUS")
    te.upsert("URI", "https://example.com/")  # a type banks do not hold

    batches = list(fetch_updates(te_config(te), None))

    assert len(batches) == 3  # page size 2, five records
    assert ordered(u for batch, _ in batches for u in batch) == ordered(
        [
            live(PDQ_A, "pdq", "fb_threatexchange:303:gifct,terrorism"),
            live(MD5_A, "video_md5", "fb_threatexchange:303:media_type_video"),
            live("join the fight", "raw_text", "fb_threatexchange:303", negative=True),
        ]
    )
    assert json.loads(batches[-1][1])["checkpoint"]["update_time"] == max(
        i.last_updated for i in te.indicators.values()
    )


def test_threatexchange_resume_and_deletion(te: FakeThreatExchangeServer) -> None:
    te.upsert("HASH_PDQ", PDQ_A)
    te.upsert("HASH_VIDEO_MD5", MD5_A)
    config = te_config(te)
    _, checkpoint = fetch_all(config, None)
    te.delete("HASH_PDQ", PDQ_A)
    te.upsert("HASH_PDQ", PDQ_B)

    updates, checkpoint = fetch_all(config, checkpoint)

    # start_time is inclusive, so the record stamped with the checkpoint's second comes
    # again (an idempotent upsert); everything older does not.
    assert updates == [
        live(MD5_A, "video_md5", "fb_threatexchange:303"),
        gone(PDQ_A, "pdq", "fb_threatexchange:303"),
        live(PDQ_B, "pdq", "fb_threatexchange:303"),
    ]
    again, _ = fetch_all(config, checkpoint)
    assert again == [live(PDQ_B, "pdq", "fb_threatexchange:303")]
    starts = [r.query.get("start_time") for r in te.requests]
    assert starts[0] is None
    assert starts[-1] == str(json.loads(checkpoint)["checkpoint"]["update_time"])


def test_threatexchange_tombstone_of_a_tagged_type_deletes_every_mapping(
    te: FakeThreatExchangeServer,
) -> None:
    te.upsert("HASH_MD5", MD5_A, tags=["media_type_video"])
    te.delete("HASH_MD5", MD5_A)

    updates, _ = fetch_all(te_config(te), None)

    assert updates == [gone(MD5_A, "video_md5", "fb_threatexchange:303")]


def test_empty_privacy_group_still_yields_a_checkpoint(te: FakeThreatExchangeServer) -> None:
    config = te_config(te)

    batches = list(fetch_updates(config, None))

    assert len(batches) == 1
    assert batches[0][0] == []
    state = json.loads(batches[0][1])["checkpoint"]
    assert state["update_time"] == 0
    assert fetch_all(config, batches[0][1])[0] == []


def test_threatexchange_bad_token_never_leaks_it(te: FakeThreatExchangeServer) -> None:
    secret = "wrongsecretwrongsecret42"
    config = te_config(te, app_token=f"{te.app_id}|{secret}")

    with pytest.raises(ExchangeError) as caught:
        fetch_all(config, None)

    message = str(caught.value)
    assert message.startswith("exchange 'gifct': HTTP 400")
    assert "Invalid OAuth access token" in message
    assert "credentials" in message
    assert secret not in "".join(traceback.format_exception(caught.value))
    assert secret in te.requests[0].query["access_token"]  # it was sent, only not echoed


def test_threatexchange_unknown_privacy_group(te: FakeThreatExchangeServer) -> None:
    with pytest.raises(ExchangeError, match="does not exist"):
        fetch_all(te_config(te, privacy_group=404), None)


def test_unreachable_exchange() -> None:
    with FakeThreatExchangeServer() as server:
        config = te_config(server)
    with pytest.raises(ExchangeError, match=r"^exchange 'gifct': cannot connect to 127\.0\.0\.1"):
        fetch_all(config, None)


def test_stale_threatexchange_checkpoint(te: FakeThreatExchangeServer) -> None:
    config = te_config(te)
    _, checkpoint = fetch_all(config, None)
    document = json.loads(checkpoint)
    document["checkpoint"]["last_fetch_time"] -= 86 * 24 * 3600

    with pytest.raises(StaleCheckpointError, match="fetch again from scratch"):
        fetch_updates(config, json.dumps(document))


def test_checkpoint_must_match_the_exchange(te: FakeThreatExchangeServer, tmp_path: Path) -> None:
    config = te_config(te)
    _, checkpoint = fetch_all(config, None)
    signal_file = tmp_path / "list.te"
    signal_file.write_text(f"pdq {PDQ_A}\n")
    file_config = ExchangeConfig(name="local", kind="file", path=signal_file)

    with pytest.raises(ExchangeError, match="another privacy_group"):
        fetch_updates(te_config(te, privacy_group=304), checkpoint)
    with pytest.raises(ExchangeError, match="for a fb_threatexchange exchange, not file"):
        fetch_updates(file_config, checkpoint)
    with pytest.raises(ExchangeError, match="not valid"):
        fetch_updates(config, "{not json")


def test_file_exchange(tmp_path: Path) -> None:
    signal_file = tmp_path / "gifct-sample.txt"
    # a video as threatexchange writes it: JSON with spaces, a hash in upper case
    video = json.dumps([f"{PDQ_A.upper()},90,0.0", f"{PDQ_A[::-1]},80,1.0"])
    signal_file.write_text(
        f"pdq {PDQ_A.upper()}\nvideo_md5 {MD5_A}\nraw_text join the fight\n"
        f'vpdq {video}\nvpdq ["abc,90,0"]\n'
        "pdqq 1234\npdq not-a-hash\n\n"
    )
    config = ExchangeConfig(name="local", kind="file", path=signal_file)

    batches = list(fetch_updates(config, None))

    provenance = f"file:{signal_file}"
    assert len(batches) == 1
    assert ordered(batches[0][0]) == ordered(
        [
            live(PDQ_A, "pdq", provenance),
            live(MD5_A, "video_md5", provenance),
            live("join the fight", "raw_text", provenance),
            live(f'["{PDQ_A},90,0.0", "{PDQ_A[::-1]},80,1.0"]', "vpdq", provenance),
        ]
    )
    assert config.full_snapshot
    # The file API always reads the whole file; its checkpoint carries no position.
    assert fetch_all(config, batches[0][1])[0] == batches[0][0]


def test_file_exchange_only_requested_types_and_missing_file(tmp_path: Path) -> None:
    signal_file = tmp_path / "list.te"
    signal_file.write_text(f"pdq {PDQ_A}\nvideo_md5 {MD5_A}\n")
    config = ExchangeConfig(name="local", kind="file", path=signal_file)

    only_pdq = [u for batch, _ in fetch_updates(config, None, ["pdq"]) for u in batch]

    assert only_pdq == [live(PDQ_A, "pdq", f"file:{signal_file}")]
    with pytest.raises(ValueError, match="unknown signal type 'pdqq'"):
        fetch_updates(config, None, ["pdqq"])
    signal_file.unlink()
    with pytest.raises(ExchangeError, match="no such file"):
        fetch_all(config, None)


def test_secrets_stay_out_of_the_config_repr(te: FakeThreatExchangeServer) -> None:
    config = te_config(te)
    assert te.app_secret not in repr(config)
    assert isinstance(config.app_token, SecretStr)
