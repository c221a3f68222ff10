"""ExchangeSource: threatexchange's delta records turned into bank updates, deletes included."""

from __future__ import annotations

from pathlib import Path

from threatexchange.exchanges.fetch_state import FetchedSignalMetadata, SignalOpinionCategory
from threatexchange.exchanges.impl.fb_threatexchange_api import (
    FBThreatExchangeIndicatorRecord,
    FBThreatExchangeOpinion,
)

from watchkeeper.banks.exchange_config import ExchangeConfig
from watchkeeper.banks.exchange_sources import ExchangeSource, ExchangeUpdate
from watchkeeper.banks.signals import SIGNAL_TYPES

TYPES = list(SIGNAL_TYPES.values())
PDQ = "a" * 64
MD5 = "b" * 32


def opinion(category: SignalOpinionCategory, *tags: str) -> FBThreatExchangeOpinion:
    return FBThreatExchangeOpinion(False, category, set(tags), 42, 7)


def test_file_records_are_normalized_before_threatexchange_sees_them(tmp_path: Path) -> None:
    source = ExchangeSource.build(
        ExchangeConfig(name="local", kind="file", path=tmp_path / "list.te")
    )
    records = {
        ("pdq", PDQ.upper()): FetchedSignalMetadata(),
        ("pdq", "nope"): FetchedSignalMetadata(),
        ("url", "https://example.com"): FetchedSignalMetadata(),
    }

    updates = source.convert(TYPES, records)

    assert updates == [ExchangeUpdate("pdq", PDQ, False, f"file:{tmp_path / 'list.te'}")]


def test_threatexchange_records_deletions_and_opinions() -> None:
    source = ExchangeSource.build(
        ExchangeConfig(
            name="gifct",
            kind="fb_threatexchange",
            app_token="1234567890|abcdefghijklmnopqrstuvwxyz",
            privacy_group=303,
        )
    )
    disputed = FBThreatExchangeIndicatorRecord(
        [
            opinion(SignalOpinionCategory.POSITIVE_CLASS, "terrorism"),
            opinion(SignalOpinionCategory.NEGATIVE_CLASS, "false_positive"),
        ]
    )
    records = {
        ("HASH_PDQ", PDQ): disputed,
        ("TEXT_STRING", "hello"): FBThreatExchangeIndicatorRecord(
            [opinion(SignalOpinionCategory.NEGATIVE_CLASS)]
        ),
        ("HASH_MD5", MD5): None,
        ("HASH_SHA256", "c" * 64): None,
    }

    updates = source.convert(TYPES, records)

    assert updates == [
        ExchangeUpdate("pdq", PDQ, False, "fb_threatexchange:303:false_positive,terrorism"),
        ExchangeUpdate("raw_text", "hello", False, "fb_threatexchange:303", negative=True),
        ExchangeUpdate("video_md5", MD5, True, "fb_threatexchange:303"),
        ExchangeUpdate("video_sha256", "c" * 64, True, "fb_threatexchange:303"),
    ]
