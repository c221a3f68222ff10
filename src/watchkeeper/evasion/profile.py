"""The account profile that ban-evasion matching compares, with identifiers kept as hashes.

A returning user often keeps something besides the name: the same mailbox written
``j.doe+new@gmail.com`` instead of ``jdoe@gmail.com``, the same IP or device, the
same avatar. We must compare those without holding them: an email or IP address is
canonicalized, then hashed with SHA-256 and a fixed salt the moment it is parsed, and
only the hash (``sha256:`` + hex) is kept in memory, in the index file and in the
output. A value that already has that form is taken as a hash and kept as it is, so
a platform can send hashes it computed itself with the same recipe:

    sha256( SALT + canonical ).hexdigest(), with SALT = ``IDENTIFIER_SALT`` below

Email canonical form: trimmed, lower case; for ``gmail.com``/``googlemail.com`` the
dots and any ``+tag`` of the local part are removed and the domain is ``gmail.com``
(other providers treat dots as significant, so only the ``+tag`` is left alone there
too). IP canonical form: Python's ``ipaddress`` text of the address (IPv6 compressed),
or the trimmed lower-case string when it is not an address (a device id).

The salt is public and fixed (it makes hashes from different instances comparable,
which federation wants); it stops precomputed tables for common addresses built for
unsalted SHA-256, not a determined attacker. Operators who need more should hash
upstream with a secret salt and send the hashes.

``avatar_pdq`` is a 256-bit PDQ perceptual hash as 64 hex digits; two avatars are the
same picture when the Hamming distance is small (PDQ's usual match bar is 31).
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "HASH_PREFIX",
    "IDENTIFIER_SALT",
    "PDQ_MATCH_DISTANCE",
    "AccountProfile",
    "canonical_email",
    "hash_email",
    "hash_ip",
    "normalize_pdq",
    "pdq_distance",
]

IDENTIFIER_SALT = b"watchkeeper/evasion/v1:"
"""Fixed, documented salt for email and IP hashes (see the module docstring)."""
HASH_PREFIX = "sha256:"
PDQ_MATCH_DISTANCE = 31
"""PDQ hashes at most this many bits apart are treated as the same picture."""

_HASHED = re.compile(r"sha256:[0-9a-f]{64}")
_PDQ = re.compile(r"[0-9a-fA-F]{64}")
_GMAIL = frozenset({"gmail.com", "googlemail.com"})
_MAX_FOLLOWS = 100_000
_MAX_POSTS = 1_000


def canonical_email(address: str) -> str:
    """Lower case; for Gmail, dots and ``+tags`` removed from the local part."""
    text = address.strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise ValueError("not an email address (expected local@domain)")
    if domain in _GMAIL:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def _salted(canonical: str) -> str:
    digest = hashlib.sha256(IDENTIFIER_SALT + canonical.encode("utf-8")).hexdigest()
    return HASH_PREFIX + digest


def hash_email(address: str) -> str:
    """The stored form of an email address: its canonical form, salted and hashed."""
    if _HASHED.fullmatch(address):
        return address
    return _salted(canonical_email(address))


def hash_ip(address: str) -> str:
    """The stored form of an IP address or device id, salted and hashed."""
    if _HASHED.fullmatch(address):
        return address
    text = address.strip().lower()
    if not text:
        raise ValueError("empty address")
    with contextlib.suppress(ValueError):  # else a device id or opaque identifier: as given
        text = str(ipaddress.ip_address(text))
    return _salted(text)


def normalize_pdq(value: str) -> str:
    """A PDQ hash as 64 lower-case hex digits, or a ValueError naming the expected form."""
    cleaned = value.strip()
    if not _PDQ.fullmatch(cleaned):
        raise ValueError("expected a PDQ hash: 64 hexadecimal digits")
    return cleaned.lower()


def pdq_distance(a: str, b: str) -> int:
    """Hamming distance between two 256-bit PDQ hashes given as hex."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


class AccountProfile(BaseModel):
    """A suspended account or a new one to check; only ``id`` and ``username`` are required.

    ``email`` and ``ip`` hold hashes after validation, whatever was given.
    Unknown fields are ignored so richer account exports can be read as they are.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Annotated[str, Field(min_length=1, max_length=256)]
    username: Annotated[str, Field(min_length=1, max_length=256)]
    display_name: Annotated[str, Field(max_length=1_000)] | None = None
    bio: Annotated[str, Field(max_length=10_000)] | None = None
    posts: list[Annotated[str, Field(max_length=100_000)]] = Field(
        default_factory=list, max_length=_MAX_POSTS
    )
    email: str | None = None
    ip: str | None = None
    avatar_pdq: str | None = None
    follows: list[Annotated[str, Field(max_length=256)]] = Field(
        default_factory=list, max_length=_MAX_FOLLOWS
    )

    @field_validator("username")
    @classmethod
    def _username_printable(cls, value: str) -> str:
        if not value.strip() or any(char in value for char in "\n\r\x00"):
            raise ValueError("must be non-blank, one line")
        return value

    @field_validator("email")
    @classmethod
    def _email_hashed(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else hash_email(value)

    @field_validator("ip")
    @classmethod
    def _ip_hashed(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else hash_ip(value)

    @field_validator("avatar_pdq")
    @classmethod
    def _pdq_hex(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else normalize_pdq(value)

    @property
    def fields_present(self) -> frozenset[str]:
        """Names of the optional fields this profile carries."""
        present = {
            name
            for name in ("display_name", "bio", "email", "ip", "avatar_pdq")
            if getattr(self, name)
        }
        if self.posts:
            present.add("posts")
        if self.follows:
            present.add("follows")
        return frozenset(present)
