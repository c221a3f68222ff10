"""HMAC signatures on webhook bodies, so a platform can trust what claims to be us.

Header ``Watchkeeper-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t." + body>``.
The timestamp inside the signed text stops an old delivery being replayed later;
``verify`` is what a receiving platform (or our tests) runs.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Watchkeeper-Signature"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(
    secret: str, header: str, body: bytes, *, tolerance_seconds: int = 300, now: float | None = None
) -> bool:
    """True if ``header`` signs ``body`` with ``secret`` and is not older than the tolerance."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields["t"])
        given = fields["v1"]
    except (KeyError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)
