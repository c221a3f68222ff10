"""Webhook signatures: a receiver can verify the body and reject tampering or replays."""

from __future__ import annotations

from watchkeeper.outbox.signing import sign, verify

BODY = b'{"event_id":"p1","actions":[]}'


def test_signature_verifies_with_the_right_secret() -> None:
    header = sign("s3cret", BODY, 1_700_000_000)
    assert header.startswith("t=1700000000,v1=")
    assert verify("s3cret", header, BODY, now=1_700_000_010)


def test_wrong_secret_changed_body_or_old_timestamp_fail() -> None:
    header = sign("s3cret", BODY, 1_700_000_000)
    assert not verify("other", header, BODY, now=1_700_000_000)
    assert not verify("s3cret", header, BODY + b" ", now=1_700_000_000)
    assert not verify("s3cret", header, BODY, now=1_700_000_000 + 301)


def test_malformed_header_is_rejected() -> None:
    assert not verify("s3cret", "garbage", BODY, now=0)
    assert not verify("s3cret", "t=abc,v1=00", BODY, now=0)
