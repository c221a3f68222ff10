"""Account profiles: identifiers are hashed on parsing, never kept raw."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from watchkeeper.evasion.profile import (
    AccountProfile,
    canonical_email,
    hash_email,
    hash_ip,
    pdq_distance,
)


def test_gmail_dots_and_tags_are_one_mailbox() -> None:
    assert canonical_email(" J.Doe+new@GoogleMail.com ") == "jdoe@gmail.com"
    assert hash_email("j.doe+x@gmail.com") == hash_email("JDOE@gmail.com")


def test_other_providers_keep_dots_and_tags() -> None:
    assert canonical_email("J.Doe+x@Example.org") == "j.doe+x@example.org"
    assert hash_email("j.doe@example.org") != hash_email("jdoe@example.org")


def test_profile_keeps_only_hashes() -> None:
    profile = AccountProfile(id="1", username="x", email="someone@gmail.com", ip="::ffff:192.0.2.1")
    dumped = profile.model_dump_json()
    assert "someone" not in dumped and "192.0.2.1" not in dumped
    assert profile.email is not None and profile.email.startswith("sha256:")
    assert profile.ip == hash_ip("::FFFF:192.0.2.1")


def test_a_hash_is_kept_as_given() -> None:
    hashed = hash_email("someone@example.org")
    assert AccountProfile(id="1", username="x", email=hashed).email == hashed


def test_only_id_and_username_are_required() -> None:
    profile = AccountProfile(id="1", username="x")
    assert profile.posts == [] and profile.follows == []
    assert profile.fields_present == frozenset()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-address"), ("avatar_pdq", "abc"), ("username", "a\nb")],
)
def test_bad_values_are_refused(field: str, value: str) -> None:
    with pytest.raises(ValidationError):
        AccountProfile.model_validate({"id": "1", "username": "x", field: value})


def test_pdq_distance_counts_differing_bits() -> None:
    a = "f" * 64
    b = "e" + "f" * 63
    assert pdq_distance(a, a) == 0
    assert pdq_distance(a, b) == 1
